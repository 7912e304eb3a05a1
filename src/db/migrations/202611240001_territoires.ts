import { sql, type Kysely } from 'kysely';

// Reference territories (COG). Loaded from data/territoires by the territoires module, never edited by users.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('departements')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull().references('regions.code'))
    .execute();
  await db.schema
    .createTable('epci')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('communes')
    .addColumn('code_insee', 'text', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull())
    // COM (commune), ARM (arrondissement municipal of Paris/Lyon/Marseille), COMD (commune déléguée)…
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('departement', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('epci', 'text')
    .addColumn('commune_parente', 'text')
    .addColumn('codes_postaux', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('population', 'integer')
    .execute();
  await db.schema.createIndex('communes_departement_idx').on('communes').column('departement').execute();
  await db.schema.createIndex('communes_epci_idx').on('communes').column('epci').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['communes', 'epci', 'departements', 'regions']) await db.schema.dropTable(t).execute();
}
