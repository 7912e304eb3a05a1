import type { LieuStandard } from '../../lieux/standard/index.ts';

/** One record as the dedupe sees it: a standard place plus its register uid and the key of its source. */
export type LieuSource = LieuStandard & { uid: string; source_cle: string };

/** What a pair score is made of: one line per signal, so that every decision can be read back. */
export interface Signal {
  /** Stable English key: name, address, distance, siret, phone, email, website, typology, commune, source. */
  signal: string;
  points: number;
  detail: string;
}

export interface Paire {
  a: number;
  b: number;
  score: number;
  signaux: Signal[];
}

/** A decision taken by a person: the two records are the same place, or are different places. Always wins. */
export interface DecisionManuelle {
  uidA: string;
  uidB: string;
  verdict: 'meme' | 'different';
}
