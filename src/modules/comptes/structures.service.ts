import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { journaliser, lireJournal } from './audit.ts';
import { exiger, ROLES_STRUCTURE, type Acteur, type RoleStructure } from './autorisations.ts';
import type { ComptesService } from './comptes.service.ts';
import { schemaEmail } from './comptes.service.ts';
import * as repo from './comptes.repository.ts';

export const schemaStructure = z
  .object({
    nom: z.string().trim().min(1, 'Indiquez le nom de la structure.').max(300),
    siret: z.string().trim().regex(/^[0-9]{14}$/, 'Le SIRET compte 14 chiffres.').optional(),
    rna: z.string().trim().toUpperCase().regex(/^W[0-9A-Z]{9}$/, 'Le numéro RNA est un W suivi de 9 caractères.').optional(),
  })
  .refine((s) => s.siret || s.rna, { message: 'Indiquez un SIRET ou un numéro RNA.', path: ['siret'] });

export const schemaPortee = z.union([
  z.object({ role: z.literal('administrateur_national') }),
  z.object({ role: z.literal('coordinateur'), departement: z.string().regex(/^(2A|2B|[0-9]{2,3})$/, 'Code de département invalide.') }),
  z.object({ role: z.literal('coordinateur'), region: z.string().regex(/^[0-9]{2}$/, 'Code de région invalide.') }),
]);

