import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/helpers/db.ts';
import { appSoyaux } from '../../../test/helpers/soyaux.ts';
import { uidLieu } from '../lieux/lieux.ts';

for (const engine of testEngines()) {
  describe(`registre fusionné sous concurrence (${engine})`, () => {
    let t: Awaited<ReturnType<typeof appSoyaux>>;
    before(async () => {
      t = await appSoyaux(engine);
      await t.deps.sources.dedoublonner();
    });
    after(() => t.close());
    const publies = async () => (await t.deps.database.db.selectFrom('lieux_publies').select('uid').execute()).length;

    it('deux dédoublonnages à la fois (deux imports qui republient) : l’un attend l’autre, le registre reste entier', async () => {
      for (let essai = 0; essai < 6; essai++) {
        const r = await Promise.allSettled([t.deps.sources.dedoublonner({ incremental: true }), t.deps.sources.dedoublonner({ incremental: essai % 2 === 0 })]);
        assert.deepEqual(r.map((x) => x.status), ['fulfilled', 'fulfilled'], JSON.stringify(r.map((x) => (x.status === 'rejected' ? String(x.reason) : ''))));
        assert.equal(await publies(), 3, `essai ${essai} : Omega et la mairie une fois chacun, la Cyberbase`);
      }
    });

    it('la modification d’un gestionnaire pendant un dédoublonnage reste sur le lieu publié après la bascule', async () => {
      const [representant, autre] = [uidLieu('cnfs', 'c1'), uidLieu('france-services', 'f1')].sort() as [string, string];
      const admin = (await t.deps.comptes.structures.creerAdministrateur('admin@concurrence.fr')).acteur!;
      await t.deps.sources.dedoublonner({
        incremental: true,
        // After the run has read and merged the register, before it switches: what a manager can do meanwhile.
        avantBascule: async () => {
          await t.deps.comptes.gestion.modifier(admin, autre, { horaires: 'Mo-Sa 09:00-12:00' });
        },
      });
      const l = await t.deps.database.db.selectFrom('lieux_publies').select('horaires').where('uid', '=', representant).executeTakeFirstOrThrow();
      assert.equal(l.horaires, 'Mo-Sa 09:00-12:00');
    });
  });
}
