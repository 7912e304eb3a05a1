import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, testEngines } from '../../../test/helpers/db.ts';
import { createTerritoiresService } from '../territoires/territoires.service.ts';
import { AppError } from '../../errors.ts';
import { insererLieux, LIEUX_TEST } from './recherche.fixtures.ts';
import { creerRechercheService, type RechercheService } from './recherche.service.ts';
import type { Requete } from './recherche.schema.ts';

const territoires = createTerritoiresService();
const AIDE = 'Aide aux démarches administratives';

for (const engine of testEngines()) {
  describe(`recherche (${engine})`, () => {
    let database: DatabaseHandle;
    let horloge = new Date('2026-07-14T08:00:00Z');
    let s: RechercheService;
    const uids = async (r: Requete) => (await s.rechercher(r)).resultats.map((x) => x.uid);
    const trie = async (r: Requete) => (await uids({ limite: 100, ...r })).sort();

    before(async () => {
      database = await createTestDatabase(engine);
      await insererLieux(database.db, LIEUX_TEST);
      s = creerRechercheService({ database, territoires, logger: createLogger('silent'), maintenant: () => horloge });
      await s.pret();
    });
    after(async () => {
      await s.arreter();
      await database.close();
    });

    it('texte : sans accents ni casse, début de mot, une faute, commune et structure', async () => {
      assert.deepEqual(await trie({ q: 'mediatheque' }), ['lyon-media', 'strasbourg']);
      assert.deepEqual(await trie({ q: 'MÉDIATHÈQUE' }), ['lyon-media', 'strasbourg']);
      assert.deepEqual(await trie({ q: 'médiath' }), ['lyon-media', 'strasbourg']);
      assert.deepEqual(await trie({ q: 'mediatheqe' }), ['lyon-media', 'strasbourg']);
      assert.deepEqual(await trie({ q: 'mediatheque malrau' }), ['strasbourg']);
      assert.deepEqual(await trie({ q: 'st etienne' }), ['saint-etienne']);
      assert.deepEqual(await trie({ q: 'ville de lyon' }), ['lyon-media']);
      assert.deepEqual(await trie({ q: 'zzzzzz' }), []);
      const r = await s.rechercher({ q: 'numerique' });
      assert.equal(r.tri, 'pertinence');
    });

    it('chaque filtre du standard, valeurs d’un champ en OU, champs en ET', async () => {
      assert.deepEqual(await trie({ services: [AIDE] }), ['lyon-media', 'rennes', 'strasbourg', 'villeurbanne']);
      assert.deepEqual(await trie({ services: [AIDE, 'Loisirs et créations numériques'] }), ['lyon-epn', 'lyon-media', 'rennes', 'strasbourg', 'villeurbanne']);
      assert.deepEqual(await trie({ services: [AIDE], frais_a_charge: ['Gratuit'] }), ['lyon-media']);
      assert.deepEqual(await trie({ publics_specifiquement_adresses: ['Seniors'] }), ['paris-11']);
      assert.deepEqual(await trie({ prise_en_charge_specifique: ['Surdité'] }), ['villeurbanne']);
      assert.deepEqual(await trie({ modalites_acces: ['Prendre un RDV en ligne'] }), ['paris-11']);
      assert.deepEqual(await trie({ modalites_accompagnement: ['Dans un atelier collectif'] }), ['lyon-epn']);
      assert.deepEqual(await trie({ dispositif_programmes_nationaux: ['France Services'] }), ['villeurbanne']);
      assert.deepEqual(await trie({ formations_labels: ['Mes Papiers (Métropole de Lyon)'] }), ['lyon-epn']);
      assert.deepEqual(await trie({ itinerance: ['Itinérant'] }), ['saint-etienne']);
      assert.deepEqual(await trie({ typologie: ['BIB'] }), ['lyon-media', 'strasbourg']);
      assert.deepEqual(await trie({ typologie: ['INCONNU'] }), []);
      assert.deepEqual(await trie({ rdv_en_ligne: true }), ['lyon-media', 'paris-11']);
      assert.deepEqual(await trie({ fiche_acces_libre: true }), ['lyon-epn']);
      assert.deepEqual(await trie({ fraicheur: 'a_jour' }), LIEUX_TEST.map((l) => l.uid).filter((u) => u !== 'saint-etienne').sort());
      assert.deepEqual(await trie({ date_maj_min: '2024-01-01', itinerance: ['Itinérant'] }), []);
    });

    it('comptes par valeur : ceux du champ filtré ignorent son propre filtre, une valeur vide compte 0', async () => {
      const r = await s.rechercher({ services: ['Loisirs et créations numériques'] });
      assert.equal(r.total, 1);
      assert.equal(r.facettes.services![AIDE], 4);
      assert.equal(r.facettes.services!['Loisirs et créations numériques'], 1);
      assert.equal(r.facettes.services!['Utilisation sécurisée du numérique'], 0);
      assert.equal(r.facettes.frais_a_charge!.Payant, 1);
      assert.equal(r.facettes.frais_a_charge!.Gratuit, 0);
      assert.equal(r.facettes.typologie!.EPN, 1);
      assert.equal(r.facettes.typologie!.BIB, 0);
      const sans = await s.rechercher({ departement: '69', facettes: false });
      assert.deepEqual(sans.facettes, {});
    });

    it('autour d’un point : rayon, k plus proches (avec filtre), tri par distance en km', async () => {
      const r = await s.rechercher({ lat: 45.767, lon: 4.834, rayon_km: 3 });
      assert.deepEqual(r.resultats.map((x) => x.uid), ['lyon-media', 'lyon-epn']);
      assert.equal(r.resultats[0]!.distanceKm, 0);
      assert.ok(Math.abs(r.resultats[1]!.distanceKm! - 1.07) < 0.02, String(r.resultats[1]!.distanceKm));
      assert.deepEqual(await uids({ lat: 45.766, lon: 4.879, k: 2 }), ['villeurbanne', 'lyon-media']);
      // The nearest France Services from Saint-Étienne is 50 km away: the circle widens until it finds it.
      assert.deepEqual(await uids({ lat: 45.434, lon: 4.39, k: 1, dispositif_programmes_nationaux: ['France Services'] }), ['villeurbanne']);
      assert.deepEqual(await uids({ lat: 16.24, lon: -61.53, k: 1 }), ['guadeloupe']);
    });

    it('commune (toute écriture), code postal, adresse sans BAN, département, région', async () => {
      assert.deepEqual(await trie({ commune: 'lyon' }), ['lyon-epn', 'lyon-media']);
      assert.deepEqual(await trie({ commune: '69123' }), ['lyon-epn', 'lyon-media']);
      assert.deepEqual(await trie({ commune: 'pointe a pitre' }), ['guadeloupe']);
      assert.deepEqual(await trie({ commune: 'St-Etienne' }), ['saint-etienne']);
      assert.deepEqual(await trie({ code_postal: '69100' }), ['villeurbanne']);
      assert.deepEqual(await trie({ commune: 'Lyon', rayon_km: 5 }), ['lyon-epn', 'lyon-media', 'villeurbanne']);
      assert.deepEqual(await trie({ departement: '69' }), ['lyon-epn', 'lyon-media', 'villeurbanne']);
      assert.deepEqual(await trie({ departement: '35' }), ['rennes']);
      assert.deepEqual(await trie({ region: '84' }), ['lyon-epn', 'lyon-media', 'saint-etienne', 'villeurbanne']);
      assert.deepEqual(await trie({ region: '84', departement: '42' }), ['saint-etienne']);
      const a = await s.rechercher({ adresse: '12 rue Oberkampf 75011 Paris', rayon_km: 5 });
      assert.equal(a.origine?.methode, 'centre_commune');
      assert.deepEqual(a.resultats.map((x) => x.uid), ['paris-11']);
    });

    it('comptes pour parcourir : par région, par département d’une région, par commune d’un département', async () => {
      assert.deepEqual(await s.compterParTerritoire('region'), { '01': 1, '11': 1, '44': 1, '53': 1, '84': 4 });
      assert.deepEqual(await s.compterParTerritoire('departement', '84'), { '42': 1, '69': 3 });
      assert.deepEqual(await s.compterParTerritoire('commune', '69'), { '69266': 1, '69381': 1, '69384': 1 });
      await assert.rejects(s.compterParTerritoire('commune'), AppError);
    });

    it('mauvaises entrées : commune inconnue, point hors de France, rayon sans point → 400 en français', async () => {
      for (const r of [{ commune: 'Xyzzyville' }, { lat: 40.7, lon: -74 }, { rayon_km: 5 }, { lat: 45 }, { departement: '00' }, { region: '99' }, { curseur: 'abc' }] as Requete[]) {
        await assert.rejects(s.rechercher(r), (e: unknown) => e instanceof AppError && e.status === 400 && /[a-zé]/.test(e.message), JSON.stringify(r));
      }
    });

    it('ouvert maintenant : 14 juillet férié, heure légale de chaque lieu, été et hiver', async () => {
      horloge = new Date('2026-07-14T08:00:00Z'); // mardi 14 juillet, 10 h à Paris
      assert.deepEqual(await trie({ ouvert: 'maintenant' }), ['villeurbanne']);
      const media = (await s.rechercher({ q: 'mitterrand' })).resultats[0]!;
      assert.equal(media.ouvertMaintenant, false);
      assert.equal(media.prochaineOuverture, '2026-07-15T09:00:00+02:00');
      horloge = new Date('2026-07-15T08:00:00Z'); // mercredi 10 h à Paris, 4 h en Guadeloupe
      assert.deepEqual(await trie({ ouvert: 'maintenant' }), ['lyon-media', 'strasbourg', 'villeurbanne']);
      horloge = new Date('2026-07-15T13:00:00Z'); // 15 h à Paris, 9 h en Guadeloupe
      assert.deepEqual(await trie({ ouvert: 'maintenant' }), ['guadeloupe', 'lyon-media', 'paris-11', 'strasbourg', 'villeurbanne']);
      horloge = new Date('2026-03-27T07:30:00Z'); // vendredi, heure d'hiver : 8 h 30 à Paris
      assert.ok(!(await trie({ ouvert: 'maintenant' })).includes('lyon-media'));
      horloge = new Date('2026-03-30T07:30:00Z'); // lundi, heure d'été : 9 h 30 à Paris
      assert.ok((await trie({ ouvert: 'maintenant' })).includes('lyon-media'));
    });

    it('ouvert à un jour et une heure, le week-end, Noël', async () => {
      horloge = new Date('2026-07-15T08:00:00Z');
      assert.deepEqual(await trie({ jour: 'samedi', heure: '11:00' }), ['lyon-epn', 'villeurbanne']);
      assert.deepEqual(await trie({ jour: 'lundi', heure: '15:00', departement: '75' }), ['paris-11']);
      assert.deepEqual(await trie({ jour: '2026-12-25', heure: '11:00' }), ['villeurbanne']);
      assert.deepEqual(await trie({ jour: '2026-12-24', heure: '11:00', departement: '69' }), ['lyon-media', 'villeurbanne']);
      assert.deepEqual(await trie({ ouvert: 'week-end' }), ['lyon-epn', 'villeurbanne']);
    });

    it('pagination par curseur stable malgré des insertions entre les pages', async () => {
      const vus: string[] = [];
      let r = await s.rechercher({ limite: 3 });
      vus.push(...r.resultats.map((x) => x.uid));
      // Inserted before and after the cursor position in name order: the next pages neither repeat nor skip.
      await insererLieux(database.db, [{ uid: 'aaa-nouveau', nom: 'AAA premier' }, { uid: 'zzz-nouveau', nom: 'Zèbre numérique' }]);
      await s.rafraichir();
      while (r.curseurSuivant) {
        r = await s.rechercher({ limite: 3, curseur: r.curseurSuivant });
        vus.push(...r.resultats.map((x) => x.uid));
      }
      assert.equal(new Set(vus).size, vus.length, 'aucun doublon');
      for (const l of LIEUX_TEST) assert.ok(vus.includes(l.uid), l.uid);
      assert.ok(vus.includes('zzz-nouveau'));
      assert.ok(!vus.includes('aaa-nouveau'), 'inséré avant le curseur : pas dans les pages suivantes');
      // Distance order too.
      const p1 = await s.rechercher({ lat: 45.767, lon: 4.834, rayon_km: 100, limite: 2 });
      const p2 = await s.rechercher({ lat: 45.767, lon: 4.834, rayon_km: 100, limite: 2, curseur: p1.curseurSuivant! });
      assert.deepEqual([...p1.resultats, ...p2.resultats].map((x) => x.uid), ['lyon-media', 'lyon-epn', 'villeurbanne', 'saint-etienne']);
      await database.db.deleteFrom('lieux').where('uid', 'in', ['aaa-nouveau', 'zzz-nouveau']).execute();
      await s.rafraichir();
    });

    it('modified_after et rafraîchissement : modification, suppression', async () => {
      const max = await database.db.selectFrom('lieux').select(sql<Date>`max(modifie_le)`.as('m')).executeTakeFirstOrThrow();
      const avant = new Date(max.m).toISOString();
      await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(await trie({ modified_after: new Date(Date.now() + 60_000).toISOString() }), []);
      await database.db.updateTable('lieux').set({ nom: 'Médiathèque Malraux rénovée', modifie_le: sql`now()` }).where('uid', '=', 'strasbourg').execute();
      const bilan = await s.rafraichir();
      assert.equal(bilan.appliques, 1);
      assert.deepEqual(await trie({ modified_after: avant }), ['strasbourg']);
      assert.deepEqual(await trie({ q: 'renovee' }), ['strasbourg']);
      await database.db.deleteFrom('lieux').where('uid', '=', 'rennes').execute();
      assert.equal((await s.rafraichir()).supprimes, 1);
      assert.deepEqual(await trie({ departement: '35' }), []);
      await insererLieux(database.db, [LIEUX_TEST.find((l) => l.uid === 'rennes')!]);
      await s.rafraichir();
      assert.deepEqual(await trie({ departement: '35' }), ['rennes']);
    });

    it('NOTIFY lieux_modifies : une insertion est visible sans redémarrage ni appel explicite', async () => {
      await insererLieux(database.db, [{ uid: 'notifie', nom: 'Fabrique notifiée', commune: 'Rennes', code_postal: '35000', code_insee: '35238' }]);
      await sql`select pg_notify('lieux_modifies', '')`.execute(database.db);
      assert.deepEqual(await attendre(() => trie({ q: 'fabrique notifiee' }), (u) => u.length === 1), ['notifie']);
      await database.db.deleteFrom('lieux').where('uid', '=', 'notifie').execute();
      await sql`select pg_notify('lieux_modifies', '')`.execute(database.db);
      assert.deepEqual(await attendre(() => trie({ q: 'fabrique notifiee' }), (u) => u.length === 0), []);
    });

    if (engine === 'postgres') {
      it('deux processus sur une même base : écrit par l’un, trouvé par l’index de l’autre', async () => {
        const nom = (await sql<{ n: string }>`select current_database() as n`.execute(database.db)).rows[0]!.n;
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${nom}`;
        const { connectDatabase } = await import('../../db/connect.ts');
        const autre = await connectDatabase({ url: url.toString(), poolSize: 2 });
        const s2 = creerRechercheService({ database: autre, territoires, logger: createLogger('silent') });
        try {
          await s2.pret();
          await insererLieux(database.db, [{ uid: 'autre-processus', nom: 'Tiers-lieu partagé' }]);
          await sql`select pg_notify('lieux_modifies', '')`.execute(database.db);
          assert.deepEqual(await attendre(() => s2.rechercher({ q: 'tiers lieu partage' }).then((r) => r.resultats.map((x) => x.uid)), (u) => u.length === 1), ['autre-processus']);
        } finally {
          await s2.arreter();
          await autre.close();
        }
      });
    }
  });
}

async function attendre<T>(f: () => Promise<T>, ok: (v: T) => boolean, delaiMs = 5000): Promise<T> {
  const fin = Date.now() + delaiMs;
  for (;;) {
    const v = await f();
    if (ok(v) || Date.now() > fin) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}
