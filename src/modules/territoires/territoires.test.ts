import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { UsageError } from '../../cli/command.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { communesCommand } from './territoires.cli.ts';
import { lireCommune } from './territoires.repository.ts';
import { createTerritoiresService, syncTerritoires } from './territoires.service.ts';
import type { Commune } from './territoires.ts';

// Real COG data, loaded once for the whole file (read-only, so sharing it between tests is safe).
const t = createTerritoiresService();
const codes = (l: readonly Commune[]) => l.map((c) => c.code);
const premier = (texte: string) => t.rechercherCommunes(texte, 10)[0]?.code;

describe('territoires : données', () => {
  it('communes actuelles + 45 arrondissements, rattachés à des départements, régions et EPCI connus', () => {
    const toutes = t.communes();
    assert.ok(toutes.length > 34_000 && toutes.length < 36_000, `${toutes.length} communes`);
    const arrondissements = toutes.filter((c) => c.type === 'ARM');
    assert.equal(arrondissements.length, 45);
    assert.ok(arrondissements.every((a) => ['75056', '69123', '13055'].includes(a.communeParente ?? '')));
    assert.ok(toutes.every((c) => t.departement(c.departement)?.region === c.region), 'département/région cohérents');
    assert.ok(toutes.every((c) => c.epci === null || t.epci(c.epci) !== undefined), 'EPCI connus');
    assert.ok(t.regions().every((r) => t.departements().some((d) => d.region === r.code)));
    const sansCentre = toutes.filter((c) => c.latitude === null);
    // Only overseas collectivities the source does not cover (Polynésie, Nouvelle-Calédonie, TAAF…).
    assert.ok(sansCentre.every((c) => /^9[78]/.test(c.code)), codes(sansCentre).filter((c) => !/^9[78]/.test(c)).join());
    assert.ok(toutes.filter((c) => c.population === null).length < 10);
  });

  it('commune() par code INSEE, avec centroïde, population 2021, codes postaux et EPCI', () => {
    const se = t.commune('42218');
    assert.equal(se?.nom, 'Saint-Étienne');
    assert.equal(se.type, 'COM');
    assert.equal(se.departement, '42');
    assert.equal(se.region, '84');
    assert.deepEqual(se.codesPostaux, ['42000', '42100', '42230']);
    assert.equal(t.epci(se.epci!)?.type, 'METRO');
    assert.equal(se.population, 172_718);
    assert.ok(Math.abs(se.latitude! - 45.42) < 0.05 && Math.abs(se.longitude! - 4.37) < 0.05);
    assert.ok(Object.isFrozen(se) && Object.isFrozen(se.codesPostaux));
    assert.equal(t.commune('2a004')?.nom, 'Ajaccio');
    assert.equal(t.commune('99999'), undefined);
    assert.equal(t.commune(''), undefined);
  });

  it('arrondissements : parent, EPCI du parent ; Paris/Lyon/Marseille ont un centre composé de leurs arrondissements', () => {
    const p10 = t.commune('75110')!;
    assert.equal(p10.type, 'ARM');
    assert.equal(p10.communeParente, '75056');
    assert.equal(p10.epci, t.commune('75056')!.epci);
    const paris = t.centroide('75056')!;
    assert.ok(Math.abs(paris.latitude - 48.857) < 0.02 && Math.abs(paris.longitude - 2.342) < 0.03, JSON.stringify(paris));
    const marseille = t.commune('13055')!;
    const somme = t.communes().filter((c) => c.communeParente === '13055').reduce((s, c) => s + (c.population ?? 0), 0);
    assert.equal(marseille.population, somme);
    assert.equal(t.centroide('98735'), undefined, 'Papeete : pas de centroïde dans la source');
  });

  it('communesParCodePostal : toutes les communes du code, la plus peuplée d’abord', () => {
    const l = t.communesParCodePostal('16100');
    assert.ok(codes(l).includes('16102') && codes(l).includes('16089'));
    assert.equal(l[0]?.nom, 'Cognac');
    assert.ok(l.every((c, i) => i === 0 || (l[i - 1]!.population ?? 0) >= (c.population ?? 0)));
    assert.deepEqual(codes(t.communesParCodePostal('75010')).sort(), ['75056', '75110']);
    assert.deepEqual(t.communesParCodePostal('00000'), []);
  });

  it('départements, régions, EPCI et leurs communes', () => {
    assert.equal(t.departement('2A')?.nom, 'Corse-du-Sud');
    assert.equal(t.departement('976')?.region, '06');
    assert.equal(t.region('84')?.nom, 'Auvergne-Rhône-Alpes');
    assert.equal(t.epci('200046977')?.nom, 'Métropole de Lyon');
    const charente = t.communesDuDepartement('16');
    assert.ok(charente.length > 300 && charente.every((c) => c.departement === '16'));
    assert.ok(charente.every((c, i) => i === 0 || charente[i - 1]!.nom.localeCompare(c.nom, 'fr') <= 0), 'triées par nom');
    const lyon = t.communesDeLEpci('200046977');
    assert.ok(codes(lyon).includes('69383') && codes(lyon).includes('69202'));
    assert.deepEqual(t.communesDuDepartement('00'), []);
  });
});

