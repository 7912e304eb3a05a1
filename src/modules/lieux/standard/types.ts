import type { Issue } from '../../../errors.ts';
import type { LieuStandard } from './lieu.ts';

/** The file formats the register can read (detected from the column names, never from the file name). */
export type FormatLieux = 'standard-v1' | 'standard-v0.1' | 'cnfs-2022' | 'cnfs-permanences-2022';

export interface ResultatValidation {
  /** The valid place, or null when at least one issue was found. */
  lieu: LieuStandard | null;
  /** Errors: the row is rejected. */
  issues: Issue[];
  /** Warnings: something was normalised or is doubtful, the row is kept. */
  avertissements: Issue[];
}

export interface ResultatCorrespondance {
  /** Standard v1 field names with values ready for validerLieu (lists as arrays). */
  champs: Record<string, unknown>;
  /** Everything that has no place in the standard, under its original name (stored in lieux.hors_standard). */
  horsStandard: Record<string, unknown>;
  avertissements: Issue[];
}

export interface OptionsValidation {
  /** Reference day for "date_maj is not in the future" (tests pin it); defaults to now. */
  aujourdhui?: Date;
}
