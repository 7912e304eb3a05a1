import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { journaliser } from './audit.ts';
import type { Acteur } from './autorisations.ts';
import * as repo from './comptes.repository.ts';
import type { Courrier } from './courriel.ts';
import { hacherJeton, jetonBienForme, nouveauJeton } from './jetons.ts';
import { aRehacher, hacherMotDePasse, hashLeurre, verifierMotDePasse } from './mot-de-passe.ts';

/** Lockout, token and session lifetimes (docs/comptes.md, « Sécurité »). */
export const REGLES = {
  echecsMax: 5,
  blocageMs: 15 * 60_000,
  sessionMs: 12 * 3_600_000,
  inactiviteMs: 2 * 3_600_000,
  verificationMs: 48 * 3_600_000,
  reinitialisationMs: 3_600_000,
  invitationMs: 7 * 86_400_000,
} as const;

export const schemaEmail = z.string().trim().toLowerCase().pipe(z.email('Adresse électronique invalide.').max(254));
// NIST 800-63B: length, not composition rules; 12 is the ANSSI recommendation for passwords alone.
export const schemaMotDePasse = z.string().min(12, 'Le mot de passe doit faire au moins 12 caractères.').max(256, 'Le mot de passe ne doit pas dépasser 256 caractères.');

const ECHEC_CONNEXION = 'Adresse électronique ou mot de passe incorrect. Après 5 essais, le compte est bloqué 15 minutes.';

export interface SessionOuverte {
  jeton: string;
  expire_le: Date;
}

