import * as client from 'openid-client';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { journaliser } from './audit.ts';
import type { ComptesService, SessionOuverte } from './comptes.service.ts';
import { schemaEmail } from './comptes.service.ts';
import * as repo from './comptes.repository.ts';
import { hacherJeton } from './jetons.ts';

export interface ConfigOidc {
  emetteur: string;
  clientId: string;
  secret: string;
  scopes: string;
  /** Where the provider sends the browser back: PUBLIC_URL + /connexion/oidc/retour. */
  retour: string;
}

const DUREE_ETAT_MS = 10 * 60_000;
const ECHEC = 'La connexion par ProConnect n’a pas abouti. Réessayez, ou connectez-vous avec votre mot de passe.';

/**
 * OpenID Connect sign-in (authorization code + PKCE + nonce + state), compatible with ProConnect, through
 * openid-client. The provider's metadata is discovered on first use (the app starts even if it is down).
 * An identity is matched by (issuer, sub); a first sign-in links to the account of the same verified e-mail,
 * or creates one (already verified: the provider vouches for the address).
 */
export function createOidcService(o: { db: Db; comptes: ComptesService; config: ConfigOidc }) {
  const { db, config } = o;
  let decouverte: Promise<client.Configuration> | undefined;
  const configuration = () => {
    decouverte ??= client
      .discovery(new URL(config.emetteur), config.clientId, config.secret, undefined, config.emetteur.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        decouverte = undefined; // retry at the next sign-in
        throw new AppError('indisponible', 'Le service de connexion ProConnect ne répond pas. Réessayez plus tard.', [{ key: 'oidc_discovery', message: String(err) }]);
      });
    return decouverte;
  };

  return {
    /** The URL to send the browser to, and the `state` to keep in its cookie. */
    async demarrer(): Promise<{ url: string; etat: string }> {
      const cfg = await configuration();
      const verificateur = client.randomPKCECodeVerifier();
      const etat = client.randomState();
      const nonce = client.randomNonce();
      await db.deleteFrom('oidc_etats').where('expire_le', '<', new Date()).execute();
      await db.insertInto('oidc_etats').values({ hash: hacherJeton(etat), verificateur, nonce, expire_le: new Date(Date.now() + DUREE_ETAT_MS) }).execute();
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: config.retour,
        scope: config.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(verificateur),
        code_challenge_method: 'S256',
        state: etat,
        nonce,
      });
      return { url: url.href, etat };
    },

    /** The provider's answer: `urlRetour` is the full callback URL, `etatCookie` what the browser kept. */
    async terminer(urlRetour: URL, etatCookie: string | undefined, ancienne?: string): Promise<SessionOuverte> {
      const etat = urlRetour.searchParams.get('state');
      // The state must come back in the same browser that started (login CSRF).
      if (!etat || !etatCookie || etat !== etatCookie) throw new AppError('non_authentifie', ECHEC);
      const e = await db.deleteFrom('oidc_etats').where('hash', '=', hacherJeton(etat)).where('expire_le', '>', new Date()).returning(['verificateur', 'nonce']).executeTakeFirst();
      if (!e) throw new AppError('non_authentifie', ECHEC);
      const cfg = await configuration();
      let sujet: string;
      let emailBrut: unknown;
      let verifie: unknown;
      try {
        const jetons = await client.authorizationCodeGrant(cfg, urlRetour, { pkceCodeVerifier: e.verificateur, expectedState: etat, expectedNonce: e.nonce });
        const claims = jetons.claims();
        if (!claims) throw new Error('pas de id_token');
        sujet = claims.sub;
        // ProConnect gives the e-mail in userinfo, not always in the ID token.
        const infos = await client.fetchUserInfo(cfg, jetons.access_token, sujet);
        emailBrut = infos.email ?? claims.email;
        verifie = infos.email_verified ?? claims.email_verified;
      } catch (err) {
        throw new AppError('non_authentifie', ECHEC, [{ key: 'oidc', message: err instanceof Error ? err.message : String(err) }]);
      }
      const utilisateurId = await lier(sujet, emailBrut, verifie);
      return o.comptes.ouvrirSession(utilisateurId, ancienne);
    },
  };

  async function lier(sujet: string, emailBrut: unknown, verifie: unknown): Promise<number> {
    const connue = await db.selectFrom('identites_oidc').select('utilisateur_id').where('emetteur', '=', config.emetteur).where('sujet', '=', sujet).executeTakeFirst();
    if (connue) return connue.utilisateur_id;
    const email = schemaEmail.safeParse(emailBrut);
    if (!email.success || verifie === false) throw new AppError('non_authentifie', 'ProConnect n’a pas transmis d’adresse électronique vérifiée.');
    return db.transaction().execute(async (trx) => {
      const existant = await repo.utilisateurParEmail(trx, email.data);
      const id = existant?.id ?? (await repo.creerUtilisateur(trx, { email: email.data, hash: null, verifie_le: new Date() }))?.id;
      if (!id) throw new AppError('conflit');
      if (existant && !existant.verifie_le) await trx.updateTable('utilisateurs').set({ verifie_le: new Date() }).where('id', '=', id).execute();
      await trx.insertInto('identites_oidc').values({ emetteur: config.emetteur, sujet, utilisateur_id: id }).execute();
      await journaliser(trx, { acteur: id, action: 'utilisateur.lier_oidc', objet_type: 'utilisateur', objet_id: id, apres: { emetteur: config.emetteur, cree: !existant } });
      return id;
    });
  }
}

export type OidcService = ReturnType<typeof createOidcService>;