describe('territoires : recherche approchée', () => {
  it('casse, accents, tirets, « St » pour « Saint »', () => {
    assert.equal(premier('st etienne'), '42218');
    assert.equal(premier('ST-ETIENNE'), '42218');
    assert.equal(premier('saint etienne du rouvray'), '76575');
    assert.equal(premier('St-Étienne-du-Rouvray'), '76575');
    assert.equal(premier('ste foy les lyon'), '69202');
    assert.equal(premier('chateaubernard'), '16089');
    assert.equal(premier('CHÂTEAUBERNARD'), '16089');
  });

  it('article omis : « abergement clemenciat » → L’Abergement-Clémenciat', () => {
    assert.equal(premier('abergement clemenciat'), '01001');
    assert.equal(premier('rochelle'), '17300');
  });

  it('arrondissements sous toutes leurs formes ; « Paris » seul = la commune', () => {
    for (const s of ['Paris 10', 'Paris 10e', 'Paris 10e arrondissement', 'PARIS 10EME', 'paris 10ème arr.', 'Paris 010']) {
      assert.equal(premier(s), '75110', s);
    }
    assert.equal(premier('MARSEILLE 11'), '13211');
    assert.equal(premier('Marseille 1er'), '13201');
    assert.equal(premier('lyon 3e'), '69383');
    assert.equal(premier('Lyon 3'), '69383');
    assert.equal(premier('Paris'), '75056');
    assert.equal(premier('Marseille'), '13055');
  });

  it('début de nom : classé par exactitude puis population', () => {
    const l = t.rechercherCommunes('chateaub', 10);
    assert.ok(codes(l).includes('16089'), 'Châteaubernard');
    assert.equal(l[0]?.nom, 'Châteaubriant');
    assert.ok(l.every((c, i) => i === 0 || (l[i - 1]!.population ?? 0) >= (c.population ?? 0)));
    // An exact name beats a more populous prefix match.
    const rouvray = t.rechercherCommunes('rouvray', 10);
    assert.equal(rouvray[0]?.nom, 'Rouvray');
    assert.ok(rouvray.findIndex((c) => c.code === '76575') === -1 || rouvray.findIndex((c) => c.code === '76575') > 0);
    // "st" is both "saint" and the start of Strasbourg.
    assert.ok(codes(t.rechercherCommunes('st', 10)).includes('67482'));
  });

  it('mots dans le désordre ou partiels, et anciens noms', () => {
    assert.equal(premier('etienne rouvray'), '76575');
    assert.equal(premier('cherbourg octeville'), '50129', 'commune déléguée → Cherbourg-en-Cotentin');
  });

  it('5 chiffres : code INSEE d’abord, puis code postal (arrondissement avant sa ville)', () => {
    assert.deepEqual(codes(t.rechercherCommunes('42218')), ['42218']);
    assert.deepEqual(codes(t.rechercherCommunes('75010')), ['75110', '75056']);
    const l = t.rechercherCommunes('16100');
    assert.equal(l[0]?.nom, 'Chirac', 'code INSEE 16100');
    assert.ok(codes(l).includes('16089'));
  });

  it('une faute de frappe (lettre oubliée, doublée, changée ou deux lettres inversées) retrouve la commune', () => {
    assert.equal(premier('Marseile'), '13055');
    assert.equal(premier('Villeurbane'), '69266');
    assert.equal(premier('Clermont Ferand'), '63113');
    assert.equal(premier('Grenolbe'), '38185', 'inversion');
    assert.equal(premier('Touluose'), '31555', 'inversion');
    assert.equal(premier('Marseile 1er'), '13201', 'arrondissement');
    assert.equal(premier('La Rochele'), '17300');
    assert.equal(premier('Rochele'), '17300', 'article omis');
  });

  it('faute de frappe : jamais dans un morceau d’adresse, où un mot de la rue ferait un village (Jaurès → Jaure)', async () => {
    assert.deepEqual(codes(t.rechercherCommunes('Marseile', 1, { fautes: false })), []);
    const { geocoder } = await import('../recherche/geocodage.ts');
    for (const adresse of ['12 avenue Jean Jaurès', 'Lyon, 12 avenue Jean Jaurès', 'Maison France Services', 'rue des Écoles']) {
      assert.equal(await geocoder(adresse, t, undefined), undefined, adresse);
    }
    assert.equal((await geocoder('Marseile', t, undefined))?.codeInsee, '13055', 'le texte entier reste corrigé');
    assert.equal((await geocoder('Jean Jaurès, Lyon', t, undefined))?.codeInsee, '69123', 'la commune en fin d’adresse');
  });

  it('faute de frappe : homonymes et voisins classés comme la recherche exacte (population), jamais au hasard', () => {
    assert.deepEqual(codes(t.rechercherCommunes('Valance', 3)), ['26362', '82186', '16392'], 'les trois Valence');
    const l = t.rechercherCommunes('Xannes', 10);
    assert.deepEqual(codes(l.slice(0, 2)), ['06029', '56260'], 'Cannes puis Vannes');
    assert.ok(l.length > 2 && l.every((c, i) => i === 0 || (l[i - 1]!.population ?? 0) >= (c.population ?? 0)));
  });

  it('faute de frappe : un nom exact l’emporte toujours ; un nom court n’est pas corrigé', () => {
    // Bourdeaux (Drôme, 700 habitants) is one letter from Bordeaux: typed, it means the village.
    assert.deepEqual(codes(t.rechercherCommunes('Bourdeaux', 10)), ['26056']);
    // Nice is one letter away, but so are dozens of 4-letter names: guessing would mostly be wrong.
    assert.deepEqual(t.rechercherCommunes('Nyce', 10), []);
    assert.deepEqual(t.rechercherCommunes('Foch', 10), []);
  });

  it('limite, texte vide ou inconnu', () => {
    assert.equal(t.rechercherCommunes('saint', 3).length, 3);
    assert.deepEqual(t.rechercherCommunes('', 10), []);
    assert.deepEqual(t.rechercherCommunes(' - ', 10), []);
    assert.deepEqual(t.rechercherCommunes('zzzqqq', 10), []);
    assert.deepEqual(t.rechercherCommunes('paris', 0), []);
  });
});

