import { sql, type Kysely } from 'kysely';

/**
 * Meta-search: the merged register is built as a new generation of rows, then switched on in one small
 * transaction (registre_actif holds the active generation). A crash while building leaves the previous merged
 * register in place; the unfinished generation is swept at the next run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dedoublonnages')
    .addColumn('generation', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('statut', 'text', (c) => c.notNull().defaultTo('en_cours').check(sql`statut in ('en_cours', 'actif', 'remplace')`))
    .addColumn('demarre_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('termine_le', 'timestamptz')
    .addColumn('lieux', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clusters', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paires', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // One row: which generation readers see. Switching is one UPDATE of this row.
  await db.schema
    .createTable('registre_actif')
    .addColumn('singleton', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`singleton`))
    .addColumn('generation', 'integer', (c) => c.references('dedoublonnages.generation'))
    .execute();
  await sql`insert into registre_actif (singleton, generation) values (true, null)`.execute(db);

  // One merged place per cluster: the standard fields as chosen (jsonb) and, per field, where each came from.
  await db.schema
    .createTable('clusters')
    .addColumn('generation', 'integer', (c) => c.notNull().references('dedoublonnages.generation').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('taille', 'integer', (c) => c.notNull())
    .addColumn('lieu', 'jsonb', (c) => c.notNull())
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('clusters_pk', ['generation', 'id'])
    .execute();

  // No foreign key to lieux: a generation keeps describing what was merged even if a source is re-imported.
  await db.schema
    .createTable('cluster_membres')
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cluster_membres_pk', ['generation', 'uid'])
    .addForeignKeyConstraint('cluster_membres_cluster_fk', ['generation', 'cluster_id'], 'clusters', ['generation', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('cluster_membres_cluster').on('cluster_membres').columns(['generation', 'cluster_id']).execute();

  // The scored pairs inside each cluster, with the explanation of their score.
  await db.schema
    .createTable('cluster_paires')
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('uid_a', 'text', (c) => c.notNull())
    .addColumn('uid_b', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('signaux', 'jsonb', (c) => c.notNull())
    .addForeignKeyConstraint('cluster_paires_cluster_fk', ['generation', 'cluster_id'], 'clusters', ['generation', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('cluster_paires_cluster').on('cluster_paires').columns(['generation', 'cluster_id']).execute();

  // A person's decision: always respected by every later dedupe. uid_a < uid_b so a pair is stored once.
  await db.schema
    .createTable('decisions_manuelles')
    .addColumn('uid_a', 'text', (c) => c.notNull())
    .addColumn('uid_b', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('meme', 'different')`))
    .addColumn('auteur', 'text')
    .addColumn('decide_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('decisions_manuelles_pk', ['uid_a', 'uid_b'])
    .addCheckConstraint('decisions_manuelles_ordre', sql`uid_a < uid_b`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['decisions_manuelles', 'cluster_paires', 'cluster_membres', 'clusters', 'registre_actif', 'dedoublonnages']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
