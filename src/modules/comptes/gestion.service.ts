import type { Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { LieuEnregistre } from '../lieux/lieux.ts';
import { CHAMPS, validerLieu } from '../lieux/standard/index.ts';
import type { TerritoiresService } from '../territoires/territoires.ts';
import { journaliser } from './audit.ts';
import { exiger, type Acteur, type Ressource } from './autorisations.ts';
import * as repo from './gestion.repository.ts';

/** The place's identity inside its source: never edited by a manager (it would be another record). */
const NON_MODIFIABLES = new Set(['id']);

/** One manager's change as published: no personal data (docs/comptes.md, « Historique public »). */
export interface VersionPublique {
  lieu: string;
  /** ISO 8601 instant. */
  date: string;
  action: 'modifier' | 'confirmer' | 'fermer';
  /** A structure's name or a role (« Administration nationale de Maillage »), never a person. */
  auteur: string;
  champs: string[];
  avant: Record<string, unknown>;
  apres: Record<string, unknown>;
}

/** Today in France (date_maj is a calendar date, not an instant). */
export function aujourdhuiParis(maintenant = new Date()): string {
  return new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(maintenant);
}

const standard = (l: LieuEnregistre): Record<string, unknown> => Object.fromEntries(CHAMPS.map((c) => [c, l[c as keyof LieuEnregistre]]));

/**
 * Taking charge of a place and editing it. A structure member asks; the request is granted at once when the
 * place's pivot is the structure's SIRET or RNA, otherwise by a coordinator of the place's territory or a
 * national admin. Every change is validated like an import row, versioned and written to the audit log.
 */
export function createGestionService(o: {
  db: Db;
  lieux: { obtenir(uid: string): Promise<LieuEnregistre | undefined> };
  territoires: Pick<TerritoiresService, 'commune' | 'departement'>;
  /** Called in the edit's transaction: the meta-search merges the place's cluster again (sources/refusion.ts). */
  apresEcriture?: ((trx: Transaction<Database>, uid: string) => Promise<unknown>) | undefined;
}) {
  const { db } = o;

  async function lieuOu404(uid: string) {
    const l = await o.lieux.obtenir(uid);
    if (!l) throw new AppError('introuvable', 'Ce lieu n’existe pas.');
    return l;
  }

  async function ressource(l: LieuEnregistre): Promise<Ressource & { type: 'lieu' }> {
    const commune = l.code_insee ? o.territoires.commune(l.code_insee) : undefined;
    return { type: 'lieu', departement: commune?.departement ?? null, region: commune?.region ?? null, gestionnaires: await repo.gestionnairesDuLieu(db, l.uid) };
  }

  async function ecrire(a: Acteur, l: LieuEnregistre, action: 'modifier' | 'confirmer' | 'fermer', apres: Record<string, unknown>) {
    const avantStd = standard(l);
    const avant: Record<string, unknown> = {};
    const change: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(apres)) {
      if (JSON.stringify(avantStd[k] ?? null) !== JSON.stringify(v ?? null)) {
        avant[k] = avantStd[k] ?? null;
        change[k] = v ?? null;
      }
    }
    if (!Object.keys(change).length) return { avant, apres: change };
    await db.transaction().execute(async (trx) => {
      await repo.ecrireChampsLieu(trx, l.uid, change);
      await repo.ajouterVersion(trx, { lieu_uid: l.uid, auteur_id: a.id, action, avant, apres: change });
      await journaliser(trx, { acteur: a.id, action: `lieu.${action}`, objet_type: 'lieu', objet_id: l.uid, avant, apres: change });
      await o.apresEcriture?.(trx, l.uid);
      await repo.notifierModification(trx);
    });
    return { avant, apres: change };
  }

  return {
    async demander(acteur: Acteur | null, structureId: number, uid: string) {
      const a = exiger(acteur, 'lieu.gestion.demander', { type: 'structure', id: structureId });
      const l = await lieuOu404(uid);
      const s = await db.selectFrom('structures').select(['siret', 'rna']).where('id', '=', structureId).executeTakeFirstOrThrow();
      const auto = (s.siret !== null && s.siret === l.pivot) || (s.rna !== null && s.rna === l.pivot);
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('gestions_lieux')
          .values({ lieu_uid: uid, structure_id: structureId, statut: auto ? 'accordee' : 'demandee', demandeur_id: a.id, ...(auto ? { decide_le: new Date(), motif: 'SIRET/RNA de la structure = pivot du lieu' } : {}) })
          .onConflict((oc) => oc.doNothing())
          .returning(['id', 'statut'])
          .executeTakeFirst();
        if (!r) throw new AppError('conflit', 'Cette structure gère déjà ce lieu ou l’a déjà demandé.');
        await journaliser(trx, { acteur: a.id, action: 'lieu.gestion.demander', objet_type: 'lieu', objet_id: uid, apres: { structure: structureId, statut: r.statut } });
        return r;
      });
    },

    /** Pending requests a person may decide on (coordinators see their territory's, admins all). */
    async demandesEnAttente(acteur: Acteur | null) {
      if (!acteur) throw new AppError('non_authentifie');
      if (!acteur.administrateur && !acteur.coordinations.length) throw new AppError('interdit');
      const a = acteur;
      const rows = await db.selectFrom('gestions_lieux').innerJoin('lieux', 'lieux.uid', 'gestions_lieux.lieu_uid').innerJoin('structures', 'structures.id', 'gestions_lieux.structure_id')
        .select(['gestions_lieux.id', 'lieux.uid', 'lieux.nom as lieu', 'lieux.code_insee', 'structures.nom as structure', 'gestions_lieux.cree_le'])
        .where('statut', '=', 'demandee').orderBy('gestions_lieux.id').execute();
      return rows.filter((r) => {
        const c = r.code_insee ? o.territoires.commune(r.code_insee) : undefined;
        return a.administrateur || a.coordinations.some((x) => (x.departement && x.departement === c?.departement) || (x.region && x.region === c?.region));
      });
    },

    async decider(acteur: Acteur | null, demandeId: number, accorder: boolean, motif?: string) {
      const d = await db.selectFrom('gestions_lieux').selectAll().where('id', '=', demandeId).executeTakeFirst();
      if (!d) throw new AppError('introuvable');
      const a = exiger(acteur, 'lieu.gestion.accorder', await ressource(await lieuOu404(d.lieu_uid)));
      if (!accorder && !motif?.trim()) throw new AppError('formulaire_invalide', 'Indiquez le motif du refus.', [{ key: 'required', field: 'motif', message: 'Indiquez le motif du refus.' }]);
      await db.transaction().execute(async (trx) => {
        const r = await trx.updateTable('gestions_lieux').set({ statut: accorder ? 'accordee' : 'refusee', decideur_id: a.id, decide_le: new Date(), motif: motif?.trim().slice(0, 2000) ?? null })
          .where('id', '=', demandeId).where('statut', '=', 'demandee').returning('statut').executeTakeFirst();
        if (!r) throw new AppError('conflit', 'Cette demande a déjà été traitée.');
        await journaliser(trx, { acteur: a.id, action: 'lieu.gestion.decider', objet_type: 'lieu', objet_id: d.lieu_uid, avant: { statut: 'demandee' }, apres: { statut: r.statut, structure: d.structure_id } });
      });
    },

    /** Edits standard fields: the whole place is re-validated as an import row would be; date_maj becomes today. */
    async modifier(acteur: Acteur | null, uid: string, champs: Record<string, unknown>) {
      const l = await lieuOu404(uid);
      const a = exiger(acteur, 'lieu.modifier', await ressource(l));
      const inconnus = Object.keys(champs).filter((k) => !CHAMPS.includes(k as never) || NON_MODIFIABLES.has(k));
      if (inconnus.length) throw new AppError('formulaire_invalide', undefined, inconnus.map((k) => ({ key: 'unknown_field', field: k, message: 'champ non modifiable' })));
      const v = validerLieu({ ...standard(l), ...champs, date_maj: aujourdhuiParis() });
      if (!v.lieu) throw new AppError('formulaire_invalide', undefined, v.issues);
      const apres = Object.fromEntries(CHAMPS.filter((c) => !NON_MODIFIABLES.has(c)).map((c) => [c, (v.lieu as unknown as Record<string, unknown>)[c]]));
      return ecrire(a, l, 'modifier', apres);
    },

    /** « Toujours exact »: the manager vouches for the record today (freshness resets). */
    async confirmer(acteur: Acteur | null, uid: string) {
      const l = await lieuOu404(uid);
      const a = exiger(acteur, 'lieu.modifier', await ressource(l));
      return ecrire(a, l, 'confirmer', { date_maj: aujourdhuiParis() });
    },

    /**
     * Closed for good. The standard has no "closed" field: the opening hours become `off` (OSM: closed at all
     * times), so « open now » never lists it, and the version line says it was a closure.
     */
    async declarerFerme(acteur: Acteur | null, uid: string) {
      const l = await lieuOu404(uid);
      const a = exiger(acteur, 'lieu.modifier', await ressource(l));
      return ecrire(a, l, 'fermer', { horaires: 'off', date_maj: aujourdhuiParis() });
    },

    /** Places managed by the person's structures (as responsable or médiateur), and the structures they may ask for. */
    async mesLieux(acteur: Acteur | null) {
      if (!acteur) throw new AppError('non_authentifie');
      const ids = acteur.membres.filter((m) => m.role === 'responsable' || m.role === 'mediateur').map((m) => m.structure_id);
      if (!ids.length) return { lieux: [], structures: [] };
      const lieux = await db.selectFrom('gestions_lieux as g').innerJoin('lieux as l', 'l.uid', 'g.lieu_uid').innerJoin('structures as s', 's.id', 'g.structure_id')
        .select(['l.uid', 'l.nom', 'l.commune', 'l.date_maj', 's.nom as structure', 'g.statut']).where('g.structure_id', 'in', ids).where('g.statut', '<>', 'refusee').orderBy('l.nom').execute();
      const structures = await db.selectFrom('structures').select(['id', 'nom']).where('id', 'in', ids).orderBy('nom').execute();
      return { lieux, structures };
    },

    /** The edit page's data, for those who may edit it. */
    async pourEdition(acteur: Acteur | null, uid: string) {
      const l = await lieuOu404(uid);
      exiger(acteur, 'lieu.modifier', await ressource(l));
      return l;
    },

    async versions(uid: string) {
      return repo.versionsDuLieu(db, uid);
    },

    /**
     * The place's history as the public sees it (provenance API and place page): when, what, before/after of
     * the place's own public fields, and the author as a structure or role — the person stays in the audit log.
     */
    async historiquePublic(uid: string): Promise<VersionPublique[]> {
      const v = await repo.versionsDuLieu(db, uid);
      const noms = await repo.auteursPublics(db, uid, [...new Set(v.flatMap((x) => (x.auteur_id === null ? [] : [x.auteur_id])))]);
      return v.map((x) => ({
        lieu: uid,
        date: new Date(x.quand).toISOString(),
        action: x.action,
        auteur: (x.auteur_id !== null && noms.get(x.auteur_id)) || 'Gestionnaire du lieu',
        champs: Object.keys((x.apres ?? {}) as object).sort(),
        avant: x.avant as Record<string, unknown>,
        apres: x.apres as Record<string, unknown>,
      }));
    },
  };
}

export type GestionService = ReturnType<typeof createGestionService>;
