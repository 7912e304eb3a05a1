import { sql } from 'kysely';
import type { Executeur } from './sources.repository.ts';
import { fusionner, type PrioritesSources } from './dedupe/fusion.ts';
import type { LieuSource } from './dedupe/types.ts';

/**
 * A manager edited one record of a merged place: merge its cluster again, with the same rules, in the edit's
 * transaction, so the published place shows the edit at once instead of at the next dedupe. Membership does not
 * change here (a new dedupe decides that); records of no merged cluster need nothing.
 */
export async function refusionnerGroupe(trx: Executeur, uid: string, priorites?: PrioritesSources): Promise<boolean> {
  // Its own statement, first: a dedupe switch in progress holds this row; waiting here, then reading the
  // generation in later statements (fresh snapshots), re-merges in the generation that is then active.
  const actif = await trx.selectFrom('registre_actif').select('generation').forShare().executeTakeFirst();
  if (actif?.generation == null) return false;
  const groupe = await trx
    .selectFrom('cluster_membres as m')
    .innerJoin('clusters as c', (j) => j.onRef('c.generation', '=', 'm.generation').onRef('c.id', '=', 'm.cluster_id'))
    .select(['c.generation', 'c.id'])
    .where('m.generation', '=', actif.generation)
    .where('m.uid', '=', uid)
    .where('c.taille', '>', 1)
    .executeTakeFirst();
  if (!groupe) return false;
  const membres = (await trx
    .selectFrom('cluster_membres as m')
    .innerJoin('lieux as l', 'l.uid', 'm.uid')
    .selectAll('l')
    .where('m.generation', '=', groupe.generation)
    .where('m.cluster_id', '=', groupe.id)
    .execute()) as LieuSource[];
  if (membres.length === 0) return false;
  const f = fusionner(groupe.id, membres, priorites);
  await trx
    .updateTable('clusters')
    .set({ lieu: JSON.stringify(f.lieu), provenance: JSON.stringify(f.provenance), modifie_le: sql<Date>`now()` })
    .where('generation', '=', groupe.generation)
    .where('id', '=', groupe.id)
    .execute();
  return true;
}
