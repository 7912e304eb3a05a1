import { sql, type Kysely } from 'kysely';

/**
 * Who manages which place (a structure, after a request), and every change a manager makes to a place:
 * lieux_versions is the place's provenance (who, when, before/after of the changed fields only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gestions_lieux')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('lieu_uid', 'text', (c) => c.notNull().references('lieux.uid').onDelete('cascade'))
    .addColumn('structure_id', 'integer', (c) => c.notNull().references('structures.id').onDelete('cascade'))
    .addColumn('statut', 'text', (c) => c.notNull().check(sql`statut in ('demandee', 'accordee', 'refusee')`))
    .addColumn('demandeur_id', 'integer', (c) => c.references('utilisateurs.id').onDelete('set null'))
    .addColumn('decideur_id', 'integer', (c) => c.references('utilisateurs.id').onDelete('set null'))
    .addColumn('motif', 'text', (c) => c.check(sql`char_length(motif) <= 2000`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decide_le', 'timestamptz')
    .execute();
  // One open request or grant per (place, structure); refused ones stay as history.
  await sql`create unique index gestions_lieux_ouvertes on gestions_lieux (lieu_uid, structure_id) where statut in ('demandee', 'accordee')`.execute(db);

  // No foreign key to lieux nor to the author: the history outlives a re-import or a deleted account.
  await db.schema
    .createTable('lieux_versions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('lieu_uid', 'text', (c) => c.notNull())
    .addColumn('auteur_id', 'integer')
    .addColumn('quand', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('modifier', 'confirmer', 'fermer')`))
    .addColumn('avant', 'jsonb', (c) => c.notNull())
    .addColumn('apres', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lieux_versions_lieu_idx').on('lieux_versions').columns(['lieu_uid', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lieux_versions').execute();
  await db.schema.dropTable('gestions_lieux').execute();
}
