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

export async function gestionnairesDuLieu(db: Ex, uid: string): Promise<number[]> {
  const rows = await db.selectFrom('gestions_lieux').select('structure_id').where('lieu_uid', '=', uid).where('statut', '=', 'accordee').execute();
  return rows.map((r) => r.structure_id);
}

export async function notifierModification(trx: Ex): Promise<void> {
  // Same channel as imports: every process's search index refreshes (delivered at commit).
  await sql`SELECT pg_notify('lieux_modifies', '')`.execute(trx);
}
