import type { LieuStandard } from '../lieux/standard/lieu.ts';

/**
 * What the directory pages read, and nothing more. app.ts builds it from the register, search and
 * territories services (annuaire.adaptateur.ts), so the pages depend on a narrow contract, not on modules.
 */

export type Fraicheur = 'a_jour' | 'a_verifier' | 'a_actualiser';

export interface LieuAffiche extends LieuStandard {
  uid: string;
  demo: boolean;
}

export interface ResultatAffiche {
  lieu: LieuAffiche;
  distanceKm?: number | undefined;
  ouvertMaintenant?: boolean | undefined;
  /** ISO 8601 with offset. */
  prochaineOuverture?: string | undefined;
}

export interface PageResultats {
  total: number;
  resultats: ResultatAffiche[];
  /** field → value → count, for the whole result set (not only this page). */
  facettes: Record<string, Record<string, number>>;
  curseurSuivant?: string | undefined;
  /** Where the search was centred (« Roubaix », « 59100 Roubaix »), when it was. */
  origine?: string | undefined;
}

export interface TerritoireCompte {
  code: string;
  nom: string;
  lieux: number;
}

/** Where a place's information came from (the place page's « Informations issues de … »). */
export interface ProvenanceAffichee {
  /** The records the place was built from, newest data first (one when the place is in no merged cluster). */
  sources: { uid: string; nom: string; date_maj: string }[];
  /** Per field (standard's name), the source(s) it came from. */
  champs: { champ: string; origines: { nom: string; date_maj: string }[] }[];
  /** Managers' changes, newest first; the author is a structure or a role, never a person. */
  versions: { date: string; action: string; auteur: string; champs: string[] }[];
}

export interface DonneesAnnuaire {
  /** Parses the query with the search module's schema (throws AppError 'requete_invalide' on bad input). */
  rechercher(query: Record<string, string | string[]>): Promise<PageResultats>;
  /** The GeoJSON of the same search, for the map (an API URL). */
  urlGeojson(query: URLSearchParams): string;
  /** A place as published (merged when it is); a record merged into another place names that place instead. */
  lieu(uid: string): Promise<LieuAffiche | { fusionneDans: string } | undefined>;
  provenance(uid: string): Promise<ProvenanceAffichee | undefined>;
  fraicheur(dateMaj: string): Fraicheur;
  /** The register holds demo places (counted on the browse pages). */
  contientDemo(): Promise<boolean>;
  /**
   * The regions with their counts, and every published place: those whose commune is unknown (no INSEE code the
   * territories know) belong to no region and are only in the national file.
   */
  france(): Promise<{ regions: TerritoireCompte[]; total: number }>;
  region(code: string): Promise<{ region: { code: string; nom: string }; departements: TerritoireCompte[] } | undefined>;
  departement(code: string): Promise<{ departement: { code: string; nom: string; region: string; regionNom: string }; communes: TerritoireCompte[] } | undefined>;
  /** The standard CSV of the places of a territory, as a stream of text chunks. */
  csvTerritoire(niveau: 'region' | 'departement', code: string): AsyncIterable<string>;
}
