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

/** A scored pair of record indexes. Its explanation is rebuilt on demand (ResultatDedoublonnage.expliquer):
 * keeping the text of hundreds of thousands of pairs in memory would cost more than recomputing it. */
export interface Paire {
  a: number;
  b: number;
  score: number;
}

/** A decision taken by a person: the two records are the same place, or are different places. Always wins. */
export interface DecisionManuelle {
  uidA: string;
  uidB: string;
  verdict: 'meme' | 'different';
}
