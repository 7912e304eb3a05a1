import { sql, type Kysely } from 'kysely';

/** Which e-mail step was sent for a report: to the place's managers, then (escalation) to the coordinators. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signalements_notifications')
    .addColumn('signalement_id', 'integer', (c) => c.notNull().references('signalements.id').onDelete('cascade'))
    .addColumn('etape', 'text', (c) => c.notNull().check(sql`etape in ('gestionnaires', 'coordinateurs')`))
    .addColumn('destinataires', 'integer', (c) => c.notNull())
    .addColumn('envoye_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('signalements_notifications_pk', ['signalement_id', 'etape'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signalements_notifications').execute();
}
