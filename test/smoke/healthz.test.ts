import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../helpers/db.ts';
import { createTestApp } from '../helpers/app.ts';

for (const engine of testEngines()) {
  describe(`santé (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(() => t.close());

    it('GET /healthz répond avec le moteur de base', async () => {
      const res = await t.app.request('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { statut: 'ok', base: engine });
    });

    it('une route inconnue répond 404 en JSON, sans trace', async () => {
      const res = await t.app.request('/api/v1/nexiste-pas');
      assert.equal(res.status, 404);
      const body = (await res.json()) as { erreur: { code: string } };
      assert.equal(body.erreur.code, 'introuvable');
    });
  });
}
