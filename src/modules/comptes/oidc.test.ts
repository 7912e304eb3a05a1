import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Provider from 'oidc-provider';
import { createTestApp } from '../../../test/helpers/app.ts';
import { Navigateur } from '../../../test/helpers/formulaire.ts';

/**
 * End to end against a real OpenID Connect provider (oidc-provider) started on a local port, with its
 * development login screens: the browser's part (cookies, redirects, forms) is played by fetch.
 */
const PUBLIC = 'http://localhost:3999';
let serveur: Server;
let emetteur = '';
let t: Awaited<ReturnType<typeof createTestApp>>;
const comptes: Record<string, { email?: string; email_verified?: boolean }> = {
  'agent-1': { email: 'Agent.Un@Exemple.gouv.fr', email_verified: true },
  'sans-email': {},
};

before(async () => {
  let gestionnaire: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
  serveur = createServer((req, res) => gestionnaire!(req, res));
  await new Promise<void>((ok) => serveur.listen(0, '127.0.0.1', ok));
  emetteur = `http://127.0.0.1:${(serveur.address() as AddressInfo).port}`;
  const provider = new Provider(emetteur, {
    clients: [{ client_id: 'maillage', client_secret: 'secret-de-test', redirect_uris: [`${PUBLIC}/connexion/oidc/retour`], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...comptes[sub] }) }),
    features: { devInteractions: { enabled: true } },
  });
  gestionnaire = provider.callback();
  t = await createTestApp({ env: { PUBLIC_URL: PUBLIC, OIDC_ISSUER: emetteur, OIDC_CLIENT_ID: 'maillage', OIDC_CLIENT_SECRET: 'secret-de-test', OIDC_SCOPES: 'openid email' } });
});
after(async () => {
  await t.close();
  serveur.closeAllConnections();
  await new Promise<void>((ok) => serveur.close(() => ok()));
});

/** The provider's side of the browser: follows its redirects and submits its login and consent forms. */
async function chezLeFournisseur(url: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const aller = async (u: string, init: RequestInit = {}) => {
    const res = await fetch(u, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const l of res.headers.getSetCookie()) {
      const [p] = l.split(';');
      const i = p!.indexOf('=');
      cookies.set(p!.slice(0, i), p!.slice(i + 1));
    }
    return res;
  };
  let courant = url;
  for (let etape = 0; etape < 12; etape++) {
    const res = await aller(courant);
    const suite = res.headers.get('location');
    if (suite) {
      const absolu = new URL(suite, courant);
      if (absolu.href.startsWith(PUBLIC)) return absolu;
      courant = absolu.href;
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(action && prompt, `formulaire attendu chez le fournisseur : ${page.slice(0, 300)}`);
    const envoi = await aller(new URL(action, courant).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ prompt, login, password: 'x' }).toString() });
    courant = new URL(envoi.headers.get('location')!, courant).href;
  }
  throw new Error('trop de redirections chez le fournisseur');
}

test('ProConnect-style sign-in: code + PKCE + nonce, the account is created verified, then found again by its subject', async () => {
  const nav = new Navigateur(t.app);
  assert.match(await (await nav.get('/connexion')).text(), /href="\/connexion\/oidc"/);
  let res = await nav.get('/connexion/oidc');
  assert.equal(res.status, 302);
  const autorisation = new URL(res.headers.get('location')!);
  assert.equal(autorisation.origin, emetteur);
  assert.equal(autorisation.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(autorisation.searchParams.get('nonce'));

  const retour = await chezLeFournisseur(autorisation.href, 'agent-1');
  assert.equal(retour.pathname, '/connexion/oidc/retour');
  assert.ok(retour.searchParams.get('code'));

  // Replayed from another browser (no state cookie): refused.
  const autre = new Navigateur(t.app);
  assert.equal((await autre.get(retour.pathname + retour.search)).status, 401);

  res = await nav.get(retour.pathname + retour.search);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/compte');
  assert.match(await (await nav.get('/compte')).text(), /agent\.un@exemple\.gouv\.fr/);
  const u = await t.deps.database.db.selectFrom('utilisateurs').selectAll().where('email', '=', 'agent.un@exemple.gouv.fr').executeTakeFirstOrThrow();
  assert.ok(u.verifie_le);
  assert.equal(u.hash, null);
  // The same code a second time: refused (state used once).
  assert.equal((await nav.get(retour.pathname + retour.search)).status, 401);

  // Second sign-in: same account through (issuer, sub), one identity row.
  const nav2 = new Navigateur(t.app);
  const url2 = (await nav2.get('/connexion/oidc')).headers.get('location')!;
  const retour2 = await chezLeFournisseur(url2, 'agent-1');
  assert.equal((await nav2.get(retour2.pathname + retour2.search)).status, 303);
  const liens = await t.deps.database.db.selectFrom('identites_oidc').selectAll().execute();
  assert.deepEqual(liens.map((l) => [l.emetteur, l.sujet, l.utilisateur_id]), [[emetteur, 'agent-1', u.id]]);
});

test('a provider account without an e-mail cannot sign in', async () => {
  const nav = new Navigateur(t.app);
  const url = (await nav.get('/connexion/oidc')).headers.get('location')!;
  const retour = await chezLeFournisseur(url, 'sans-email');
  const res = await nav.get(retour.pathname + retour.search);
  assert.equal(res.status, 401);
  assert.match(await res.text(), /adresse électronique vérifiée/);
});
