import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../test/helpers/app.ts';
import { prepareFirstStart } from './first-start.ts';

describe('premier démarrage en mode démo', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp({ env: { MAILLAGE_DEMO: 'oui' } });
  });
  after(() => t.close());

  it('charge la démo et les fichiers réels, puis publie le registre dédoublonné ; rien la fois suivante', async () => {
    await prepareFirstStart(t.deps, { tailleDemo: 300 });
    const db = t.deps.database.db;
    const compter = async (table: 'lieux' | 'lieux_publies') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const fiches = await compter('lieux');
    const publies = await compter('lieux_publies');
    assert.ok((await db.selectFrom('registre_actif').select('generation').executeTakeFirstOrThrow()).generation !== null, 'une génération publiée');
    assert.ok(publies < fiches, `les fichiers réels publient certains lieux plusieurs fois (${publies} lieux pour ${fiches} fiches)`);
    await prepareFirstStart(t.deps, { tailleDemo: 300 });
    assert.equal(await compter('lieux'), fiches);
  });
});
