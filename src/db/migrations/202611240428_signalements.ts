import { sql, type Kysely } from 'kysely';

/**
 * Error reports sent from a place's public page (« Signaler une erreur »), kept for the place's managers.
 * No foreign key to lieux: a report must survive the re-import or removal of the record it was about.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signalements')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('informations_erronees', 'lieu_ferme', 'horaires', 'coordonnees', 'autre')`),
    )
    .addColumn('message', 'text', (c) => c.notNull().check(sql`char_length(message) between 1 and 2000`))
    .addColumn('contact', 'text')
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('statut', 'text', (c) => c.notNull().defaultTo('nouveau'))
    .execute();
  await db.schema.createIndex('signalements_uid_idx').on('signalements').columns(['uid', 'cree_le']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signalements').execute();
}
