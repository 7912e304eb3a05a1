import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/helpers/db.ts';
import { appSoyaux } from '../../../test/helpers/soyaux.ts';
import { uidLieu } from '../lieux/lieux.ts';

type Page = { total: number; lieux: { id: string; nom: string; telephone: string | null; horaires: string | null; services: string | null; maillage: { uid: string; fiches_fusionnees: number } }[] };

for (const engine of testEngines()) {
  describe(`registre publié : chaque lieu fusionné une fois (${engine})`, () => {
    let t: Awaited<ReturnType<typeof appSoyaux>>;
    before(async () => {
      t = await appSoyaux(engine);
    });
    after(() => t.close());

    // The cluster's representative is its smallest uid; the other record is merged away.
    const omega = [uidLieu('cnfs', 'c1'), uidLieu('france-services', 'f1')].sort();
    const [representant, fusionne] = omega as [string, string];
    const chercher = async () => {
      const r = await t.app.request('/api/v1/lieux?departement=16&limite=50');
      assert.equal(r.status, 200);
      return (await r.json()) as Page;
    };
    /** The index follows the register through NOTIFY alone: wait for it rather than refresh by hand. */
    const attendre = async (condition: (p: Page) => boolean, quoi: string) => {
      for (let i = 0; i < 100; i++) {
        const p = await chercher();
        if (condition(p)) return p;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail(`l’index n’a pas suivi : ${quoi}`);
    };
    const omegaDe = (p: Page) => p.lieux.find((l) => /omega/i.test(l.nom));

    it('avant tout dédoublonnage, chaque fiche de chaque source est publiée', async () => {
      await t.deps.recherche.pret();
      await attendre((x) => x.total === 5, 'les 5 fiches importées');
    });

    it('après la bascule, la recherche montre chaque lieu une fois, avec ses champs fusionnés', async () => {
      const b = await t.deps.sources.dedoublonner();
      assert.equal(b.multiples, 2);
      const p = await attendre((x) => x.total === 3, '3 lieux publiés après la bascule');
      assert.equal(p.lieux.filter((l) => /omega/i.test(l.nom)).length, 1);
      const o = omegaDe(p)!;
      assert.equal(o.telephone, '+33545952811', 'le téléphone de la source la plus récente');
      assert.equal(o.horaires, 'Mo-Fr 09:00-12:00', 'les horaires que seule l’autre source donne');
      assert.match(o.services ?? '', /outils numériques du quotidien/);
      assert.match(o.services ?? '', /démarches administratives/, 'les services des deux sources réunis');
      // The filters and counts are those of the merged place: its opening hours came from the other source.
      const ouverts = (await (await t.app.request('/api/v1/lieux?departement=16&ouvert=week-end')).json()) as Page;
      assert.equal(ouverts.total, 0);
    });

    it('la fiche fusionnée se lit sous l’uid de son représentant ; l’autre fiche y renvoie', async () => {
      const r = await t.app.request(`/api/v1/lieux/${representant}`);
      assert.equal(r.status, 200);
      const l = (await r.json()) as { horaires: string; telephone: string; maillage: { fiches_fusionnees: number } };
      assert.equal(l.horaires, 'Mo-Fr 09:00-12:00');
      assert.equal(l.telephone, '+33545952811');
      assert.equal(l.maillage.fiches_fusionnees, 2);
      const redir = await t.app.request(`/api/v1/lieux/${fusionne}`);
      assert.equal(redir.status, 301);
      assert.equal(redir.headers.get('location'), `/api/v1/lieux/${representant}`);
      for (const suite of ['', '/imprimer', '/orientation?beneficiaire=A']) {
        const page = await t.app.request(`/lieux/${fusionne}${suite}`);
        assert.equal(page.status, 301, suite);
        assert.equal(page.headers.get('location'), `/lieux/${representant}${suite}`);
      }
      const page = await t.app.request(`/lieux/${representant}`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.ok(html.includes('Mo-Fr') || html.includes('Lundi') || html.includes('lundi'), 'les horaires fusionnés sur la page');
      assert.match(html, /Informations issues de/);
    });

    it('les exports et les comptes par territoire publient le registre fusionné', async () => {
      const json = (await (await t.app.request('/api/v1/lieux.json')).json()) as unknown[];
      assert.equal(json.length, 3);
      const csv = await (await t.app.request('/api/v1/lieux.csv')).text();
      assert.equal(csv.trim().split('\n').length, 1 + 3);
      const csvDep = await (await t.app.request('/territoires/departements/16/lieux.csv')).text();
      assert.equal(csvDep.trim().split('\n').length, 1 + 3, 'le CSV du département');
    });

    it('la modification d’une fiche fusionnée par un gestionnaire se voit aussitôt sur le lieu publié', async () => {
      const admin = (await t.deps.comptes.structures.creerAdministrateur('admin@publie.fr')).acteur!;
      await t.deps.comptes.gestion.modifier(admin, fusionne, { horaires: 'Mo-Sa 09:00-12:00' });
      const p = await attendre((x) => omegaDe(x)?.horaires === 'Mo-Sa 09:00-12:00', 'horaires modifiés sur la fiche fusionnée');
      assert.equal(p.total, 3);
      const samedi = (await (await t.app.request('/api/v1/lieux?departement=16&ouvert=week-end')).json()) as Page;
      assert.equal(samedi.total, 1, 'les filtres suivent la fusion recalculée');
      const l = (await (await t.app.request(`/api/v1/lieux/${representant}`)).json()) as { horaires: string };
      assert.equal(l.horaires, 'Mo-Sa 09:00-12:00');
    });

    it('si la fiche représentante disparaît, l’autre fiche du lieu reparaît telle quelle', async () => {
      await t.deps.database.db.deleteFrom('lieux').where('uid', '=', representant).execute();
      await t.deps.recherche.rafraichir();
      const p = await chercher();
      assert.equal(p.total, 3);
      const uids = p.lieux.map((l) => l.maillage.uid);
      assert.ok(uids.includes(fusionne), 'la recherche trouve la fiche revenue');
      assert.ok(!uids.includes(representant), 'la recherche ne sert plus la fiche supprimée');
      assert.equal(p.lieux.find((l) => l.maillage.uid === fusionne)!.maillage.fiches_fusionnees, 1);
      assert.equal((await t.app.request(`/api/v1/lieux/${fusionne}`)).status, 200);
      assert.equal((await t.app.request(`/api/v1/lieux/${representant}`)).status, 404);
    });
  });
}