/** Structures, memberships, territorial roles, personal data export/deletion, audit reading. */
export function createStructuresService(o: { db: Db; comptes: ComptesService }) {
  const { db } = o;
  return {
    async creerStructure(acteur: Acteur | null, saisie: unknown) {
      const a = exiger(acteur, 'structure.creer');
      const s = schemaStructure.parse(saisie);
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('structures')
          .values({ nom: s.nom, siret: s.siret ?? null, rna: s.rna ?? null })
          .onConflict((oc) => oc.doNothing())
          .returning(['id', 'nom', 'siret', 'rna'])
          .executeTakeFirst();
        if (!r) throw new AppError('conflit', 'Une structure porte déjà ce SIRET ou ce numéro RNA.');
        await journaliser(trx, { acteur: a.id, action: 'structure.creer', objet_type: 'structure', objet_id: r.id, apres: r });
        return r;
      });
    },

    async structure(acteur: Acteur | null, id: number) {
      exiger(acteur, 'structure.lire', { type: 'structure', id });
      const s = await db.selectFrom('structures').selectAll().where('id', '=', id).executeTakeFirst();
      if (!s) throw new AppError('introuvable');
      const membres = await db.selectFrom('membres').innerJoin('utilisateurs as u', 'u.id', 'membres.utilisateur_id').select(['u.id', 'u.email', 'membres.role']).where('structure_id', '=', id).orderBy('u.email').execute();
      return { ...s, membres };
    },

    /** Adds a member; an unknown address gets an account without password and an invitation e-mail. */
    async ajouterMembre(acteur: Acteur | null, structureId: number, emailBrut: string, role: RoleStructure) {
      const a = exiger(acteur, 'structure.membres.gerer', { type: 'structure', id: structureId });
      const email = schemaEmail.parse(emailBrut);
      if (!ROLES_STRUCTURE.includes(role)) throw new AppError('requete_invalide', 'Rôle inconnu.');
      const s = await db.selectFrom('structures').select(['id', 'nom']).where('id', '=', structureId).executeTakeFirst();
      if (!s) throw new AppError('introuvable');
      const invite = await o.comptes.inviter(email, `Invitation à rejoindre ${s.nom} sur Maillage`, `${a.email} vous invite à rejoindre « ${s.nom} » sur Maillage.`);
      await db.transaction().execute(async (trx) => {
        const r = await trx.insertInto('membres').values({ utilisateur_id: invite.id, structure_id: structureId, role }).onConflict((oc) => oc.doNothing()).returning('role').executeTakeFirst();
        if (r) await journaliser(trx, { acteur: a.id, action: 'membre.ajouter', objet_type: 'structure', objet_id: structureId, apres: { utilisateur: invite.id, role } });
      });
      return { utilisateur: invite.id, invite: invite.cree };
    },

    async retirerMembre(acteur: Acteur | null, structureId: number, utilisateurId: number, role: RoleStructure) {
      const a = exiger(acteur, 'structure.membres.gerer', { type: 'structure', id: structureId });
      await db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('membres').where('structure_id', '=', structureId).where('utilisateur_id', '=', utilisateurId).where('role', '=', role).executeTakeFirst();
        if (!Number(r.numDeletedRows)) throw new AppError('introuvable');
        await journaliser(trx, { acteur: a.id, action: 'membre.retirer', objet_type: 'structure', objet_id: structureId, avant: { utilisateur: utilisateurId, role } });
      });
    },

    /** Coordinators and national admins are named by a national admin (the first one by the CLI). */
    async attribuerRole(acteur: Acteur | null, emailBrut: string, portee: unknown) {
      const a = exiger(acteur, 'role_territorial.attribuer');
      return attribuer(a.id, emailBrut, portee);
    },

    /** CLI only (whoever runs it already holds the server): creates the account if needed and makes it a national admin. */
    async creerAdministrateur(emailBrut: string) {
      return attribuer(null, emailBrut, { role: 'administrateur_national' });
    },

    /** The structures the person belongs to, with their role in each. */
    async mesStructures(acteur: Acteur) {
      return db.selectFrom('membres').innerJoin('structures as s', 's.id', 'membres.structure_id').select(['s.id', 's.nom', 'membres.role']).where('utilisateur_id', '=', acteur.id).orderBy('s.nom').execute();
    },

    async journal(acteur: Acteur | null, o2: { avant?: number | undefined; limite?: number }) {
      exiger(acteur, 'audit.lire');
      return lireJournal(db, { avant: o2.avant, limite: Math.min(o2.limite ?? 100, 500) });
    },

    /** Everything stored about the person (RGPD art. 15 and 20), as one JSON document. */
    async exporter(acteur: Acteur) {
      const u = await db.selectFrom('utilisateurs').select(['id', 'email', 'verifie_le', 'cree_le']).where('id', '=', acteur.id).executeTakeFirstOrThrow();
      const membres = await db.selectFrom('membres').innerJoin('structures as s', 's.id', 'membres.structure_id').select(['s.nom', 's.siret', 's.rna', 'membres.role', 'membres.cree_le']).where('utilisateur_id', '=', acteur.id).execute();
      const roles = await db.selectFrom('roles_territoriaux').select(['role', 'departement', 'region', 'cree_le']).where('utilisateur_id', '=', acteur.id).execute();
      const sessions = await db.selectFrom('sessions').select(['cree_le', 'expire_le', 'derniere_activite']).where('utilisateur_id', '=', acteur.id).execute();
      const journal = await lireJournal(db, { acteur: acteur.id, limite: 10_000 });
      return { exporte_le: new Date().toISOString(), compte: u, membres, roles_territoriaux: roles, sessions, journal };
    },

    /** Deletes the account and everything tied to it; the audit log keeps the number only. The last admin cannot leave. */
    async supprimerCompte(acteur: Acteur) {
      await db.transaction().execute(async (trx) => {
        if (acteur.administrateur) {
          const n = await trx.selectFrom('roles_territoriaux').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'administrateur_national').executeTakeFirstOrThrow();
          if (Number(n.n) <= 1) throw new AppError('conflit', 'Vous êtes le seul administrateur national : nommez-en un autre avant de supprimer votre compte.');
        }
        await journaliser(trx, { acteur: acteur.id, action: 'utilisateur.supprimer', objet_type: 'utilisateur', objet_id: acteur.id });
        await trx.deleteFrom('utilisateurs').where('id', '=', acteur.id).execute();
      });
    },
  };

  async function attribuer(acteurId: number | null, emailBrut: string, portee: unknown) {
    const email = schemaEmail.parse(emailBrut);
    const p = schemaPortee.parse(portee);
    const invite = await o.comptes.inviter(email, 'Votre accès à Maillage', p.role === 'administrateur_national' ? 'Vous êtes administrateur national de Maillage.' : 'Vous êtes coordinateur territorial sur Maillage.');
    const ligne = { utilisateur_id: invite.id, role: p.role, departement: 'departement' in p ? p.departement : null, region: 'region' in p ? p.region : null };
    await db.transaction().execute(async (trx) => {
      const deja = await trx.selectFrom('roles_territoriaux').select('id').where('utilisateur_id', '=', ligne.utilisateur_id).where('role', '=', ligne.role)
        .where((eb) => (ligne.departement === null ? eb('departement', 'is', null) : eb('departement', '=', ligne.departement)))
        .where((eb) => (ligne.region === null ? eb('region', 'is', null) : eb('region', '=', ligne.region)))
        .executeTakeFirst();
      if (deja) return;
      await trx.insertInto('roles_territoriaux').values(ligne).execute();
      await journaliser(trx, { acteur: acteurId, action: 'role.attribuer', objet_type: 'utilisateur', objet_id: invite.id, apres: ligne });
    });
    return { ...invite, acteur: await repo.chargerActeur(db, invite.id) };
  }
}

export type StructuresService = ReturnType<typeof createStructuresService>;
