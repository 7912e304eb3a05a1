import type { Kysely } from 'kysely';

/**
 * The export walks the register in (id, uid) order, in keyset pages: records of different sources that share
 * an `id` come out next to each other, so the exporter can make their ids unique without remembering every
 * id it has written (bounded memory at a million rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('lieux_id_uid_idx').on('lieux').columns(['id', 'uid']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lieux_id_uid_idx').execute();
}
