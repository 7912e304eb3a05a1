import type { Origine } from './geocodage.ts';
import type { Tri } from './recherche.moteur.ts';

/** What the search service answers (the API and the pages render it). */
export interface ResultatLieu {
  uid: string;
  /** Great-circle distance from the origin, km, 2 decimals. */
  distanceKm?: number;
  /** Relevance when sorted by text. */
  score?: number;
  /** null when the place gives no (or unreadable) opening hours. */
  ouvertMaintenant: boolean | null;
  /** Next opening within 8 days, ISO 8601 with the place's offset, when closed now. */
  prochaineOuverture?: string;
}

export interface ResultatRecherche {
  total: number;
  tri: Tri;
  resultats: ResultatLieu[];
  /** Field → value → number of places the query would give with that value (0 included). */
  facettes: Record<string, Record<string, number>>;
  curseurSuivant?: string;
  origine?: Origine;
}