export function createComptesService(o: { db: Db; courrier: Courrier; publicUrl: string }) {
  const { db, courrier } = o;
  const lien = (chemin: string, jeton: string) => `${o.publicUrl}${chemin}?jeton=${jeton}`;

  async function ouvrirSession(utilisateurId: number, ancienne?: string): Promise<SessionOuverte> {
    const { jeton, hash } = nouveauJeton();
    const expire_le = new Date(Date.now() + REGLES.sessionMs);
    await db.transaction().execute(async (trx) => {
      // Rotation: whatever id the browser had before signing in (possibly planted by an attacker) dies here.
      if (ancienne && jetonBienForme(ancienne)) await repo.supprimerSession(trx, hacherJeton(ancienne));
      // Retention: dead sessions and tokens are erased at the next sign-in of anyone (no scheduler needed).
      await repo.purger(trx, REGLES.inactiviteMs);
      await repo.creerSession(trx, { id: hash, utilisateur_id: utilisateurId, expire_le });
      await journaliser(trx, { acteur: utilisateurId, action: 'session.ouvrir', objet_type: 'utilisateur', objet_id: utilisateurId });
    });
    return { jeton, expire_le };
  }

  async function envoyerJeton(utilisateurId: number, email: string, type: 'verification' | 'reinitialisation', dureeMs: number, message: (url: string) => { sujet: string; texte: string }) {
    const { jeton, hash } = nouveauJeton();
    await repo.creerJeton(db, { hash, utilisateur_id: utilisateurId, type, expire_le: new Date(Date.now() + dureeMs) });
    const m = message(lien(type === 'verification' ? '/compte/verifier' : '/compte/mot-de-passe', jeton));
    await courrier.envoyer({ destinataire: email, ...m });
    return jeton;
  }

  const service = {
    /**
     * Same answer whether or not the address already has an account (no enumeration); the owner of an
     * existing account gets a message instead, telling them how to reset their password.
     */
    async inscrire(emailBrut: string, motDePasse: string): Promise<void> {
      const email = schemaEmail.parse(emailBrut);
      schemaMotDePasse.parse(motDePasse);
      const hash = await hacherMotDePasse(motDePasse);
      const cree = await db.transaction().execute(async (trx) => {
        const u = await repo.creerUtilisateur(trx, { email, hash });
        if (u) await journaliser(trx, { acteur: u.id, action: 'utilisateur.inscrire', objet_type: 'utilisateur', objet_id: u.id, apres: { email } });
        return u;
      });
      if (!cree) {
        await courrier.envoyer({ destinataire: email, sujet: 'Vous avez déjà un compte Maillage', texte: `Quelqu’un (peut-être vous) a demandé à créer un compte avec cette adresse, qui en a déjà un.\n\nSi vous avez oublié votre mot de passe : ${o.publicUrl}/compte/mot-de-passe-oublie\n\nSinon, ignorez ce message.` });
        return;
      }
      await envoyerJeton(cree.id, email, 'verification', REGLES.verificationMs, (url) => ({ sujet: 'Confirmez votre adresse électronique', texte: `Bienvenue sur Maillage.\n\nPour confirmer votre adresse, ouvrez ce lien (valable 48 heures) :\n${url}\n\nSi vous n’avez pas créé de compte, ignorez ce message.` }));
    },

    async verifierEmail(jeton: string): Promise<void> {
      if (!jetonBienForme(jeton)) throw new AppError('requete_invalide', 'Ce lien n’est pas valide.');
      await db.transaction().execute(async (trx) => {
        const j = await repo.consommerJeton(trx, hacherJeton(jeton), 'verification');
        if (!j) throw new AppError('requete_invalide', 'Ce lien a expiré ou a déjà servi.');
        await trx.updateTable('utilisateurs').set({ verifie_le: new Date() }).where('id', '=', j.utilisateur_id).where('verifie_le', 'is', null).execute();
        await journaliser(trx, { acteur: j.utilisateur_id, action: 'utilisateur.verifier', objet_type: 'utilisateur', objet_id: j.utilisateur_id });
      });
    },

    /** One generic error for unknown address, wrong password and locked account; the same argon2 cost in every case. */
    async connecter(emailBrut: string, motDePasse: string, ancienne?: string): Promise<SessionOuverte> {
      const email = schemaEmail.safeParse(emailBrut);
      const u = email.success ? await repo.utilisateurParEmail(db, email.data) : undefined;
      const bloque = u?.bloque_jusqua && u.bloque_jusqua > new Date();
      const ok = await verifierMotDePasse(motDePasse.slice(0, 256), u?.hash && !bloque ? u.hash : await hashLeurre());
      if (!u || !u.hash || bloque || !ok) {
        if (u && !bloque) await compterEchec(u.id);
        throw new AppError('non_authentifie', ECHEC_CONNEXION);
      }
      if (!u.verifie_le) {
        await envoyerJeton(u.id, u.email, 'verification', REGLES.verificationMs, (url) => ({ sujet: 'Confirmez votre adresse électronique', texte: `Pour confirmer votre adresse, ouvrez ce lien (valable 48 heures) :\n${url}` }));
        throw new AppError('non_authentifie', 'Confirmez d’abord votre adresse électronique : nous venons de vous envoyer un nouveau lien.');
      }
      await db.updateTable('utilisateurs').set({ echecs: 0, bloque_jusqua: null, ...(aRehacher(u.hash) ? { hash: await hacherMotDePasse(motDePasse) } : {}) }).where('id', '=', u.id).execute();
      return ouvrirSession(u.id, ancienne);
    },

    ouvrirSession,

    /** The session's user, or undefined (expired, idle too long, signed out). Activity is written at most once a minute. */
    async session(jeton: string | undefined): Promise<{ idSession: string; acteur: Acteur } | undefined> {
      if (!jetonBienForme(jeton)) return undefined;
      const id = hacherJeton(jeton);
      const s = await repo.sessionValide(db, id, REGLES.inactiviteMs);
      if (!s) return undefined;
      if (Date.now() - s.derniere_activite.getTime() > 60_000) await repo.toucherSession(db, id);
      const acteur = await repo.chargerActeur(db, s.utilisateur_id);
      return acteur ? { idSession: id, acteur } : undefined;
    },

    async deconnecter(jeton: string | undefined): Promise<void> {
      if (jetonBienForme(jeton)) await repo.supprimerSession(db, hacherJeton(jeton));
    },

    async deconnecterPartout(acteur: Acteur): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const n = await repo.supprimerSessions(trx, acteur.id);
        await journaliser(trx, { acteur: acteur.id, action: 'session.fermer_toutes', objet_type: 'utilisateur', objet_id: acteur.id, apres: { sessions: n } });
        return n;
      });
    },

    /** Always the same answer; a link only if the account exists. */
    async demanderReinitialisation(emailBrut: string): Promise<void> {
      const email = schemaEmail.safeParse(emailBrut);
      if (!email.success) return;
      const u = await repo.utilisateurParEmail(db, email.data);
      if (!u) return;
      await envoyerJeton(u.id, u.email, 'reinitialisation', REGLES.reinitialisationMs, (url) => ({ sujet: 'Choisir un nouveau mot de passe', texte: `Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure, une seule fois) :\n${url}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.` }));
    },

    /** Sets the password, proves the address, lifts a lockout and closes every open session. */
    async reinitialiser(jeton: string, motDePasse: string): Promise<void> {
      schemaMotDePasse.parse(motDePasse);
      if (!jetonBienForme(jeton)) throw new AppError('requete_invalide', 'Ce lien n’est pas valide.');
      const hash = await hacherMotDePasse(motDePasse);
      await db.transaction().execute(async (trx) => {
        const j = await repo.consommerJeton(trx, hacherJeton(jeton), 'reinitialisation');
        if (!j) throw new AppError('requete_invalide', 'Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.');
        await trx.updateTable('utilisateurs').set({ hash, echecs: 0, bloque_jusqua: null }).where('id', '=', j.utilisateur_id).execute();
        await trx.updateTable('utilisateurs').set({ verifie_le: new Date() }).where('id', '=', j.utilisateur_id).where('verifie_le', 'is', null).execute();
        await repo.supprimerSessions(trx, j.utilisateur_id);
        await journaliser(trx, { acteur: j.utilisateur_id, action: 'utilisateur.mot_de_passe', objet_type: 'utilisateur', objet_id: j.utilisateur_id });
      });
    },

    /** Account without password (invitation, first admin): the link to choose one, valid 7 days. */
    async inviter(email: string, sujet: string, intro: string): Promise<{ id: number; cree: boolean; lien?: string }> {
      const existant = await repo.utilisateurParEmail(db, email);
      if (existant) return { id: existant.id, cree: false };
      const u = await repo.creerUtilisateur(db, { email, hash: null });
      if (!u) throw new AppError('conflit');
      const jeton = await envoyerJeton(u.id, email, 'reinitialisation', REGLES.invitationMs, (url) => ({ sujet, texte: `${intro}\n\nPour choisir votre mot de passe, ouvrez ce lien (valable 7 jours, une seule fois) :\n${url}` }));
      return { id: u.id, cree: true, lien: lien('/compte/mot-de-passe', jeton) };
    },
  };

  async function compterEchec(id: number) {
    // One statement: concurrent failures all count, and the fifth sets the lock.
    await db
      .updateTable('utilisateurs')
      .set((eb) => ({
        echecs: eb.case().when('echecs', '>=', REGLES.echecsMax - 1).then(0).else(eb('echecs', '+', 1)).end(),
        bloque_jusqua: eb.case().when('echecs', '>=', REGLES.echecsMax - 1).then(new Date(Date.now() + REGLES.blocageMs)).else(eb.ref('bloque_jusqua')).end(),
      }))
      .where('id', '=', id)
      .execute();
  }

  return service;
}

export type ComptesService = ReturnType<typeof createComptesService>;
