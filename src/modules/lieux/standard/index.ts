/**
 * Public API of the national standard (v1.0.2): its fields and closed lists, row validation, and the
 * detection and mapping of older formats. Other modules import only from here.
 */
export type { LieuStandard, Champ, ChampEnumere } from './lieu.ts';
export type { FormatLieux, ResultatValidation, ResultatCorrespondance, OptionsValidation } from './types.ts';
export type { DefinitionChamp } from './schema.ts';
export {
  CHAMPS,
  CHAMPS_LISTE,
  CHAMPS_OBLIGATOIRES,
  DEFINITIONS,
  ENUMERATIONS,
  VERSION_STANDARD,
  titreChamp,
} from './schema.ts';
export { validerLieu, doublonsIdentifiants } from './validation.ts';
export { detecterFormat, verifierColonnes, FORMATS } from './formats/detection.ts';
export { ligneV1Directe, versStandardV1 } from './formats/correspondance.ts';
export { SERVICES } from './services.ts';
