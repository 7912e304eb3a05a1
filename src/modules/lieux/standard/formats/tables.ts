/**
 * The explicit mapping of every old column and every old value to standard v1.0.2 (documented, value by value,
 * in docs/formats.md). Values are looked up by their comparison key (lower case, no accents) and, for the long
 * v0.1 values written « Libellé : explication », by the label before « : ».
 */
import type { Champ } from '../lieu.ts';

export interface Cible {
  champ: Champ;
  valeur: string;
}

/** What one old value becomes. No target = no counterpart in v1 (kept in horsStandard, with a warning). */
export interface RegleValeur {
  cibles: readonly Cible[];
  /** Set when the target is only the closest meaning: the original is kept and a warning says so. */
  approximation?: string;
}

const vers = (champ: Champ, valeur: string, approximation?: string): RegleValeur =>
  approximation ? { cibles: [{ champ, valeur }], approximation } : { cibles: [{ champ, valeur }] };
const sansEquivalent: RegleValeur = { cibles: [] };

/** v0.1 / 2022 `services` (15 values) → v1 `services` (9 values). */
export const SERVICES_ANCIENS: Readonly<Record<string, RegleValeur>> = {
  'devenir autonome dans les demarches administratives': vers('services', 'Aide aux démarches administratives'),
  'realiser des demarches administratives avec un accompagnement': vers('services', 'Aide aux démarches administratives'),
  'accompagner les demarches de sante': vers(
    'services',
    'Aide aux démarches administratives',
    "« Accompagner les démarches de santé » n'a pas d'équivalent exact en v1 : lu comme « Aide aux démarches administratives », valeur d'origine conservée",
  ),
  'prendre en main un smartphone ou une tablette': vers('services', 'Maîtrise des outils numériques du quotidien'),
  'prendre en main un ordinateur': vers('services', 'Maîtrise des outils numériques du quotidien'),
  'utiliser le numerique au quotidien': vers('services', 'Maîtrise des outils numériques du quotidien'),
  'approfondir ma culture numerique': vers('services', 'Compréhension du monde numérique'),
  'promouvoir la citoyennete numerique': vers(
    'services',
    'Compréhension du monde numérique',
    "« Promouvoir la citoyenneté numérique » n'a pas d'équivalent exact en v1 : lu comme « Compréhension du monde numérique », valeur d'origine conservée",
  ),
  'favoriser mon insertion professionnelle': vers('services', 'Insertion professionnelle via le numérique'),
  'creer et developper mon entreprise': vers(
    'services',
    'Insertion professionnelle via le numérique',
    "« Créer et développer mon entreprise » n'a pas d'équivalent exact en v1 : lu comme « Insertion professionnelle via le numérique », valeur d'origine conservée",
  ),
  'acceder a une connexion internet': vers('services', 'Accès internet et matériel informatique'),
  'acceder a du materiel': vers('services', 'Accès internet et matériel informatique'),
  "s'equiper en materiel informatique": vers('services', 'Acquisition de matériel informatique à prix solidaire'),
  'creer avec le numerique': vers('services', 'Loisirs et créations numériques'),
  "soutenir la parentalite et l'education avec le numerique": vers('services', 'Parentalité et éducation avec le numérique'),
  // The v1.0.2 description misspells this value; producers copy it.
  'comprehension du monde numerique': vers('services', 'Compréhension du monde numérique'),
};

/** v0.1 `modalites_accompagnement` (and the long labels of the v1 description) → v1 values. */
export const MODALITES_ACCOMPAGNEMENT_ANCIENNES: Readonly<Record<string, RegleValeur>> = {
  seul: vers('modalites_accompagnement', 'En autonomie'),
  "avec de l'aide": vers('modalites_accompagnement', 'Accompagnement individuel'),
  'dans un atelier': vers('modalites_accompagnement', 'Dans un atelier collectif'),
  'dans un atelier collectif': vers('modalites_accompagnement', 'Dans un atelier collectif'),
  'a distance (par telephone ou en visioconference)': vers('modalites_accompagnement', 'À distance'),
  'a ma place': vers(
    'modalites_accompagnement',
    'Accompagnement individuel',
    "« À ma place » (une personne habilitée fait les démarches pour l'usager) n'existe plus en v1 : lu comme « Accompagnement individuel », valeur d'origine conservée",
  ),
};

