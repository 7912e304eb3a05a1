/**
 * The whole dedupe over records in memory: traits once per record, candidate pairs from blocking, a score per
 * candidate, groups by complete linkage. Pure (no I/O); the service loads the records and stores the result.
 */
import { parcourirCandidats, type StatistiquesBlocage } from './blocage.ts';
import { former, type Refus } from './clusters.ts';
import { SEUILS, scoreRapide, scorerPaire } from './score.ts';
import { calculerTraits, type CacheCommunes, type Traits } from './traits.ts';
import type { DecisionManuelle, LieuSource, Paire, Signal } from './types.ts';

export interface Groupe {
  /** Stable id: derived from the smallest member uid, so it survives re-imports that leave membership alone. */
  id: string;
  uids: string[];
  /** The scored pairs inside the group (explanations through ResultatDedoublonnage.expliquer). */
  paires: Paire[];
}

export interface ResultatDedoublonnage {
  groupes: Groupe[];
  /** Every pair that scored at least SEUILS.paire (merged or refused). */
  paires: Paire[];
  refus: Refus[];
  /** The signals behind a pair's score, one line each (computed again, identical to the scoring). */
  expliquer(p: Paire): Signal[];
  statistiques: StatistiquesBlocage & { lieux: number; pairesRetenues: number; ms: number };
}

export interface OptionsDedoublonnage {
  decisions?: readonly DecisionManuelle[];
  /** Called every 1,000 records while scoring (progress bar). */
  progression?: (faits: number, total: number) => void;
  /**
   * Incremental run: the previous generation's groups (uid → group id) and which records changed (the source
   * just re-imported). Only pairs touching a changed record are looked for; a previous group with no changed
   * member is kept as it was (its inner pairs are scored again for their explanation, nothing else).
   */
  incremental?: { precedent: ReadonlyMap<string, string>; change: (l: LieuSource) => boolean };
}

export const idGroupe = (uids: readonly string[]): string => `g${uids.reduce((m, u) => (u < m ? u : m))}`;

export function dedoublonner(lieux: readonly LieuSource[], options: OptionsDedoublonnage = {}): ResultatDedoublonnage {
  const debut = performance.now();
  const n = lieux.length;
  const cache: CacheCommunes = new Map();
  const traits: Traits[] = lieux.map((l) => calculerTraits(l, cache));
  const scores = new Map<number, number>();
  const fortes: Paire[] = [];
  let derniere = -1;
  const { actifs, gardes } = options.incremental ? partager(lieux, options.incremental, options.decisions ?? []) : { actifs: null, gardes: [] };
  const stats = parcourirCandidats(traits, (i, j) => {
    if (options.progression && i !== derniere && i % 1000 === 0) {
      derniere = i;
      options.progression(i, n);
    }
    const score = scoreRapide(traits[i]!, traits[j]!);
    if (score >= SEUILS.groupe) scores.set(i * n + j, score);
    if (score >= SEUILS.paire) fortes.push({ a: i, b: j, score });
  }, actifs ? (i) => actifs[i] === 1 : undefined);
  options.progression?.(n, n);
  // Kept groups: held together as they were, their inner pairs scored for the explanations.
  const gardesEnsemble: [number, number][] = [];
  for (const g of gardes) {
    for (let x = 0; x < g.length; x++) {
      if (x > 0) gardesEnsemble.push([g[0]!, g[x]!]);
      for (let y = x + 1; y < g.length; y++) {
        const [i, j] = g[x]! < g[y]! ? [g[x]!, g[y]!] : [g[y]!, g[x]!];
        const score = scoreRapide(traits[i]!, traits[j]!);
        if (score >= SEUILS.groupe) scores.set(i * n + j, score);
        if (score >= SEUILS.paire) fortes.push({ a: i, b: j, score });
      }
    }
  }

  const indexUid = new Map<string, number>();
  lieux.forEach((l, i) => indexUid.set(l.uid, i));
  const memes: [number, number][] = [];
  const differents: [number, number][] = [];
  for (const d of options.decisions ?? []) {
    const a = indexUid.get(d.uidA);
    const b = indexUid.get(d.uidB);
    if (a === undefined || b === undefined || a === b) continue;
    (d.verdict === 'meme' ? memes : differents).push([a, b]);
  }
  const score = (a: number, b: number) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const connu = scores.get(x * n + y);
    if (connu !== undefined) return connu;
    // Not proposed by blocking, or below the group threshold: score it now (groups are small, this is rare).
    return scoreRapide(traits[x]!, traits[y]!);
  };
  const { groupes: indices, refus } = former({ n, paires: fortes, score, memes: [...memes, ...gardesEnsemble], differents });

  const groupeDe = new Int32Array(n);
  indices.forEach((g, k) => {
    for (const i of g) groupeDe[i] = k;
  });
  const pairesParGroupe = new Map<number, Paire[]>();
  for (const p of fortes) {
    const k = groupeDe[p.a]!;
    if (k !== groupeDe[p.b]) continue;
    const liste = pairesParGroupe.get(k);
    if (liste) liste.push(p);
    else pairesParGroupe.set(k, [p]);
  }
  const groupes = indices.map((g, k) => {
    const uids = g.map((i) => lieux[i]!.uid);
    return { id: idGroupe(uids), uids, paires: pairesParGroupe.get(k) ?? [] };
  });
  return {
    groupes,
    paires: fortes,
    refus,
    expliquer: (p) => scorerPaire(traits[p.a]!, traits[p.b]!).signaux,
    statistiques: { ...stats, lieux: n, pairesRetenues: fortes.length, ms: performance.now() - debut },
  };
}

/**
 * Which records to look at again: the changed ones, the new ones, those named in a manual decision, and every
 * member of a previous group that contains one of them. The other previous groups are kept whole.
 */
function partager(
  lieux: readonly LieuSource[],
  inc: NonNullable<OptionsDedoublonnage['incremental']>,
  decisions: readonly DecisionManuelle[],
): { actifs: Uint8Array; gardes: number[][] } {
  const actifs = new Uint8Array(lieux.length);
  const decides = new Set(decisions.flatMap((d) => [d.uidA, d.uidB]));
  const parGroupe = new Map<string, number[]>();
  lieux.forEach((l, i) => {
    const g = inc.precedent.get(l.uid);
    if (g === undefined || inc.change(l) || decides.has(l.uid)) actifs[i] = 1;
    if (g !== undefined) parGroupe.set(g, [...(parGroupe.get(g) ?? []), i]);
  });
  const gardes: number[][] = [];
  for (const membres of parGroupe.values()) {
    if (membres.some((i) => actifs[i] === 1)) for (const i of membres) actifs[i] = 1;
    else if (membres.length > 1) gardes.push(membres);
  }
  return { actifs, gardes };
}
