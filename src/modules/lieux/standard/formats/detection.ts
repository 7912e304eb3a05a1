import { AppError, type Issue } from '../../../../errors.ts';
import { CHAMPS_OBLIGATOIRES, DEFINITIONS, titreChamp } from '../schema.ts';
import { COLONNES_ANCIENNES, COLONNES_SANS_EQUIVALENT } from './tables.ts';
import type { FormatLieux } from '../types.ts';

/** The formats, with how each is recognised (also shown to the user when nothing fits). */
export const FORMATS: Readonly<Record<FormatLieux, string>> = {
  'standard-v1': 'standard national v1.0.x : colonnes v1 (courriels, frais_a_charge, fiche_acces_libre…), listes séparées par « | »',
  'standard-v0.1': 'standard national v0.1 : colonnes courriel, publics_accueillis, conditions_acces, labels_nationaux…, listes séparées par « ; »',
  'cnfs-2022': 'export 2022 des lieux des conseillers numériques : colonne conditions_access, listes séparées par « , »',
  'cnfs-permanences-2022': 'export 2022 des permanences des conseillers numériques : colonne modalites_access, id = SIRET de la structure',
};

/** Columns that exist only in v1 (absent from v0.1). */
const SEULEMENT_V1 = [
  'courriels', 'itinerance', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'fiche_acces_libre',
];
/** Columns that exist only in v0.1. */
const SEULEMENT_V01 = ['cle_ban', 'courriel', 'publics_accueillis', 'conditions_acces', 'labels_nationaux', 'labels_autres', 'accessibilite'];

/**
 * Recognises a file's format from its column names (for JSON, the union of the rows' keys). A file with any
 * v1-only column is v1 even if it also carries old columns (they are mapped per column); throws
 * AppError('fichier_invalide') listing what was expected when nothing fits.
 */
export function detecterFormat(colonnes: readonly string[]): FormatLieux {
  const noms = new Set(colonnes.map((c) => c.trim()));
  if (noms.has('modalites_access')) return 'cnfs-permanences-2022';
  if (noms.has('conditions_access')) return 'cnfs-2022';
  if (SEULEMENT_V1.some((c) => noms.has(c))) return 'standard-v1';
  if (SEULEMENT_V01.some((c) => noms.has(c))) return 'standard-v0.1';
  const manquantes = CHAMPS_OBLIGATOIRES.filter((c) => !noms.has(c));
  if (manquantes.length === 0) return 'standard-v1';
  const attendus = Object.values(FORMATS).map((f) => `– ${f}`).join('\n');
  throw new AppError('fichier_invalide', 'Format de fichier inconnu.', [
    {
      key: 'unknown_format',
      message:
        `Format de fichier inconnu : ni le standard national ni un ancien format reconnu. Colonnes obligatoires ` +
        `absentes : ${manquantes.join(', ')}. Formats acceptés :\n${attendus}`,
      value: [...noms].slice(0, 40).join(', '),
    },
  ]);
}


/**
 * File-level check of the header, once the format is known: a required column missing from the whole file is
 * one clear error (rather than the same error on every row); a column the mapping does not know is a warning
 * (its values are kept in hors_standard).
 */
export function verifierColonnes(format: FormatLieux, colonnes: readonly string[]): { issues: Issue[]; avertissements: Issue[] } {
  const noms = new Set(colonnes.map((c) => c.trim()));
  // The 2022 permanences export carries the SIRET in `id` (versStandardV1 copies it to pivot).
  const fournies = format === 'cnfs-permanences-2022' && noms.has('id') ? new Set([...noms, 'pivot']) : noms;
  const issues = CHAMPS_OBLIGATOIRES.filter((c) => !fournies.has(c)).map(
    (c): Issue => ({ key: 'missing_column', field: c, message: `Colonne obligatoire absente du fichier : ${titreChamp(c)} (${c}).` }),
  );
  const avertissements = [...noms]
    .filter((c) => c !== '' && !Object.hasOwn(DEFINITIONS, c) && !Object.hasOwn(COLONNES_ANCIENNES, c) && !COLONNES_SANS_EQUIVALENT.includes(c))
    .map((c): Issue => ({ key: 'unknown_column', field: c, message: `Colonne inconnue du standard : ${c} (ses valeurs sont conservées hors standard).` }));
  return { issues, avertissements };
}
