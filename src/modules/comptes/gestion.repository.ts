import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Ex = Kysely<Database>;

/**
 * Writes of managers to the register. The lieux module has no "update one place" service yet; these three
 * statements are the only place outside it that writes `lieux`, each under the caller's transaction, with the
 * version and audit lines beside (to move behind LieuxService when it grows one — docs/comptes.md).
 */
export async function ecrireChampsLieu(trx: Ex, uid: string, champs: Record<string, unknown>): Promise<void> {
  await trx.updateTable('lieux').set({ ...(champs as object), modifie_le: sql`now()` } as never).where('uid', '=', uid).execute();
}

export async function ajouterVersion(trx: Ex, v: { lieu_uid: string; auteur_id: number; action: 'modifier' | 'confirmer' | 'fermer'; avant: unknown; apres: unknown }) {
  await trx.insertInto('lieux_versions').values({ ...v, avant: JSON.stringify(v.avant), apres: JSON.stringify(v.apres) }).execute();
}

export async function versionsDuLieu(db: Ex, uid: string) {
  return db.selectFrom('lieux_versions').selectAll().where('lieu_uid', '=', uid).orderBy('id', 'desc').execute();
}

/**
 * The public name of each version's author: a structure that manages the place and counts the author among its
 * responsables or médiateurs, else the author's national or territorial role. Never the e-mail (docs/comptes.md).
 */
export async function auteursPublics(db: Ex, uid: string, auteurs: readonly number[]): Promise<Map<number, string>> {
  const noms = new Map<number, string>();
  if (!auteurs.length) return noms;
  const structures = await db.selectFrom('membres as m')
    .innerJoin('gestions_lieux as g', (j) => j.onRef('g.structure_id', '=', 'm.structure_id').on('g.lieu_uid', '=', uid).on('g.statut', '=', 'accordee'))
    .innerJoin('structures as s', 's.id', 'm.structure_id')
    .select(['m.utilisateur_id', 's.nom']).where('m.utilisateur_id', 'in', auteurs).where('m.role', 'in', ['responsable', 'mediateur'])
    .orderBy('s.nom').execute();
  for (const r of structures) if (!noms.has(r.utilisateur_id)) noms.set(r.utilisateur_id, r.nom);
  const roles = await db.selectFrom('roles_territoriaux').select(['utilisateur_id', 'role', 'departement', 'region'])
    .where('utilisateur_id', 'in', auteurs).orderBy('id').execute();
  for (const r of roles.filter((x) => x.role === 'administrateur_national')) if (!noms.has(r.utilisateur_id)) noms.set(r.utilisateur_id, 'Administration nationale de Maillage');
  for (const r of roles) {
    if (noms.has(r.utilisateur_id)) continue;
    noms.set(r.utilisateur_id, r.departement ? `Coordination territoriale (département ${r.departement})` : r.region ? `Coordination territoriale (région ${r.region})` : 'Coordination territoriale');
  }
  return noms;
}

export async function gestionnairesDuLieu(db: Ex, uid: string): Promise<number[]> {
  const rows = await db.selectFrom('gestions_lieux').select('structure_id').where('lieu_uid', '=', uid).where('statut', '=', 'accordee').execute();
  return rows.map((r) => r.structure_id);
}

export async function notifierModification(trx: Ex): Promise<void> {
  // Same channel as imports: every process's search index refreshes (delivered at commit).
  await sql`SELECT pg_notify('lieux_modifies', '')`.execute(trx);
}

/** Reports nobody has resolved or rejected yet (no follow-up row), oldest first, with their place's name and commune. */
export async function signalementsOuverts(db: Ex) {
  return db
    .selectFrom('signalements as s')
    .innerJoin('lieux as l', 'l.uid', 's.uid')
    .leftJoin('signalements_suivi as t', 't.signalement_id', 's.id')
    .select(['s.id', 's.uid', 's.type', 's.message', 's.cree_le', 'l.nom', 'l.code_insee'])
    .where('t.signalement_id', 'is', null)
    .orderBy('s.cree_le')
    .orderBy('s.id')
    .execute();
}
