/**
 * One place as the national standard v1.0.2 describes it: the 32 fields, named exactly like the `lieux`
 * table columns. Lists are arrays (split on `|`), coordinates are numbers, `date_maj` is 'YYYY-MM-DD',
 * and an absent value is null.
 */
export interface LieuStandard {
  id: string;
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  complement_adresse: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[] | null;
  telephone: string | null;
  courriels: string[] | null;
  site_web: string[] | null;
  horaires: string | null;
  presentation_resume: string | null;
  presentation_detail: string | null;
  source: string | null;
  itinerance: string[] | null;
  structure_parente: string | null;
  date_maj: string;
  services: string[] | null;
  publics_specifiquement_adresses: string[] | null;
  prise_en_charge_specifique: string[] | null;
  frais_a_charge: string[] | null;
  dispositif_programmes_nationaux: string[] | null;
  formations_labels: string[] | null;
  autres_formations_labels: string[] | null;
  modalites_acces: string[] | null;
  modalites_accompagnement: string[] | null;
  fiche_acces_libre: string | null;
  prise_rdv: string | null;
}

export type Champ = keyof LieuStandard;

/**
 * Every field set to `valeur`, in the standard's order, written as one object literal: all the objects made here
 * share one V8 shape with the fields in place. Filled instead by 32 keyed stores into `{}`, a row's object became
 * a slow dictionary (every later read and write of it a hash lookup): ≈ 10 % of mapping + validation.
 */
export function champsVides<T>(valeur: T): Record<Champ, T> {
  return {
    id: valeur, pivot: valeur, nom: valeur, commune: valeur, code_postal: valeur, code_insee: valeur, adresse: valeur,
    complement_adresse: valeur, latitude: valeur, longitude: valeur, typologie: valeur, telephone: valeur, courriels: valeur,
    site_web: valeur, horaires: valeur, presentation_resume: valeur, presentation_detail: valeur, source: valeur,
    itinerance: valeur, structure_parente: valeur, date_maj: valeur, services: valeur, publics_specifiquement_adresses: valeur,
    prise_en_charge_specifique: valeur, frais_a_charge: valeur, dispositif_programmes_nationaux: valeur,
    formations_labels: valeur, autres_formations_labels: valeur, modalites_acces: valeur, modalites_accompagnement: valeur,
    fiche_acces_libre: valeur, prise_rdv: valeur,
  };
}
/** Every field once (the literal above: TypeScript rejects a missing or an extra key). schema.ts checks the official file against it. */
export const GABARIT_CHAMPS: Readonly<Record<Champ, true>> = Object.freeze(champsVides(true as const));

/** The fields whose values the standard closes with a `(?:(?:^|\|)(A|B|…))+$` pattern. */
export type ChampEnumere =
  | 'itinerance'
  | 'services'
  | 'publics_specifiquement_adresses'
  | 'prise_en_charge_specifique'
  | 'frais_a_charge'
  | 'dispositif_programmes_nationaux'
  | 'formations_labels'
  | 'modalites_acces'
  | 'modalites_accompagnement';
