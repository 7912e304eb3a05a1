import type { Selectable } from 'kysely';
import type { Executeur } from './lieux.repository.ts';
import type { LieuxPubliesTable } from './lieux.tables.ts';

/**
 * Reads of the published register (view lieux_publies, migration 202611240700): each merged place once, with its
 * merged fields, under the uid of its representative record. The directory, the search API and the exports read
 * this; dedupe and the managers' space read the source records (`lieux`).
 */
export type LieuPublie = Selectable<LieuxPubliesTable>;

/**
 * The published place with this uid; for a record merged into another place, the uid of the place that shows it
 * (callers redirect there, so old links keep working); undefined when there is no such record.
 */
export async function lieuPublie(db: Executeur, uid: string): Promise<{ lieu: LieuPublie } | { fusionneDans: string } | undefined> {
  const lieu = await db.selectFrom('lieux_publies').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (lieu) return { lieu };
  const m = await db
    .selectFrom('registre_actif as r')
    .innerJoin('cluster_membres as m', 'm.generation', 'r.generation')
    .select('m.cluster_id')
    .where('m.uid', '=', uid)
    .executeTakeFirst();
  const representant = m ? representantDe(m.cluster_id) : undefined;
  if (!representant || representant === uid) return undefined;
  const montre = await db.selectFrom('lieux_publies').select('uid').where('uid', '=', representant).executeTakeFirst();
  return montre ? { fusionneDans: representant } : undefined;
}

/**
 * The dedupe generation the published register shows (null: none published yet, every record shows as it is).
 * Readers that keep a copy of the register (the search index) read it before the rows, so that a switch in
 * between is seen at their next refresh.
 */
export async function generationPubliee(db: Executeur): Promise<number | null> {
  const r = await db.selectFrom('registre_actif').select('generation').executeTakeFirst();
  return r?.generation ?? null;
}

/** A cluster's id is `g` + its smallest member uid (sources/dedupe, idGroupe): that member shows the merged place. */
export const representantDe = (clusterId: string): string => clusterId.slice(1);

/** One keyset page in (id, uid) order — see migration 202611240430 for why this order. */
export async function pageLieuxPublies(db: Executeur, apres: { id: string; uid: string } | undefined, limite: number): Promise<LieuPublie[]> {
  let q = db.selectFrom('lieux_publies').selectAll();
  if (apres) q = q.where((eb) => eb(eb.refTuple('id', 'uid'), '>', eb.tuple(apres.id, apres.uid)));
  return q.orderBy('id').orderBy('uid').limit(limite).execute();
}
