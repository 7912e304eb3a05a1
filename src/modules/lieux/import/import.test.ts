import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../../errors.ts';
import { compterLieux, lieuParUid } from '../lieux.repository.ts';
import { uidLieu } from '../lieux.ts';
import { csv, lieu, registreDeTest } from './aide-test.ts';

type Registre = Awaited<ReturnType<typeof registreDeTest>>;

async function erreurFichier(promesse: Promise<unknown>): Promise<AppError> {
  try {
    await promesse;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'fichier_invalide');
    return err;
  }
  assert.fail('le fichier aurait dû être refusé');
}

describe('import : chaque mauvaise entrée a son rapport (PGlite)', () => {
  let r: Registre;
  before(async () => {
    r = await registreDeTest('pglite');
  });
  after(() => r.close());

  /** A file of one bad row between two good ones: rejected with line, field, value, key; nothing written. */
  async function rejetUnique(autres: Record<string, string>, champ: string, cle: string) {
    const chemin = await r.fichier(csv([lieu('a'), lieu('b', autres), lieu('c')]));
    const b = await r.importer(chemin, { source: `rejet-${cle}-${champ}` });
    assert.equal(b.rejetes, 1, JSON.stringify(b.issues));
    assert.equal(b.ecrit, false);
    const issue = b.issues.find((i) => i.field === champ);
    assert.ok(issue, `pas de problème sur ${champ} : ${JSON.stringify(b.issues)}`);
    assert.equal(issue.key, cle);
    assert.equal(issue.line, 3);
    assert.ok(issue.message.length > 10);
    assert.equal(await compterLieux(r.database.db, `rejet-${cle}-${champ}`), 0);
    return issue;
  }

  it('Latin-1 : converti, accents justes, avertissement', async () => {
    const chemin = await r.fichier(Buffer.from(csv([lieu('a', { nom: 'Médiathèque Émile Zola' })]), 'latin1'));
    const b = await r.importer(chemin, { source: 'latin1' });
    assert.equal(b.crees, 1);
    assert.equal(b.encodage, 'windows-1252');
    assert.ok(b.avertissements.some((a) => a.key === 'encoding_latin1'));
    assert.equal((await lieuParUid(r.database.db, uidLieu('latin1', 'a')))!.nom, 'Médiathèque Émile Zola');
  });

  it('BOM UTF-8 : retiré, la colonne id reste reconnue', async () => {
    const b = await r.importer(await r.fichier(`\uFEFF${csv([lieu('a')])}`), { source: 'bom' });
    assert.equal(b.crees, 1);
    assert.equal(b.rejetes, 0);
  });

  it('séparateur « ; » comme « , »', async () => {
    const b = await r.importer(await r.fichier(csv([lieu('a'), lieu('b')], ';')), { source: 'pointvirgule' });
    assert.equal(b.crees, 2);
  });

  it('colonne obligatoire absente : une erreur de fichier, ligne 1', async () => {
    const ligne = lieu('a');
    delete ligne.nom;
    const e = await erreurFichier(r.importer(await r.fichier(csv([ligne]))));
    assert.equal(e.details[0]!.key, 'missing_column');
    assert.equal(e.details[0]!.field, 'nom');
    assert.equal(e.details[0]!.line, 1);
  });

  it('colonne inconnue : avertissement, valeur gardée hors standard', async () => {
    const b = await r.importer(await r.fichier(csv([lieu('a', { couleur_facade: 'bleue' })])), { source: 'inconnue' });
    assert.equal(b.crees, 1);
    assert.ok(b.avertissements.some((a) => a.key === 'unknown_column' && a.field === 'couleur_facade'));
    const enregistre = await lieuParUid(r.database.db, uidLieu('inconnue', 'a'));
    assert.equal(enregistre!.hors_standard.couleur_facade, 'bleue');
  });

  it('valeur hors liste', async () => {
    const i = await rejetUnique({ frais_a_charge: 'Gratuit|Très cher' }, 'frais_a_charge', 'enum');
    assert.equal(i.value, 'Très cher');
  });
  it('code postal', async () => {
    await rejetUnique({ code_postal: '5110' }, 'code_postal', 'pattern');
  });
  it('code INSEE', async () => {
    await rejetUnique({ code_insee: '5145' }, 'code_insee', 'pattern');
  });
  it('SIRET (pivot)', async () => {
    await rejetUnique({ pivot: '123' }, 'pivot', 'siret');
  });
  it('téléphone', async () => {
    await rejetUnique({ telephone: '12' }, 'telephone', 'phone');
  });
  it('courriel', async () => {
    await rejetUnique({ courriels: 'contact@@exemple' }, 'courriels', 'email');
  });
  it('site web', async () => {
    await rejetUnique({ site_web: 'pas une adresse' }, 'site_web', 'url');
  });
  it('horaires illisibles', async () => {
    await rejetUnique({ horaires: 'le matin sauf quand il pleut' }, 'horaires', 'opening_hours');
  });
  it('latitude hors intervalle', async () => {
    await rejetUnique({ latitude: '123.4' }, 'latitude', 'range');
  });

  it('id en double : la seconde occurrence est rejetée et nomme la première', async () => {
    const b = await r.importer(await r.fichier(csv([lieu('a'), lieu('b'), lieu('a')])), { source: 'doublon' });
    assert.equal(b.rejetes, 1);
    const i = b.issues[0]!;
    assert.equal(i.key, 'duplicate_id');
    assert.equal(i.line, 4);
    assert.match(i.message, /ligne 2/);
  });

  it('fichier vide, en-tête seul, JSON vide', async () => {
    assert.equal((await erreurFichier(r.importer(await r.fichier('')))).details[0]!.key, 'empty_file');
    const entete = Object.keys(lieu('a')).join(',');
    assert.equal((await erreurFichier(r.importer(await r.fichier(`${entete}\n`)))).details[0]!.key, 'empty_file');
    assert.equal((await erreurFichier(r.importer(await r.fichier('[]', 'vide.json')))).details[0]!.key, 'empty_file');
  });

  it('fichier tronqué (CSV au milieu d’une cellule, JSON au milieu d’un objet)', async () => {
    const complet = csv([lieu('a'), lieu('b')]);
    const e = await erreurFichier(r.importer(await r.fichier(complet.slice(0, complet.length - 40))));
    assert.equal(e.details[0]!.key, 'truncated');
    assert.equal(e.details[0]!.line, 3);
    const json = JSON.stringify([lieu('a'), lieu('b')], null, 1);
    const ej = await erreurFichier(r.importer(await r.fichier(json.slice(0, json.length - 30), 'tronque.json')));
    assert.equal(ej.details[0]!.key, 'truncated');
    assert.equal(await compterLieux(r.database.db, 'essai'), 0);
  });

  it('JSON qui n’est pas un tableau', async () => {
    const e = await erreurFichier(r.importer(await r.fichier(JSON.stringify({ lieux: [lieu('a')] }), 'objet.json')));
    assert.equal(e.details[0]!.key, 'json_not_array');
  });

  it('JSON : un tableau de lieux s’importe comme le CSV', async () => {
    const b = await r.importer(await r.fichier(JSON.stringify([lieu('a'), lieu('b')]), 'ok.json'), { source: 'json' });
    assert.equal(b.type, 'json');
    assert.equal(b.crees, 2);
  });

  it('--skip-invalid : les lignes valides sont écrites, les rejets vont dans un fichier avec leurs raisons', async () => {
    const chemin = await r.fichier(csv([lieu('a'), lieu('b', { code_postal: 'abc' }), lieu('c'), lieu('a')]));
    const rejets = path.join(r.dossier, 'rejets.csv');
    const b = await r.importer(chemin, { source: 'partiel', ignorerInvalides: true, fichierRejets: rejets });
    assert.deepEqual([b.crees, b.rejetes, b.ecrit], [2, 2, true]);
    assert.equal(b.fichierRejets, rejets);
    const texte = await readFile(rejets, 'utf8');
    assert.ok(texte.startsWith('\uFEFFligne;id;champ;valeur;cle;message\n'));
    const lignes = texte.trim().split('\n').slice(1);
    assert.equal(lignes.length, 2);
    assert.match(lignes[0]!, /^3;b;code_postal;abc;pattern;/);
    assert.match(lignes[1]!, /^5;a;id;a;duplicate_id;/);
    assert.equal(await compterLieux(r.database.db, 'partiel'), 2);
  });

  it('--dry-run : tout est vérifié et compté, rien n’est écrit', async () => {
    const b = await r.importer(await r.fichier(csv([lieu('a'), lieu('b')])), { source: 'simulation', simulation: true });
    assert.deepEqual([b.lus, b.crees, b.ecrit, b.simulation], [2, 2, false, true]);
    assert.equal(await compterLieux(r.database.db, 'simulation'), 0);
  });

  it('code INSEE absent : déduit du code postal et de la commune ; coordonnées absentes : centre de la commune, approchées', async () => {
    const b = await r.importer(await r.fichier(csv([lieu('a', { code_insee: '', latitude: '', longitude: '' })])), { source: 'completion' });
    assert.equal(b.crees, 1);
    const l = (await lieuParUid(r.database.db, uidLieu('completion', 'a')))!;
    assert.equal(l.code_insee, '51454');
    assert.equal(l.code_insee_deduit, true);
    assert.equal(l.coordonnees_approchees, true);
    assert.ok(l.latitude! > 49 && l.latitude! < 49.4 && l.longitude! > 3.9 && l.longitude! < 4.2, `${l.latitude},${l.longitude}`);
  });
});
