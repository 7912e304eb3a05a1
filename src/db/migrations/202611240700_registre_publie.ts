import { sql, type Kysely } from 'kysely';

/**
 * The published register: what the directory, the search API and the exports show. It is `lieux` with each
 * merged place of the active dedupe generation once:
 * - a record in a cluster of two or more is hidden, except the cluster's representative, the member with the
 *   smallest uid (the cluster id is `g` + that uid, which also keeps it stable across re-imports);
 * - the representative carries the merged fields (clusters.lieu), keeping its own uid, source and id so that
 *   links and exports stay stable; its `modifie_le` is the latest of its record's and its cluster's (set when
 *   the cluster is merged anew — at the switch of the generation that made it, or after a manager's edit of one
 *   member — and kept by a generation that carries the cluster over unchanged), so that re-users who sync with
 *   modified_after, and the search index, fetch the merged version, and only when it changed;
 * - if the representative's record was deleted since, the other members show as they are (never nothing).
 * Without any dedupe, the view is `lieux` itself. A view rather than a table: the switch of a generation
 * stays one UPDATE of registre_actif, and edits of the register show at once.
 *
 * The 32 fields of standard v1.0.2 are listed here on purpose (a migration never changes with the code).
 */
const TEXTES = [
  'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'telephone', 'horaires',
  'presentation_resume', 'presentation_detail', 'source', 'structure_parente', 'fiche_acces_libre', 'prise_rdv',
];
const LISTES = [
  'typologie', 'courriels', 'site_web', 'itinerance', 'services', 'publics_specifiquement_adresses',
  'prise_en_charge_specifique', 'frais_a_charge', 'dispositif_programmes_nationaux', 'formations_labels',
  'autres_formations_labels', 'modalites_acces', 'modalites_accompagnement',
];
const PROPRES = ['coordonnees_approchees', 'code_insee_deduit', 'fichier', 'import_id', 'importe_le', 'cree_le', 'hors_standard', 'demo'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE clusters ADD COLUMN modifie_le timestamptz NOT NULL DEFAULT now()`.execute(db);
  // The search index's refresh asks which merged places changed since its last read.
  await sql`CREATE INDEX clusters_fusionnes_modifie_le ON clusters (generation, modifie_le) WHERE taille > 1`.execute(db);
  const fusionne = (expr: string, colonne: string) => `CASE WHEN f.lieu IS NULL THEN l.${colonne} ELSE ${expr} END AS ${colonne}`;
  const colonnes = [
    'l.uid', 'l.source_cle', 'l.id',
    ...TEXTES.map((c) => fusionne(`f.lieu->>'${c}'`, c)),
    ...LISTES.map((c) => fusionne(`CASE WHEN jsonb_typeof(f.lieu->'${c}') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(f.lieu->'${c}')) END`, c)),
    fusionne(`(f.lieu->>'latitude')::double precision`, 'latitude'),
    fusionne(`(f.lieu->>'longitude')::double precision`, 'longitude'),
    fusionne(`(f.lieu->>'date_maj')::date`, 'date_maj'),
    ...PROPRES.map((c) => `l.${c}`),
    'CASE WHEN f.lieu IS NULL THEN l.modifie_le ELSE greatest(l.modifie_le, f.refusionne_le) END AS modifie_le',
    // Which cluster the place stands for, and how many records were merged into it (1: none, or shown alone).
    'CASE WHEN f.lieu IS NULL THEN NULL ELSE f.cluster_id END AS cluster_id',
    'CASE WHEN f.lieu IS NULL THEN 1 ELSE f.taille END AS fusion_taille',
  ];
  // LATERAL (not flattened, see LIMIT), so that every read (one uid, a keyset page in uid order, a set of uids) stays an index scan of
  // `lieux` plus one primary-key lookup per record: a plain join let the planner hash the whole register for a
  // 5,000-row page (110 ms vs 19 ms at 20,000 places, quadratic over a million).
  await sql.raw(`
    CREATE VIEW lieux_publies AS
    SELECT ${colonnes.join(',\n      ')}
    FROM lieux l
    LEFT JOIN LATERAL (
      SELECT m.cluster_id, c.taille, c.modifie_le AS refusionne_le,
             m.cluster_id = 'g' || l.uid AS represente,
             CASE WHEN m.cluster_id = 'g' || l.uid THEN c.lieu END AS lieu,
             m.cluster_id = 'g' || l.uid OR EXISTS (SELECT 1 FROM lieux rep WHERE rep.uid = substr(m.cluster_id, 2)) AS groupe_montre
      FROM cluster_membres m
      JOIN clusters c ON c.generation = m.generation AND c.id = m.cluster_id
      WHERE m.generation = (SELECT r.generation FROM registre_actif r) AND m.uid = l.uid AND c.taille > 1
      LIMIT 1 -- one group per record; also keeps the planner from flattening the lookup into a hash join
    ) f ON true
    WHERE f.cluster_id IS NULL OR f.represente OR NOT f.groupe_montre
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS lieux_publies`.execute(db);
  await sql`DROP INDEX IF EXISTS clusters_fusionnes_modifie_le`.execute(db);
  await sql`ALTER TABLE clusters DROP COLUMN IF EXISTS modifie_le`.execute(db);
}