describe('territoires : resoudreCommune (import)', () => {
  const r = (indices: Parameters<typeof t.resoudreCommune>[0]) => t.resoudreCommune(indices)?.code;

  it('le code INSEE prime ; zéro initial perdu ; ancien code suivi jusqu’à la commune actuelle', () => {
    assert.equal(r({ codeInsee: '42218', codePostal: '16100', nom: 'Cognac' }), '42218');
    assert.equal(r({ codeInsee: '1001' }), '01001');
    assert.equal(r({ codeInsee: '14011' }), '14581', 'Aurseulles (commune nouvelle)');
    // A postcode written in the INSEE column: 75010 was also Bondy's code before 1968, the postcode wins.
    assert.equal(r({ codeInsee: '75010' }), '75110');
    assert.equal(r({ codeInsee: '42000' }), '42218');
  });

  it('code postal partagé : le nom décide, sous les formes des vrais fichiers', () => {
    assert.equal(r({ codePostal: '75010', nom: 'PARIS 10' }), '75110');
    assert.equal(r({ codePostal: '13011', nom: 'MARSEILLE 11' }), '13211');
    assert.equal(r({ codePostal: '16100', nom: 'CHÂTEAUBERNARD' }), '16089');
    assert.equal(r({ codePostal: '16100', nom: 'COGNAC' }), '16102');
    assert.equal(r({ codePostal: '42100', nom: 'St-Etienne' }), '42218');
    assert.equal(r({ codePostal: '01190', nom: 'St Etienne sur Reyssouze' }), '01352');
    assert.equal(r({ codePostal: '16100', nom: 'Châteaubernard Centre' }), '16089', 'mots en plus');
  });

  it('ville à arrondissements : le code postal choisit l’arrondissement', () => {
    assert.equal(r({ codePostal: '75010', nom: 'Paris' }), '75110');
    assert.equal(r({ codePostal: '69003', nom: 'LYON' }), '69383');
    assert.equal(r({ codePostal: '75010' }), '75110');
  });

  it('CEDEX et code postal faux : le nom dans le département', () => {
    assert.equal(r({ codePostal: '42007', nom: 'Saint-Étienne Cedex 1' }), '42218');
    assert.equal(r({ codePostal: '16000', nom: 'Châteaubernard' }), '16089');
  });

  it('nom inconnu : la seule commune du code postal, sinon rien', () => {
    assert.equal(r({ codePostal: '17000', nom: 'La Pallice' }), '17300');
    assert.equal(r({ codePostal: '17000' }), '17300');
    assert.equal(r({ codePostal: '16100' }), undefined, 'plusieurs communes, pas de nom');
    assert.equal(r({ codePostal: '16100', nom: 'Le Bourg' }), undefined);
    assert.equal(r({ codePostal: '01190', nom: 'Saint' }), undefined, 'trop vague');
  });

  it('sans code postal : un nom unique en France, jamais un homonyme au hasard', () => {
    assert.equal(r({ nom: 'Châteaubernard' }), '16089');
    assert.equal(r({ nom: 'Saint-Martin' }), undefined);
    assert.equal(r({}), undefined);
    assert.equal(r({ codeInsee: null, codePostal: '', nom: '  ' }), undefined);
  });
});

