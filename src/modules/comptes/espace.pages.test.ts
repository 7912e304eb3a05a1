import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { testEngines } from '../../../test/helpers/db.ts';
import { Navigateur } from '../../../test/helpers/formulaire.ts';
import { insererLieux } from '../../../test/browser/outils.ts';
import { lieuParUid } from '../lieux/lieux.repository.ts';

const XSS = '"><img src=x onerror=alert(1)>';

for (const engine of testEngines()) {
  describe(`espace des acteurs (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    let uid: string;
    let nav: Navigateur;
    before(async () => {
      t = await createTestApp({ engine });
      [uid] = (await insererLieux(t.deps.database.db, [{ id: 'e', nom: 'EPN', commune: 'Roubaix', code_postal: '59100', code_insee: '59512', adresse: '1 rue', latitude: 50.69, longitude: 3.18 }])) as [string];
      const { structures, comptes } = t.deps.comptes;
      const admin = (await structures.creerAdministrateur('admin@e.fr')).acteur!;
      const s = await structures.creerStructure(admin, { nom: 'Mairie', siret: '13002526500013' });
      const m = await structures.ajouterMembre(admin, s.id, 'med@e.fr', 'mediateur');
      nav = new Navigateur(t.app);
      nav.cookies.set('maillage_session', (await comptes.ouvrirSession(m.utilisateur)).jeton);
      assert.equal((await nav.poster('/espace/demandes', { structure: String(s.id), uid }, { depuis: '/espace' })).status, 303);
    });
    after(() => t.close());

    test('ask, edit with the day-by-day hours helper, errors kept and escaped, versions written', async () => {
      assert.match(await (await nav.get('/espace')).text(), new RegExp(`href="/espace/lieux/${uid}"`));
      let res = await nav.poster(`/espace/lieux/${uid}`, { nom: XSS, horaires_Tu: 'le matin' }, { depuis: `/espace/lieux/${uid}` });
      assert.equal(res.status, 400);
      let corps = await res.text();
      assert.match(corps, /écrivez une plage comme 9h-12h/);
      assert.ok(!corps.includes(XSS) && corps.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), 'typed value kept, escaped');
      res = await nav.poster(`/espace/lieux/${uid}`, { nom: XSS, horaires_Mo: '9h-12h', horaires_Tu: '9h-12h', telephone: 'pas un numéro' }, { depuis: `/espace/lieux/${uid}` });
      assert.equal(res.status, 400, 'the register’s validation refuses the phone');
      assert.equal((await lieuParUid(t.deps.database.db, uid))!.nom, 'EPN', 'all or nothing');
      res = await nav.poster(`/espace/lieux/${uid}`, { nom: XSS, horaires_Mo: '9h-12h', horaires_Tu: '9h-12h' }, { depuis: `/espace/lieux/${uid}` });
      assert.equal(res.status, 303);
      const l = (await lieuParUid(t.deps.database.db, uid))!;
      assert.equal(l.nom, XSS);
      assert.equal(l.horaires, 'Mo-Tu 09:00-12:00');
      corps = await (await nav.get(`/espace/lieux/${uid}`)).text();
      assert.ok(!corps.includes(XSS));
      const v = await t.deps.comptes.gestion.versions(uid);
      assert.equal(v.length, 1);
      assert.deepEqual((v[0]!.apres as Record<string, unknown>).horaires, 'Mo-Tu 09:00-12:00');
    });

    test('structures: declared by an admin (name escaped), members invited by e-mail, roles named', async () => {
      const admin = new Navigateur(t.app);
      const id = (await t.deps.database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'admin@e.fr').executeTakeFirstOrThrow()).id;
      admin.cookies.set('maillage_session', (await t.deps.comptes.comptes.ouvrirSession(id)).jeton);
      let res = await admin.poster('/espace/structures', { nom: XSS, rna: 'W591234567' }, { depuis: '/espace/structures' });
      assert.equal(res.status, 303);
      const page = res.headers.get('location')!;
      res = await admin.poster(`${page}/membres`, { email: 'Nouvelle@E.fr', role: 'prescripteur' }, { depuis: page });
      assert.equal(res.status, 303);
      const corps = await (await admin.get(page)).text();
      assert.ok(!corps.includes(XSS) && corps.includes('&quot;&gt;&lt;img'));
      assert.match(corps, /nouvelle@e\.fr — Prescripteur/);
      const m = await t.deps.database.db.selectFrom('courriels_sortants').selectAll().where('destinataire', '=', 'nouvelle@e.fr').executeTakeFirstOrThrow();
      assert.match(m.sujet, /Invitation à rejoindre/);
      res = await admin.poster('/admin/roles', { email: 'coord@e.fr', role: 'coordinateur', region: '32' }, { depuis: '/espace/structures' });
      assert.equal(res.status, 303);
      const r = await t.deps.database.db.selectFrom('roles_territoriaux').innerJoin('utilisateurs as u', 'u.id', 'roles_territoriaux.utilisateur_id').select(['role', 'region']).where('u.email', '=', 'coord@e.fr').execute();
      assert.deepEqual(r, [{ role: 'coordinateur', region: '32' }]);
      // The mediator (not responsable) cannot invite.
      assert.equal((await nav.poster(`${page}/membres`, { email: 'x@e.fr', role: 'mediateur' }, { depuis: '/espace' })).status, 403);
    });
  });
}
