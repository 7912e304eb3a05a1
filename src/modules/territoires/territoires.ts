/**
 * Territories of the current COG (code officiel géographique): régions, départements, EPCI, communes and the
 * arrondissements municipaux of Paris, Lyon and Marseille. Read-only reference data, loaded once in memory.
 */

/** COM: commune; ARM: arrondissement municipal of Paris (751xx), Lyon (6938x) or Marseille (132xx). */
export type TypeCommune = 'COM' | 'ARM';

export interface Commune {
  /** INSEE code, 5 characters ("01001", "2A004", "75110"). */
  readonly code: string;
  readonly nom: string;
  readonly type: TypeCommune;
  readonly departement: string;
  readonly region: string;
  /** SIREN of the EPCI à fiscalité propre; an arrondissement gets its commune's. Null for a few islands and COM. */
  readonly epci: string | null;
  /** For an arrondissement: its commune (75056, 69123, 13055). */
  readonly communeParente: string | null;
  readonly codesPostaux: readonly string[];
  /** Centroid (WGS 84). Null only for overseas collectivities absent from the source (Polynésie, TAAF…). */
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** Population municipale 2021 (INSEE). */
  readonly population: number | null;
}

export interface Departement {
  readonly code: string;
  readonly nom: string;
  readonly region: string;
}

export interface Region {
  readonly code: string;
  readonly nom: string;
}

export interface Epci {
  /** SIREN. */
  readonly code: string;
  readonly nom: string;
  /** CC, CA, CU, METRO, MET69. */
  readonly type: string;
}

export interface Centroide {
  readonly latitude: number;
  readonly longitude: number;
}

/** What an imported row says about its commune; any field may be missing or badly typed. */
export interface IndicesCommune {
  codeInsee?: string | null | undefined;
  codePostal?: string | null | undefined;
  nom?: string | null | undefined;
}

export interface TerritoiresService {
  /** A current commune or arrondissement by INSEE code. */
  commune(codeInsee: string): Commune | undefined;
  /** Communes and arrondissements served by a postcode, most populous first. */
  communesParCodePostal(codePostal: string): Commune[];
  /**
   * Loose search by name, postcode or INSEE code, best first (see docs/territoires.md for the rules).
   * Exact name, then name prefix, then every word a prefix; ties by population.
   */
  /**
   * `fautes: false` leaves out the typo fallback: for a piece of a longer text (the end of an address), where a
   * street word one letter from a village's name (Jaurès → Jaure) must not become the place searched.
   */
  rechercherCommunes(texte: string, limite?: number, options?: { fautes?: boolean }): Commune[];
  /** The one commune a (code INSEE, postcode, name) triple designates, or undefined when unknown or ambiguous. */
  resoudreCommune(indices: IndicesCommune): Commune | undefined;
  /** Centroid of a commune or arrondissement, when known. */
  centroide(codeInsee: string): Centroide | undefined;
  departement(code: string): Departement | undefined;
  departements(): readonly Departement[];
  region(code: string): Region | undefined;
  regions(): readonly Region[];
  epci(code: string): Epci | undefined;
  epcis(): readonly Epci[];
  /** Communes and arrondissements of a département, by name. */
  communesDuDepartement(code: string): Commune[];
  /** Communes (and Paris/Lyon/Marseille arrondissements) of an EPCI, by name. */
  communesDeLEpci(code: string): Commune[];
  /** Every commune and arrondissement (35 k), in INSEE code order. */
  communes(): readonly Commune[];
}
