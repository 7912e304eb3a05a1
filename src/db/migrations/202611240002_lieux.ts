import { sql, type Kysely } from 'kysely';

/**
 * The register. One row per place record as published by one source (the standard's `id` is unique only
 * within its source). Standard fields keep their standard names; list fields (`|` in the CSV) are text[].
 * Maillage's own columns say where the record came from and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('cle', 'text', (c) => c.primaryKey())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('producteur', 'text')
    .addColumn('format', 'text')
    .addColumn('licence', 'text')
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('dernier_import', 'timestamptz')
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source_cle', 'text', (c) => c.notNull().references('sources.cle'))
    .addColumn('fichier', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('demarre_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('termine_le', 'timestamptz')
    .addColumn('lus', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('crees', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mis_a_jour', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejetes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  const list = sql`text[]`;
  await db.schema
    .createTable('lieux')
    // Maillage's stable id: derived from (source, id), the same in every database and across re-imports.
    .addColumn('uid', 'text', (c) => c.primaryKey())
    .addColumn('source_cle', 'text', (c) => c.notNull().references('sources.cle'))
    // --- the 32 fields of standard v1.0.2, in the standard's order ---
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('pivot', 'text', (c) => c.notNull())
    .addColumn('nom', 'text', (c) => c.notNull())
    .addColumn('commune', 'text', (c) => c.notNull())
    .addColumn('code_postal', 'text', (c) => c.notNull())
    .addColumn('code_insee', 'text')
    .addColumn('adresse', 'text', (c) => c.notNull())
    .addColumn('complement_adresse', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('typologie', list)
    .addColumn('telephone', 'text')
    .addColumn('courriels', list)
    .addColumn('site_web', list)
    .addColumn('horaires', 'text')
    .addColumn('presentation_resume', 'text')
    .addColumn('presentation_detail', 'text')
    .addColumn('source', 'text')
    .addColumn('itinerance', list)
    .addColumn('structure_parente', 'text')
    .addColumn('date_maj', 'date', (c) => c.notNull())
    .addColumn('services', list)
    .addColumn('publics_specifiquement_adresses', list)
    .addColumn('prise_en_charge_specifique', list)
    .addColumn('frais_a_charge', list)
    .addColumn('dispositif_programmes_nationaux', list)
    .addColumn('formations_labels', list)
    .addColumn('autres_formations_labels', list)
    .addColumn('modalites_acces', list)
    .addColumn('modalites_accompagnement', list)
    .addColumn('fiche_acces_libre', 'text')
    .addColumn('prise_rdv', 'text')
    // --- Maillage's own columns ---
    .addColumn('coordonnees_approchees', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('code_insee_deduit', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('fichier', 'text')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .addColumn('importe_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cree_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Bumped on every change: drives `modified_after` and the search index refresh.
    .addColumn('modifie_le', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Fields and values of the source file that the standard has no place for: kept, never dropped.
    .addColumn('hors_standard', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('lieux_source_id_uq', ['source_cle', 'id'])
    .execute();
  await db.schema.createIndex('lieux_code_insee_idx').on('lieux').column('code_insee').execute();
  await db.schema.createIndex('lieux_modifie_le_idx').on('lieux').columns(['modifie_le', 'uid']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['lieux', 'imports', 'sources']) await db.schema.dropTable(t).execute();
}