for (const engine of testEngines()) {
  describe(`syncTerritoires (${engine})`, () => {
    let base: DatabaseHandle;
    before(async () => {
      base = await createTestDatabase(engine);
    });
    after(() => base.close());

    it('remplit les 4 tables depuis la mémoire, puis ne fait plus rien', async () => {
      const debut = performance.now();
      const bilan = await syncTerritoires(base.db, t);
      const duree = performance.now() - debut;
      assert.deepEqual(bilan, { regions: t.regions().length, departements: t.departements().length, epci: t.epcis().length, communes: t.communes().length });
      console.log(`syncTerritoires ${engine} : ${t.communes().length} communes en ${duree.toFixed(0)} ms`);
      const { n } = await base.db.selectFrom('communes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n), t.communes().length);
      const p10 = await lireCommune(base.db, '75110');
      assert.deepEqual(p10, {
        code_insee: '75110',
        nom: 'Paris 10e Arrondissement',
        type: 'ARM',
        departement: '75',
        region: '11',
        epci: t.commune('75110')!.epci,
        commune_parente: '75056',
        codes_postaux: ['75010'],
        latitude: t.commune('75110')!.latitude,
        longitude: t.commune('75110')!.longitude,
        population: t.commune('75110')!.population,
      });
      assert.deepEqual(await syncTerritoires(base.db, t), { regions: 0, departements: 0, epci: 0, communes: 0 });
    });

    it('complète une table partiellement remplie sans doublon', async () => {
      await base.db.deleteFrom('communes').where('departement', '=', '16').execute();
      const bilan = await syncTerritoires(base.db, t);
      assert.equal(bilan.communes, t.communesDuDepartement('16').length);
      assert.equal(bilan.regions + bilan.departements + bilan.epci, 0);
    });
  });
}

describe('maillage communes (CLI)', () => {
  // The command itself, not src/cli.ts: other modules' commands must not make this test fail.
  const lancer = async (...args: string[]) => {
    const sorties = { stdout: [] as string[], stderr: [] as string[] };
    const log = mock.method(console, 'log', (s: string) => sorties.stdout.push(s));
    const erreur = mock.method(console, 'error', (s: string) => sorties.stderr.push(s));
    try {
      return { code: await communesCommand.run(args), ...sorties };
    } finally {
      log.mock.restore();
      erreur.mock.restore();
    }
  };

  it('affiche code, nom, codes postaux et département ; code 1 si rien ne correspond', async () => {
    const ok = await lancer('st', 'etienne', '--limite', '2');
    assert.equal(ok.code, 0);
    assert.deepEqual(ok.stdout, ['42218\tSaint-Étienne\t42000 42100 42230\t42 Loire', '76575\tSaint-Étienne-du-Rouvray\t76800\t76 Seine-Maritime']);
    const rien = await lancer('zzzqqq');
    assert.equal(rien.code, 1);
    assert.match(rien.stderr.join('\n'), /Aucune commune/);
    await assert.rejects(lancer(), UsageError, 'texte manquant');
    await assert.rejects(lancer('x', '--limite', '0'), UsageError);
  });
});
