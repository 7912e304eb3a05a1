import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { LieuEnregistre } from '../lieux/lieux.ts';

/**
 * The directory's own read model over the register: counts per commune (browse pages) and the places of a
 * set of communes (territory CSV). Read-only; the register module owns every write.
 */

/** Number of places per INSEE code (null: places whose commune is unknown). */
export async function comptesParCommune(db: Db): Promise<Array<{ code_insee: string | null; lieux: number }>> {
  return db
    .selectFrom('lieux_publies')
    .select(['code_insee', sql<number>`count(*)::int`.as('lieux')])
    .groupBy('code_insee')
    .execute();
}

/** One page of the places of the given communes, in (id, uid) order, after `apres`. */
export async function pageLieuxDesCommunes(db: Db, codes: readonly string[], apres: { id: string; uid: string } | undefined, limite: number): Promise<LieuEnregistre[]> {
  if (codes.length === 0) return [];
  let q = db.selectFrom('lieux_publies').selectAll().where('code_insee', 'in', codes);
  if (apres) q = q.where((eb) => eb.or([eb('id', '>', apres.id), eb.and([eb('id', '=', apres.id), eb('uid', '>', apres.uid)])]));
  return q.orderBy('id').orderBy('uid').limit(limite).execute();
}

/** Whether the register holds demo places (the browse pages then count fictitious places and say so). */
export async function contientDesLieuxDemo(db: Db): Promise<boolean> {
  const r = await db.selectFrom('lieux_publies').select('uid').where('demo', '=', true).limit(1).executeTakeFirst();
  return r !== undefined;
}
