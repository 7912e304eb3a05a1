import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { NouveauSignalement, Signalement, TypeSignalement } from './signalement.ts';

type Executor = Kysely<Database>;

export async function insererSignalement(db: Executor, s: NouveauSignalement): Promise<number> {
  const row = await db
    .insertInto('signalements')
    .values({ uid: s.uid, type: s.type, message: s.message, contact: s.contact })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Reports about one place, newest first (for its managers, once accounts exist). */
export async function signalementsDuLieu(db: Executor, uid: string): Promise<Signalement[]> {
  const rows = await db.selectFrom('signalements').selectAll().where('uid', '=', uid).orderBy('cree_le', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, type: r.type as TypeSignalement }));
}
