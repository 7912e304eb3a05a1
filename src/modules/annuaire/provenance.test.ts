import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../../../test/helpers/db.ts';
import { createTestApp } from '../../../test/helpers/app.ts';
import { insererLieux, XSS } from '../../../test/browser/outils.ts';
import { chargerActeur } from '../comptes/comptes.repository.ts';
import { uidLieu } from '../lieux/lieux.ts';

const HTML = { accept: 'text/html' };

for (const engine of testEngines()) {
  describe(`fiche : « Informations issues de … » (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let seul: string, fusionne: string, publie: string;
    const copie = uidLieu('autre', 'a');
    before(async () => {
      t = await createTestApp({ engine });
      const db = t.deps.database.db;
      [fusionne, seul] = await insererLieux(db, [
        { id: 'a', nom: 'EPN de la Mairie', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 place de la Mairie', latitude: 50.69, longitude: 3.18 },
        { id: 'b', nom: 'Tiers-lieu', commune: 'Lille', code_postal: '59000', code_insee: '59350', adresse: '2 rue Pierre', latitude: 50.63, longitude: 3.06 },
      ]) as [string, string];
      // The same place published by a second source with a hostile name, newer data and no summary.
      await db.insertInto('sources').values({ cle: 'autre', nom: XSS[1], format: 'standard-v1' }).execute();
      const l = await db.selectFrom('lieux').selectAll().where('uid', '=', fusionne).executeTakeFirstOrThrow();
      await db.insertInto('lieux').values({ ...l, uid: copie, source_cle: 'autre', date_maj: '2026-11-02', presentation_resume: null } as never).execute();
      const b = await t.deps.sources.dedoublonner();
      assert.equal(b.multiples, 1, JSON.stringify(b.groupes));
      // The merged place shows under its smallest record uid; the other record's page leads there.
      publie = [fusionne, copie].sort()[0]!;
    });
    after(() => t.close());

    const page = async (uid: string) => {
      const r = await t.app.request(`/lieux/${uid}`, { headers: HTML });
      assert.equal(r.status, 200);
      return r.text();
    };

    it('lieu rassemblé : les sources, leur date, la source de chaque information, échappées', async () => {
      const corps = await page(publie);
      const autre = publie === fusionne ? copie : fusionne;
      assert.equal((await t.app.request(`/lieux/${autre}`, { headers: HTML })).headers.get('location'), `/lieux/${publie}`);
      assert.ok(!corps.includes(XSS[1]), 'le nom hostile de la source apparaît tel quel');
      const nomHostile = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';
      assert.ok(corps.includes(`Informations issues de ${nomHostile} et Fixture de test</h2>`), 'les deux sources, la plus récente d’abord');
      assert.ok(corps.includes(`<li>${nomHostile} — données du 2 novembre 2026</li>`));
      assert.ok(corps.includes('<li>Fixture de test — données du 1er octobre 2026</li>'));
      assert.match(corps, /<caption>Source de chaque information de la fiche rassemblée<\/caption>/);
      // The newest record gives the name; the summary only the older one has comes from it.
      assert.ok(corps.includes(`<tr><th scope="row">Nom</th><td>${nomHostile}</td><td>2 novembre 2026</td></tr>`));
      assert.match(corps, /<tr><th scope="row">[^<]+<\/th><td>Fixture de test<\/td><td>1er octobre 2026<\/td><\/tr>/);
      assert.doesNotMatch(corps, /<th scope="row">Identifiant unique local/, 'l’identifiant technique n’est pas une information du lieu');
      assert.ok(corps.includes(`href="/api/v1/lieux/${publie}/provenance"`));
      assert.equal((await t.app.request(`/api/v1/lieux/${publie}/provenance`)).status, 200, 'le lien JSON répond');
      assert.doesNotMatch(corps, /Historique des modifications/, 'aucune modification encore');
    });

    it('lieu d’une seule source : sa source et sa date, sans tableau', async () => {
      const corps = await page(seul);
      assert.match(corps, /Informations issues de Fixture de test<\/h2>\s*<p>Données de Fixture de test du 1er octobre 2026\.<\/p>/);
      assert.doesNotMatch(corps, /Source de chaque information de la fiche/);
      const r = await t.app.request(`/api/v1/lieux/${seul}/provenance`);
      assert.equal(r.status, 200);
      const json = (await r.json()) as { provenance: Record<string, { source: string }[]>; sources: unknown[] };
      assert.equal(json.sources.length, 1);
      assert.equal(json.provenance.nom![0]!.source, 'test');
    });

    it('historique : structure ou rôle, jamais la personne ; textes échappés', async () => {
      const { structures, gestion } = t.deps.comptes;
      const admin = (await structures.creerAdministrateur('admin@fiche.fr')).acteur!;
      // The fixtures' pivot is this SIRET: the structure's request is granted at once.
      const s = await structures.creerStructure(admin, { nom: XSS[0], siret: '13002526500013' });
      await structures.ajouterMembre(admin, s.id, 'personne.privee@fiche.fr', 'mediateur');
      const id = (await t.deps.database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'personne.privee@fiche.fr').executeTakeFirstOrThrow()).id;
      const mediateur = (await chargerActeur(t.deps.database.db, id))!;
      await gestion.demander(mediateur, s.id, fusionne);
      await gestion.modifier(mediateur, fusionne, { horaires: 'Mo-Sa 09:00-12:00', telephone: '+33320000000' });
      await gestion.declarerFerme(admin, copie);
      const corps = await page(publie);
      assert.match(corps, /<h2 class="fr-h4">Historique des modifications<\/h2>/);
      assert.ok(!corps.includes(XSS[0]));
      assert.match(corps, /par Administration nationale de Maillage : lieu déclaré fermé\.<\/li>/);
      assert.match(corps, /par &lt;script&gt;alert\(1\)&lt;\/script&gt; : modification \(horaires, numéro de téléphone\)\.<\/li>/i);
      assert.ok(corps.indexOf('déclaré fermé') < corps.indexOf(': modification ('), 'la plus récente d’abord');
      assert.ok(!corps.includes('@fiche.fr'), 'aucun courriel de personne');
    });
  });
}
