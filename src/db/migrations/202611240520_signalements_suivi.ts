import { sql, type Kysely } from 'kysely';

/**
 * How a visitor's report was handled (one row once it is resolved or rejected). Kept beside `signalements`
 * rather than in it: the reports module stores, the accounts module routes and decides.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signalements_suivi')
    .addColumn('signalement_id', 'integer', (c) => c.primaryKey().references('signalements.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('resolu', 'rejete')`))
    .addColumn('motif', 'text', (c) => c.check(sql`char_length(motif) <= 2000`))
    .addColumn('traite_par', 'integer', (c) => c.references('utilisateurs.id').onDelete('set null'))
    .addColumn('traite_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('auteur_informe', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signalements_suivi').execute();
}
