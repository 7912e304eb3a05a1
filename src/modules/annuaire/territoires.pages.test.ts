import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { insererLieux } from '../../../test/browser/outils.ts';

describe('pages par territoire : total national', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp({ engine: 'pglite' });
    await insererLieux(t.deps.database.db, [
      { id: 'a', nom: 'EPN de Roubaix', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
      { id: 'b', nom: 'EPN de Lille', commune: 'Lille', code_postal: '59000', code_insee: '59350', adresse: '2 rue Nationale', latitude: 50.63, longitude: 3.06 },
      // No INSEE code: in no region, but a published place all the same.
      { id: 'c', nom: 'Médiathèque sans commune reconnue', commune: 'Lieu-dit', code_postal: '59999', code_insee: null, adresse: '3 chemin', latitude: null, longitude: null },
    ]);
  });
  after(() => t.close());

  it('compte tous les lieux publiés, dit combien n’ont pas de commune reconnue, et le fichier national les contient', async () => {
    const corps = await (await t.app.request('/territoires', { headers: { accept: 'text/html' } })).text();
    assert.match(corps, /3 lieux d’aide au numérique en France/);
    assert.match(corps, /1 lieu n’a pas de commune reconnue/);
    assert.match(corps, /CSV au standard national — 3 lieux/);
    assert.match(corps, /Hauts-de-France<\/a><span>2 lieux/);
    const csv = await (await t.app.request('/api/v1/lieux.csv')).text();
    assert.equal(csv.trim().split('\n').length - 1, 3);
  });
});
