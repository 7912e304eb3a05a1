import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, testEngines } from '../../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../../db/connect.ts';
import { createTerritoiresService } from '../../territoires/territoires.service.ts';
import { importerFichier } from '../import/importer.ts';
import { uidLieu } from '../lieux.ts';
import { LIBELLE_SOURCE_DEMO, SOURCE_DEMO, genererLieuxDemo } from './demo.generateur.ts';
import { chargerDemoAuPremierDemarrage, communesPourDemo, demoVoulue, seedDemo, type ContexteDemo } from './demo.service.ts';

const territoires = createTerritoiresService();
const REFERENCE = new Date('2026-11-24T12:00:00Z');

const compter = async (db: DatabaseHandle['db'], source?: string) => {
  let q = db.selectFrom('lieux').select((eb) => eb.fn.countAll<number>().as('n'));
  if (source) q = q.where('source_cle', '=', source);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

it('la démo se charge en mode oui, ou auto sur la base embarquée, jamais en mode non', () => {
  assert.equal(demoVoulue('oui', 'postgres'), true);
  assert.equal(demoVoulue('oui', 'pglite'), true);
  assert.equal(demoVoulue('auto', 'pglite'), true);
  assert.equal(demoVoulue('auto', 'postgres'), false);
  assert.equal(demoVoulue('non', 'pglite'), false);
});

for (const engine of testEngines()) {
  describe(`seedDemo (${engine})`, () => {
    let database: DatabaseHandle;
    let ctx: ContexteDemo;
    before(async () => {
      database = await createTestDatabase(engine);
      ctx = { database, territoires };
    });
    after(() => database.close());

    it('insère exactement les lieux générés, marqués démo, et prévient après commit', async () => {
      const recus: string[] = [];
      const arreter = await database.listen('lieux_modifies', (p) => recus.push(p));
      const bilan = await seedDemo(ctx, { taille: 1_000, graine: 5, reference: REFERENCE });
      assert.equal(bilan.inseres, 1_000);
      assert.equal(await compter(database.db, SOURCE_DEMO), 1_000);
      const source = await database.db.selectFrom('sources').selectAll().where('cle', '=', SOURCE_DEMO).executeTakeFirstOrThrow();
      assert.equal(source.demo, true);
      assert.equal(source.nom, LIBELLE_SOURCE_DEMO);
      const nonDemo = await database.db.selectFrom('lieux').select('uid').where((eb) => eb.or([eb('demo', '=', false), eb('source', '!=', LIBELLE_SOURCE_DEMO)])).execute();
      assert.equal(nonDemo.length, 0);

      // Stored as generated, field for field (lists, dates, coordinates), under the register's uid.
      const attendu = [...genererLieuxDemo({ taille: 1_000, graine: 5, reference: REFERENCE }, communesPourDemo(territoires))][567]!;
      const ligne = await database.db.selectFrom('lieux').selectAll().where('uid', '=', uidLieu(SOURCE_DEMO, attendu.id)).executeTakeFirstOrThrow();
      for (const [champ, valeur] of Object.entries(attendu)) assert.deepEqual(ligne[champ as keyof typeof ligne], valeur, champ);

      for (let i = 0; i < 50 && recus.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await arreter();
      assert.ok(recus.length >= 1, 'notification lieux_modifies');
    });

    it('relancé, remplace la démo sans doublon et sans toucher aux vraies sources', async () => {
      const dossier = await mkdtemp(path.join(tmpdir(), 'demo-test-'));
      const fichier = path.join(dossier, 'vraie-source.csv');
      await writeFile(fichier, 'id,pivot,nom,commune,code_postal,adresse,date_maj\nv1,12345678901234,Médiathèque réelle,Lyon,69001,1 rue Réelle,2026-01-10\n');
      const bilanReel = await importerFichier(ctx, fichier, { fichierRejets: false });
      assert.equal(bilanReel.crees, 1);
      const bilan = await seedDemo(ctx, { taille: 400, graine: 6, reference: REFERENCE });
      assert.equal(bilan.supprimes, 1_000);
      assert.equal(await compter(database.db, SOURCE_DEMO), 400);
      assert.equal(await compter(database.db, 'vraie-source'), 1);
      await seedDemo(ctx, { taille: 400, graine: 6, reference: REFERENCE });
      assert.equal(await compter(database.db), 401);
      const imports = await database.db.selectFrom('imports').select('id').where('source_cle', '=', SOURCE_DEMO).execute();
      assert.equal(imports.length, 1);
      await rm(dossier, { recursive: true });
    });
  });
}

describe('premier démarrage', () => {
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase('pglite');
  });
  after(() => database.close());

  it('ne charge rien en mode non', async () => {
    assert.equal(await chargerDemoAuPremierDemarrage({ database, territoires }, 'non', 500), null);
    assert.equal(await compter(database.db), 0);
  });

  it('en mode auto sur base vide : démo + fichiers réels, chacun sa source ; puis plus rien', async () => {
    const fait = await chargerDemoAuPremierDemarrage({ database, territoires }, 'auto', 200);
    assert.ok(fait);
    assert.equal(fait.demo.inseres, 200);
    assert.deepEqual(fait.reels.map((b) => b.source), [
      'charente-2023-v1', 'conseillers-numeriques-idf-2022', 'conseillers-numeriques-permanences-2022', 'hinaura-v0.1', 'nouvelle-caledonie-2024-v1',
    ]);
    for (const b of fait.reels) {
      assert.ok(b.ecrit && b.crees > 0 && b.crees + b.rejetes <= b.lus, `${b.source}: ${b.crees}/${b.lus}`);
      assert.equal(await compter(database.db, b.source), b.crees);
    }
    const sources = await sql<{ cle: string; demo: boolean }>`SELECT cle, demo FROM sources ORDER BY cle`.execute(database.db);
    assert.deepEqual(sources.rows.filter((s) => s.demo).map((s) => s.cle), [SOURCE_DEMO]);
    const avant = await compter(database.db);
    assert.equal(await chargerDemoAuPremierDemarrage({ database, territoires }, 'oui', 500), null);
    assert.equal(await compter(database.db), avant);
  });
});

if (process.env.TEST_DATABASE_URL) {
  it('en mode auto sur PostgreSQL, ne charge rien', async () => {
    const database = await createTestDatabase('postgres');
    try {
      assert.equal(await chargerDemoAuPremierDemarrage({ database, territoires }, 'auto', 200), null);
      assert.equal(await compter(database.db), 0);
    } finally {
      await database.close();
    }
  });
}
