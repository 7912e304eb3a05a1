import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { Seaux } from '../../lib/seaux.ts';
import { champCsrf } from '../../web/csrf.ts';
import { page, type Html } from '../../web/layout.ts';
import { registerStatic } from '../../web/static.ts';
import { lireOutbox } from './courriel.ts';
import type { Comptes } from './comptes.deps.ts';
import { schemaEmail, schemaMotDePasse } from './comptes.service.ts';
import { acteurRequis, jetonSession, poserCookieSession, retirerCookieSession } from './comptes.session.ts';
import * as v from './comptes.vues.ts';
import { registerEspace } from './espace.pages.ts';
import { registerStructuresPages } from './structures.pages.ts';
import { adresseClient, estSecurise, limiter } from './comptes.web.ts';

/** Sign-in: 10 tries per address + e-mail then one every 30 s; 30 per address (all e-mails) then one every 6 s. */
export const LIMITES_CONNEXION = { parEmail: { capacite: 10, parSeconde: 1 / 30 }, parAdresse: { capacite: 30, parSeconde: 1 / 6 } } as const;

const texte = (v: unknown) => (typeof v === 'string' ? v : '');

/** The accounts' HTML pages (DSFR forms, no JavaScript needed). Rules live in the services. */
export function registerComptes(app: Hono, deps: { config: Config; comptes: Comptes; database: { db: Db } }): void {
  const { config } = deps;
  const { comptes, structures, oidc } = deps.comptes;
  const securise = estSecurise(config);
  const assets = registerStatic(app);
  const parEmail = new Seaux(LIMITES_CONNEXION.parEmail.capacite, LIMITES_CONNEXION.parEmail.parSeconde);
  const parAdresse = new Seaux(LIMITES_CONNEXION.parAdresse.capacite, LIMITES_CONNEXION.parAdresse.parSeconde);
  const petit = bodyLimit({ maxSize: 8 * 1024, onError: () => { throw new AppError('trop_volumineux'); } });

  // Pages holding one-time tokens or personal data: never cached, never sent as referrer.
  const rendre = (c: Context, titre: string, contenu: Html, status = 200) =>
    c.html(page({ titre, contenu, assets, fil: [{ libelle: titre }] }), status as 200, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  const corps = async (c: Context) => (await c.req.parseBody()) as Record<string, unknown>;
  const erreursDe = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0] ?? 'email'), i.message]));

  app.get('/connexion', (c) => rendre(c, 'Se connecter', v.vueConnexion(champCsrf(c), { annonce: c.req.query('motdepasse') === 'change' ? 'Mot de passe enregistré : vous pouvez vous connecter.' : '', proconnect: oidc !== null })));
  app.post('/connexion', petit, async (c) => {
    const b = await corps(c);
    const email = texte(b.email).trim().toLowerCase().slice(0, 254);
    const ip = adresseClient(c, config);
    limiter(parAdresse, ip, c);
    limiter(parEmail, ip && `${ip}|${email}`, c);
    try {
      const s = await comptes.connecter(email, texte(b.mot_de_passe), jetonSession(c, securise));
      poserCookieSession(c, s, securise);
      return c.redirect('/compte', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'non_authentifie') throw err;
      return rendre(c, 'Se connecter', v.vueConnexion(champCsrf(c), { email, message: err.message, proconnect: oidc !== null }), 401);
    }
  });

  // OpenID Connect (ProConnect). The state rides in a short httpOnly cookie: SameSite=Lax still sends it on the
  // provider's top-level redirect back, and a callback from another browser fails.
  const cookieOidc = securise ? '__Host-maillage-oidc' : 'maillage_oidc';
  app.get('/connexion/oidc', async (c) => {
    if (!oidc) throw new AppError('introuvable', 'La connexion par ProConnect n’est pas configurée.');
    const { url, etat } = await oidc.demarrer();
    setCookie(c, cookieOidc, etat, { path: '/', httpOnly: true, sameSite: 'Lax', secure: securise, maxAge: 600 });
    return c.redirect(url, 302);
  });
  app.get('/connexion/oidc/retour', async (c) => {
    if (!oidc) throw new AppError('introuvable', 'La connexion par ProConnect n’est pas configurée.');
    const etat = getCookie(c, cookieOidc);
    deleteCookie(c, cookieOidc, { path: '/', secure: securise });
    const ici = new URL(c.req.url);
    try {
      const s = await oidc.terminer(new URL(`${config.publicUrl}${ici.pathname}${ici.search}`), etat, jetonSession(c, securise));
      poserCookieSession(c, s, securise);
      return c.redirect('/compte', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'non_authentifie') throw err;
      return rendre(c, 'Se connecter', v.vueConnexion(champCsrf(c), { message: err.message, proconnect: true }), 401);
    }
  });

  app.get('/inscription', (c) => rendre(c, 'Créer un compte', v.vueInscription(champCsrf(c), { erreurs: {} })));
  app.post('/inscription', petit, async (c) => {
    const b = await corps(c);
    const lu = z.object({ email: schemaEmail, mot_de_passe: schemaMotDePasse }).safeParse({ email: texte(b.email), mot_de_passe: texte(b.mot_de_passe) });
    if (!lu.success) return rendre(c, 'Créer un compte', v.vueInscription(champCsrf(c), { email: texte(b.email), erreurs: erreursDe(lu.error) }), 400);
    limiter(parAdresse, adresseClient(c, config), c);
    await comptes.inscrire(lu.data.email, lu.data.mot_de_passe);
    return rendre(c, 'Vérifiez votre messagerie', v.vueInscriptionEnvoyee(lu.data.email));
  });

  app.get('/compte/verifier', async (c) => {
    try {
      await comptes.verifierEmail(c.req.query('jeton') ?? '');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'requete_invalide') throw err;
      return rendre(c, 'Lien invalide', v.vueMessage('Lien invalide', err.message, { href: '/connexion', libelle: 'Se connecter' }), 400);
    }
    return rendre(c, 'Adresse confirmée', v.vueMessage('Adresse confirmée', 'Votre adresse électronique est confirmée.', { href: '/connexion', libelle: 'Se connecter' }));
  });

  app.get('/compte/mot-de-passe-oublie', (c) => rendre(c, 'Mot de passe oublié', v.vueOubli(champCsrf(c), false)));
  app.post('/compte/mot-de-passe-oublie', petit, async (c) => {
    limiter(parAdresse, adresseClient(c, config), c);
    await comptes.demanderReinitialisation(texte((await corps(c)).email));
    return rendre(c, 'Mot de passe oublié', v.vueOubli(champCsrf(c), true));
  });

  app.get('/compte/mot-de-passe', (c) => rendre(c, 'Choisir un mot de passe', v.vueNouveauMotDePasse(champCsrf(c), c.req.query('jeton') ?? '', {})));
  app.post('/compte/mot-de-passe', petit, async (c) => {
    const b = await corps(c);
    const jeton = texte(b.jeton);
    const mdp = schemaMotDePasse.safeParse(texte(b.mot_de_passe));
    if (!mdp.success) return rendre(c, 'Choisir un mot de passe', v.vueNouveauMotDePasse(champCsrf(c), jeton, { mot_de_passe: mdp.error.issues[0]!.message }), 400);
    try {
      await comptes.reinitialiser(jeton, mdp.data);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'requete_invalide') throw err;
      return rendre(c, 'Choisir un mot de passe', v.vueNouveauMotDePasse(champCsrf(c), jeton, {}, err.message), 400);
    }
    retirerCookieSession(c, securise);
    return c.redirect('/connexion?motdepasse=change', 303);
  });

  app.get('/compte', async (c) => {
    const a = c.get('acteur');
    if (!a) return c.redirect('/connexion', 303);
    const liste = await deps.database.db.selectFrom('membres').innerJoin('structures as s', 's.id', 'membres.structure_id').select(['s.id', 's.nom', 'membres.role']).where('utilisateur_id', '=', a.id).orderBy('s.nom').execute();
    const annonce = c.req.query('fait') === 'partout' ? 'Les autres sessions sont fermées.' : undefined;
    return rendre(c, 'Mon compte', v.vueCompte(champCsrf(c), a, liste, annonce));
  });

  app.get('/compte/export', async (c) => {
    const donnees = await structures.exporter(acteurRequis(c));
    return c.body(JSON.stringify(donnees, null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="mes-donnees-maillage.json"', 'cache-control': 'no-store' });
  });

  app.post('/deconnexion', async (c) => {
    await comptes.deconnecter(jetonSession(c, securise));
    retirerCookieSession(c, securise);
    return c.redirect('/', 303);
  });

  app.post('/compte/deconnexion-partout', async (c) => {
    await comptes.deconnecterPartout(acteurRequis(c));
    // Every session is gone, this one too: open a fresh one so the person stays signed in here only.
    const s = await comptes.ouvrirSession(acteurRequis(c).id);
    poserCookieSession(c, s, securise);
    return c.redirect('/compte?fait=partout', 303);
  });

  app.post('/compte/supprimer', petit, async (c) => {
    const a = acteurRequis(c);
    if (texte((await corps(c)).confirmer) !== 'oui') throw new AppError('formulaire_invalide', 'Cochez la case pour confirmer la suppression.');
    await structures.supprimerCompte(a);
    retirerCookieSession(c, securise);
    return rendre(c, 'Compte supprimé', v.vueMessage('Compte supprimé', 'Votre compte et les données qui y étaient liées sont effacés.'));
  });

  app.get('/admin/journal', async (c) => {
    const avant = z.coerce.number().int().positive().optional().parse(c.req.query('avant'));
    const lignes = await structures.journal(c.get('acteur'), { avant, limite: 100 });
    return rendre(c, 'Journal d’audit', v.vueJournal(lignes, lignes.length === 100 ? lignes.at(-1)!.id : undefined));
  });

  registerEspace(app, deps);
  registerStructuresPages(app, deps);

  // Development only: the embedded default has no mail server. Not registered at all in production.
  if (config.NODE_ENV !== 'production') {
    app.get('/dev/outbox', async (c) => rendre(c, 'Courriels envoyés', v.vueOutbox(await lireOutbox(deps.database.db))));
  }
}
