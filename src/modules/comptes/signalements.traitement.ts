import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { journaliser } from './audit.ts';
import { exiger, type Acteur } from './autorisations.ts';
import type { Courrier } from './courriel.ts';
import { gestionnairesDuLieu, signalementsOuverts } from './gestion.repository.ts';

/** A report not handled by the place's managers within this many days also goes to the territory's coordinators. */
export const DELAI_ESCALADE_JOURS = 7;

export interface SignalementATraiter {
  id: number;
  uid: string;
  lieu: string;
  type: string;
  message: string;
  cree_le: Date;
  /** Why this person sees it: they manage the place, or it was escalated to their territory. */
  raison: 'gestionnaire' | 'escalade' | 'sans_gestionnaire' | 'administrateur';
}

const courriel = z.email();

/**
 * Visitors' « signaler une erreur » reports, routed: first to the managers of the place, then — unhandled
 * after DELAI_ESCALADE_JOURS, or at once when nobody manages the place — to the coordinators of its territory.
 * Resolving or rejecting (with a reason) tells the visitor when they left an e-mail address.
 */
export function createTraitementSignalements(o: { db: Db; courrier: Courrier; territoires: Pick<TerritoiresService, 'commune'> }) {
  const { db } = o;
  const territoire = (codeInsee: string | null) => {
    const c = codeInsee ? o.territoires.commune(codeInsee) : undefined;
    return { departement: c?.departement ?? null, region: c?.region ?? null };
  };

  return {
    async aTraiter(acteur: Acteur | null, maintenant = new Date()): Promise<SignalementATraiter[]> {
      if (!acteur) throw new AppError('non_authentifie');
      const mesStructures = acteur.membres.filter((m) => m.role === 'responsable' || m.role === 'mediateur').map((m) => m.structure_id);
      const ouverts = await signalementsOuverts(db);
      const gestionnaires = new Map<string, number[]>();
      for (const uid of new Set(ouverts.map((r) => r.uid))) gestionnaires.set(uid, await gestionnairesDuLieu(db, uid));
      const limite = maintenant.getTime() - DELAI_ESCALADE_JOURS * 86_400_000;
      const resultat: SignalementATraiter[] = [];
      for (const r of ouverts) {
        const g = gestionnaires.get(r.uid) ?? [];
        const t = territoire(r.code_insee);
        const coordonne = acteur.coordinations.some((c) => (c.departement !== null && c.departement === t.departement) || (c.region !== null && c.region === t.region));
        let raison: SignalementATraiter['raison'] | undefined;
        if (g.some((s) => mesStructures.includes(s))) raison = 'gestionnaire';
        else if (coordonne && !g.length) raison = 'sans_gestionnaire';
        else if (coordonne && r.cree_le.getTime() < limite) raison = 'escalade';
        else if (acteur.administrateur) raison = 'administrateur';
        if (raison) resultat.push({ id: r.id, uid: r.uid, lieu: r.nom, type: r.type, message: r.message, cree_le: r.cree_le, raison });
      }
      return resultat;
    },

    async traiter(acteur: Acteur | null, id: number, decision: 'resolu' | 'rejete', motifBrut?: string) {
      const s = await db.selectFrom('signalements as s').innerJoin('lieux as l', 'l.uid', 's.uid').select(['s.id', 's.uid', 's.contact', 'l.nom', 'l.code_insee']).where('s.id', '=', id).executeTakeFirst();
      if (!s) throw new AppError('introuvable');
      const a = exiger(acteur, 'lieu.signalements.traiter', { type: 'lieu', ...territoire(s.code_insee), gestionnaires: await gestionnairesDuLieu(db, s.uid) });
      const motif = motifBrut?.trim().slice(0, 2000) || null;
      if (decision === 'rejete' && !motif) throw new AppError('formulaire_invalide', 'Indiquez pourquoi le signalement est rejeté.', [{ key: 'required', field: 'motif', message: 'Indiquez pourquoi le signalement est rejeté.' }]);
      const contact = s.contact && courriel.safeParse(s.contact).success ? s.contact : null;
      await db.transaction().execute(async (trx) => {
        const r = await trx.insertInto('signalements_suivi').values({ signalement_id: id, decision, motif, traite_par: a.id, auteur_informe: contact !== null }).onConflict((oc) => oc.doNothing()).returning('decision').executeTakeFirst();
        if (!r) throw new AppError('conflit', 'Ce signalement a déjà été traité.');
        await journaliser(trx, { acteur: a.id, action: 'signalement.traiter', objet_type: 'signalement', objet_id: id, apres: { decision, motif } });
      });
      // After the commit: a mail server's failure must not undo the decision (it is logged by the caller).
      if (contact) {
        const texte = decision === 'resolu'
          ? `Merci pour votre signalement sur « ${s.nom} ». La fiche a été corrigée.${motif ? `\n\nPrécision : ${motif}` : ''}`
          : `Merci pour votre signalement sur « ${s.nom} ». Il n’a pas conduit à modifier la fiche, pour la raison suivante :\n\n${motif}`;
        await o.courrier.envoyer({ destinataire: contact, sujet: 'Votre signalement a été traité', texte });
      }
      return { informe: contact !== null };
    },
  };
}

export type TraitementSignalements = ReturnType<typeof createTraitementSignalements>;
