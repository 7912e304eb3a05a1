import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/helpers/db.ts';
import type { DatabaseHandle } from './connect.ts';

describe('connexions PostgreSQL perdues : écoute rétablie, travail en échec sans arrêter le processus', { skip: !process.env.TEST_DATABASE_URL }, () => {
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(() => database.close());

  it('après la coupure de la connexion d’écoute, l’abonné est prévenu puis reçoit les notifications suivantes', async () => {
    const recues: string[] = [];
    const arreter = await database.listen('essai_ecoute', (p) => recues.push(p));
    const attendre = async (condition: () => boolean, quoi: string) => {
      for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(condition(), quoi);
    };
    await sql`SELECT pg_notify('essai_ecoute', 'avant')`.execute(database.db);
    await attendre(() => recues.includes('avant'), 'notification reçue');
    // What a server restart or an administrator does to the listening connection.
    const coupees = await sql<{ ok: boolean }>`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN%'`.execute(database.db);
    assert.equal(coupees.rows.length, 1);
    await attendre(() => recues.includes(''), 'l’abonné est prévenu de la reprise (il relit ce qui a changé)');
    await sql`SELECT pg_notify('essai_ecoute', 'apres')`.execute(database.db);
    await attendre(() => recues.includes('apres'), 'les notifications suivantes arrivent');
    await new Promise((r) => setTimeout(r, 1500)); // a second, late reconnection would have opened by now
    const ecoutes = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`.execute(database.db)).rows[0]!.n);
    assert.equal(await ecoutes(), 1, 'une seule connexion d’écoute après la reprise');
    assert.deepEqual(recues.filter((p) => p !== 'avant'), ['', 'apres'], 'une reprise, chaque notification une fois');
    await arreter();
    for (let i = 0; i < 40 && (await ecoutes()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await ecoutes(), 0, 'plus aucune connexion d’écoute après le désabonnement');
  });

  it('une connexion dédiée coupée pendant le travail fait échouer le travail, pas le processus', async () => {
    const nonRattrapees: unknown[] = [];
    const noter = (e: unknown) => nonRattrapees.push(e);
    process.on('uncaughtException', noter);
    try {
      await assert.rejects(database.connexionDediee!(async (_db, client) => {
        const pid = (await client.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p;
        await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
        await new Promise((r) => setTimeout(r, 300)); // reading and validating the next batch
        await client.query('SELECT 1');
      }));
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', noter);
    }
    assert.deepEqual(nonRattrapees, []);
  });
});
