import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { LieuStandard } from './standard/lieu.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SourcesTable {
  cle: string;
  nom: string;
  producteur: string | null;
  format: string | null;
  licence: string | null;
  demo: Generated<boolean>;
  cree_le: Timestamp;
  dernier_import: Date | null;
}

export interface ImportsTable {
  id: Generated<number>;
  source_cle: string;
  fichier: string;
  format: string;
  demarre_le: Timestamp;
  termine_le: Date | null;
  lus: Generated<number>;
  crees: Generated<number>;
  mis_a_jour: Generated<number>;
  rejetes: Generated<number>;
}

/**
 * A stored place: the 32 standard fields, named and typed once in LieuStandard (lists as arrays), then
 * Maillage's own columns. A migration that renames a standard column must rename it there too.
 */
export interface LieuxTable extends LieuStandard {
  uid: string;
  source_cle: string;
  coordonnees_approchees: Generated<boolean>;
  code_insee_deduit: Generated<boolean>;
  fichier: string | null;
  import_id: number | null;
  importe_le: Timestamp;
  cree_le: Timestamp;
  modifie_le: Timestamp;
  hors_standard: JSONColumnType<Record<string, unknown>, string, string>;
  demo: Generated<boolean>;
}

/**
 * The published register (view, migration 202611240700): `lieux` with each merged place of the active dedupe
 * generation once, carrying the merged fields. Read-only: what the directory, the search and the exports show.
 */
export interface LieuxPubliesTable extends LieuxTable {
  /** The cluster this record stands for (null: in no merged cluster). */
  cluster_id: string | null;
  /** Number of source records merged into this place (1: none). */
  fusion_taille: number;
}

/** One row: DELETE statements on `lieux` so far (trigger, migration 202611240800). */
export interface LieuxSuppressionsTable {
  singleton: Generated<boolean>;
  compteur: number;
}

export interface LieuxTables {
  lieux_suppressions: LieuxSuppressionsTable;
  sources: SourcesTable;
  imports: ImportsTable;
  lieux: LieuxTable;
  lieux_publies: LieuxPubliesTable;
}
