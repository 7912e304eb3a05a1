import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/helpers/db.ts';
import type { DatabaseHandle } from './connect.ts';

describe('LISTEN sur PostgreSQL : une connexion perdue est rétablie', { skip: !process.env.TEST_DATABASE_URL }, () => {
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
    await arreter();
  });
});
