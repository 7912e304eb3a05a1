import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../../../test/helpers/app.ts';
import { testEngines } from '../../../test/helpers/db.ts';
import { Navigateur } from '../../../test/helpers/formulaire.ts';
import { chargerActeur } from './comptes.repository.ts';
import { lireOutbox } from './courriel.ts';
import { LIMITES_CONNEXION } from './comptes.pages.ts';
import { LIMITE_API } from './comptes.web.ts';

const MDP = 'phrase de passe pour les pages';
const XSS = '"><script>alert(1)</script>';

for (const engine of testEngines()) {
  describe(`pages des comptes (${engine})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    before(async () => {
      t = await createTestApp({ engine, env: { TRUST_PROXY: 'oui' } });
    });
    after(() => t.close());

    const lien = async (email: string) => {
      const m = (await lireOutbox(t.deps.database.db)).find((x) => x.destinataire === email)!;
      return new URL(/https?:\/\/\S+/.exec(m.texte)![0]);
    };

    test('sign up, verify, sign in (rotated httpOnly Lax cookie), my account, export, sign out', async () => {
      const nav = new Navigateur(t.app);
      let res = await nav.poster('/inscription', { email: 'pages@exemple.fr', mot_de_passe: 'court' });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /12 caractères/);
      res = await nav.poster('/inscription', { email: 'Pages@Exemple.fr', mot_de_passe: MDP });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Vérifiez votre messagerie/);
      const verif = await lien('pages@exemple.fr');
      assert.equal(verif.pathname, '/compte/verifier');
      res = await nav.get(verif.pathname + verif.search);
      assert.match(await res.text(), /Adresse confirmée/);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');

      // Fixation: a session id planted before sign-in is not the one used after.
      nav.cookies.set('maillage_session', 'A'.repeat(43));
      res = await nav.poster('/connexion', { email: 'pages@exemple.fr', mot_de_passe: MDP });
      assert.equal(res.status, 303);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('maillage_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.notEqual(nav.cookies.get('maillage_session'), 'A'.repeat(43));
      res = await nav.get('/compte');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('cache-control') ?? '', /no-store/);
      assert.match(await res.text(), /pages@exemple\.fr/);
      res = await nav.get('/compte/export');
      assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
      assert.equal(((await res.json()) as { compte: { email: string } }).compte.email, 'pages@exemple.fr');

      const avant = nav.cookies.get('maillage_session');
      res = await nav.poster('/deconnexion', {}, { depuis: '/compte' });
      assert.equal(res.status, 303);
      assert.equal(nav.cookies.get('maillage_session'), undefined);
      // The old cookie, replayed, opens nothing.
      nav.cookies.set('maillage_session', avant!);
      assert.equal((await nav.get('/compte')).headers.get('location'), '/connexion');
    });

    test('CSRF: every POST needs the token of this visitor (or of this session)', async () => {
      const a = new Navigateur(t.app);
      const b = new Navigateur(t.app);
      const jetonA = await a.jeton('/connexion');
      let res = await a.poster('/connexion', { email: 'pages@exemple.fr', mot_de_passe: MDP }, { jeton: null });
      assert.equal(res.status, 403);
      await b.get('/connexion');
      res = await b.poster('/connexion', { email: 'pages@exemple.fr', mot_de_passe: MDP }, { jeton: jetonA });
      assert.equal(res.status, 403, 'another visitor’s token is refused');
      res = await a.poster('/connexion', { email: 'pages@exemple.fr', mot_de_passe: MDP }, { jeton: jetonA });
      assert.equal(res.status, 303);
      // Signed in: the anonymous token no longer counts, the session's does.
      res = await a.poster('/compte/deconnexion-partout', {}, { jeton: jetonA });
      assert.equal(res.status, 403);
      res = await a.poster('/compte/deconnexion-partout', {}, { depuis: '/compte' });
      assert.equal(res.status, 303);
      assert.equal((await a.get('/compte')).status, 200, 'still signed in here after closing the others');
      res = await t.app.request('/deconnexion', { method: 'POST', headers: { 'content-type': 'application/json', cookie: a.entete() }, body: '{}' });
      assert.equal(res.status, 403, 'JSON without the x-csrf-token header is refused too');
    });

    test('XSS: a structure name and a typed e-mail come back escaped', async () => {
      const admin = (await t.deps.comptes.structures.creerAdministrateur('admin-pages@exemple.fr')).acteur!;
      const s = await t.deps.comptes.structures.creerStructure(admin, { nom: XSS, siret: '11111111111111' });
      const u = await t.deps.database.db.selectFrom('utilisateurs').select('id').where('email', '=', 'pages@exemple.fr').executeTakeFirstOrThrow();
      await t.deps.comptes.structures.ajouterMembre(admin, s.id, 'pages@exemple.fr', 'responsable');
      assert.ok(await chargerActeur(t.deps.database.db, u.id));
      const nav = new Navigateur(t.app);
      await nav.poster('/connexion', { email: 'pages@exemple.fr', mot_de_passe: MDP });
      const corps = await (await nav.get('/compte')).text();
      assert.ok(!corps.includes(XSS));
      assert.ok(corps.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
      const res = await new Navigateur(t.app).poster('/inscription', { email: XSS, mot_de_passe: MDP });
      assert.equal(res.status, 400);
      assert.ok(!(await res.text()).includes(XSS));
    });

    test('rate limits: sign-in per address + e-mail, public API per address (429 with Retry-After)', async () => {
      const nav = new Navigateur(t.app);
      const jeton = await nav.jeton('/connexion');
      const essai = () => nav.poster('/connexion', { email: 'limite@exemple.fr', mot_de_passe: 'faux mot de passe' }, { jeton, entetes: { 'x-forwarded-for': '203.0.113.7' } });
      for (let i = 0; i < LIMITES_CONNEXION.parEmail.capacite; i++) assert.equal((await essai()).status, 401);
      const res = await essai();
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      const autre = await nav.poster('/connexion', { email: 'autre@exemple.fr', mot_de_passe: 'faux mot de passe' }, { jeton, entetes: { 'x-forwarded-for': '203.0.113.7' } });
      assert.equal(autre.status, 401, 'another e-mail from the same address is not blocked yet');

      const api = (ip: string) => t.app.request('/api/v1/nexiste-pas', { headers: { 'x-forwarded-for': ip } });
      // The bucket refills while the loop runs (20/s): count how many pass before the first 429.
      let passes = 0;
      let bloquee: Response | undefined;
      while (passes < LIMITE_API.capacite * 3 && (bloquee = await api('198.51.100.1')).status !== 429) passes++;
      assert.ok(passes >= LIMITE_API.capacite && passes < LIMITE_API.capacite * 3, `${passes} passed`);
      // Open CORS on the API's 429 too: a browser script can read it and its Retry-After.
      assert.equal(bloquee!.headers.get('access-control-allow-origin'), '*');
      assert.match(bloquee!.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      assert.notEqual((await api('198.51.100.2')).status, 429);
    });

    test('dev outbox lists messages outside production', async () => {
      await t.deps.comptes.comptes.demanderReinitialisation('admin-outbox@exemple.fr'); // unknown: no message
      await t.deps.comptes.structures.creerAdministrateur('admin-outbox@exemple.fr');
      const corps = await (await new Navigateur(t.app).get('/dev/outbox')).text();
      assert.match(corps, /À admin-outbox@exemple\.fr/);
      assert.match(corps, /\/compte\/mot-de-passe\?jeton=/);
    });
  });
}

test('production: no outbox page, __Host- Secure cookie, HSTS, secret required', async () => {
  await assert.rejects(createTestApp({ env: { NODE_ENV: 'production', PUBLIC_URL: 'https://maillage.example' } }), /MAILLAGE_SECRET/);
  const t = await createTestApp({ env: { NODE_ENV: 'production', PUBLIC_URL: 'https://maillage.example', MAILLAGE_SECRET: 'x'.repeat(40) } });
  try {
    assert.equal((await t.app.request('/dev/outbox', { headers: { accept: 'text/html' } })).status, 404);
    const res = await t.app.request('/connexion', { headers: { accept: 'text/html' } });
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d{8}/);
    assert.match(res.headers.getSetCookie().join('\n'), /^__Host-maillage-csrf=[^;]+;.*Secure/m);
  } finally {
    await t.close();
  }
});