/** v0.1 `publics_accueillis` → split into `publics_specifiquement_adresses` + `prise_en_charge_specifique`. */
export const PUBLICS_ACCUEILLIS: Readonly<Record<string, RegleValeur>> = {
  'seniors (+ 65 ans)': vers('publics_specifiquement_adresses', 'Seniors'),
  'familles/enfants': vers('publics_specifiquement_adresses', 'Familles et/ou enfants'),
  'jeunes (16-26 ans)': vers('publics_specifiquement_adresses', 'Jeunes'),
  'uniquement femmes': vers('publics_specifiquement_adresses', 'Femmes'),
  // v1: « par défaut, un lieu […] peut accueillir tout public » — "adults" is the default, not a specific public.
  adultes: sansEquivalent,
  // The language is not said: claiming « anglais » or « autres » would invent a fact.
  'public langues etrangeres': sansEquivalent,
  'deficience visuelle': vers('prise_en_charge_specifique', 'Déficience visuelle'),
  surdite: vers('prise_en_charge_specifique', 'Surdité'),
  'handicaps mentaux': vers('prise_en_charge_specifique', 'Handicaps mentaux'),
  // Psychiatric disorders are not « Handicaps mentaux » (intellectual disability) in the v0.1 definitions.
  'handicaps psychiques': sansEquivalent,
  "personnes en situation d'illettrisme": vers('prise_en_charge_specifique', 'Illettrisme'),
};

/** v0.1 `conditions_acces`, 2022 `conditions_access` / `modalites_access` → v1 `frais_a_charge`. */
export const CONDITIONS_ACCES: Readonly<Record<string, RegleValeur>> = {
  gratuit: vers('frais_a_charge', 'Gratuit'),
  'gratuit sous condition': vers('frais_a_charge', 'Gratuit sous condition'),
  payant: vers('frais_a_charge', 'Payant'),
  // v1 has no voucher field; Maillage's pass numérique module reads it back from hors_standard.
  'accepte le pass numerique': sansEquivalent,
  adhesion: vers(
    'frais_a_charge',
    'Payant',
    "« Adhésion » (l'accès demande d'adhérer) n'existe plus en v1 : lu comme « Payant », valeur d'origine conservée",
  ),
};

/** v0.1 `labels_nationaux` → v1 `dispositif_programmes_nationaux`, `formations_labels` or, for labels the v1
 * lists do not have, `autres_formations_labels` (« Autres formations et labels » is the field for exactly that). */
export const LABELS_NATIONAUX: Readonly<Record<string, RegleValeur>> = {
  'france services': vers('dispositif_programmes_nationaux', 'France Services'),
  cnfs: vers('dispositif_programmes_nationaux', 'Conseillers numériques'),
  'aidants connect': vers('dispositif_programmes_nationaux', 'Aidants Connect'),
  'grandes ecoles du numerique': vers('dispositif_programmes_nationaux', 'Grande école du numérique'),
  'grande ecole du numerique': vers('dispositif_programmes_nationaux', 'Grande école du numérique'),
  'point numerique caf': vers('dispositif_programmes_nationaux', "Point d'accès numérique CAF"),
  'fabriques de territoire': vers('formations_labels', 'Fabriques de Territoire'),
  aptic: vers('autres_formations_labels', 'APTIC'),
  'point relais caf': vers('autres_formations_labels', 'Point relais CAF'),
  'relais pole emploi': vers('autres_formations_labels', 'Relais pôle emploi'),
  'french tech': vers('autres_formations_labels', 'French Tech'),
  'campus connecte': vers('autres_formations_labels', 'Campus connecté'),
};

/** How an old or a standard column is read. */
export interface Colonne {
  /** Standard field that receives the values as they are (after splitting), if no value table applies. */
  vers?: Champ;
  /** Closed vocabulary of the old column. */
  valeurs?: Readonly<Record<string, RegleValeur>>;
  /** Values that are neither in the table nor in the target's v1 list: kept in horsStandard (old-only columns)
   * or passed on to validation, which rejects them with a suggestion (columns that still exist in v1). */
  inconnuesHorsStandard?: boolean;
}

/** Every non-v1 column name met in v0.1 and in the 2022 exports, plus the v1 columns whose values changed. */
export const COLONNES_ANCIENNES: Readonly<Record<string, Colonne>> = {
  courriel: { vers: 'courriels' },
  labels_autres: { vers: 'autres_formations_labels' },
  accessibilite: { vers: 'fiche_acces_libre' },
  publics_accueillis: { valeurs: PUBLICS_ACCUEILLIS, inconnuesHorsStandard: true },
  conditions_acces: { valeurs: CONDITIONS_ACCES, inconnuesHorsStandard: true },
  conditions_access: { valeurs: CONDITIONS_ACCES, inconnuesHorsStandard: true },
  modalites_access: { valeurs: CONDITIONS_ACCES, inconnuesHorsStandard: true },
  labels_nationaux: { valeurs: LABELS_NATIONAUX, inconnuesHorsStandard: true },
  services: { vers: 'services', valeurs: SERVICES_ANCIENS },
  modalites_accompagnement: { vers: 'modalites_accompagnement', valeurs: MODALITES_ACCOMPAGNEMENT_ANCIENNES },
};

/** v0.1 columns with no v1 counterpart: kept whole in horsStandard. */
export const COLONNES_SANS_EQUIVALENT: readonly string[] = ['cle_ban'];
