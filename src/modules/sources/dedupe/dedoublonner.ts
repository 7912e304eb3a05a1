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
  /** The members as record indexes (same order as uids). */
  indices: number[];
}

export interface ResultatDedoublonnage {
  groupes: Groupe[];
  /** Every pair that scored at least SEUILS.paire (merged or refused). */
  paires: Paire[];
  /**
   * The pairs inside a group that score at least SEUILS.paire (explanations through `expliquer`). Computed on
   * demand: a run that carries a group over unchanged never pays for them.
   */
  pairesDe(g: Groupe): Paire[];
  refus: Refus[];
  /** The signals behind a pair's score, one line each (computed again, identical to the scoring). */
  expliquer(p: Paire): Signal[];
  /** actifs: records whose pairs were looked for (all of them unless incremental). */
  statistiques: StatistiquesBlocage & { lieux: number; actifs: number; pairesRetenues: number; ms: number };
}

export interface OptionsDedoublonnage {
  decisions?: readonly DecisionManuelle[];
  /** Called every 1,000 records while scoring (progress bar). */
  progression?: (faits: number, total: number) => void;
  /**
   * Incremental run: the previous generation's groups (uid → group id), which records changed (the source just
   * re-imported, records modified since), and the previous groups that lost a member (a record deleted since).
   * Only pairs touching a changed record or a member of a group that has one are looked for; then those of the
   * members of a previous group that such a record may join (a strong pair with one of them); the other previous
   * groups are held together as they were.
   */
  incremental?: { precedent: ReadonlyMap<string, string>; change: (l: LieuSource, i: number) => boolean; groupesTouches?: ReadonlySet<string> };
  /** Size of the whole register when `lieux` is only the part analysed (sets the frequent-word threshold). */
  tailleRegistre?: number;
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
  const noter = (i: number, j: number) => {
    const score = scoreRapide(traits[i]!, traits[j]!);
    if (score >= SEUILS.groupe) scores.set(i * n + j, score);
    if (score >= SEUILS.paire) fortes.push({ a: i, b: j, score });
  };
  const stats = parcourirCandidats(traits, (i, j) => {
    if (options.progression && i !== derniere && i % 1000 === 0) {
      derniere = i;
      options.progression(i, n);
    }
    noter(i, j);
  }, actifs ? (i) => actifs[i] === 1 : undefined, options.tailleRegistre ?? n);
  options.progression?.(n, n);
  // A kept group that a record looked at again may join (a strong pair with one of its members) is computed
  // again too: its members' pairs are looked for, and it is no longer held together, so that it can split the
  // way a full run would split it. The other kept groups are held together as they were, nothing inside scored.
  let gardesTenus = gardes;
  if (actifs && gardes.length > 0) {
    const gardeDe = new Int32Array(n).fill(-1);
    gardes.forEach((g, k) => {
      for (const i of g) gardeDe[i] = k;
    });
    const liberes = new Uint8Array(gardes.length);
    for (const p of fortes) {
      if (gardeDe[p.a]! >= 0) liberes[gardeDe[p.a]!] = 1;
      if (gardeDe[p.b]! >= 0) liberes[gardeDe[p.b]!] = 1;
    }
    if (liberes.includes(1)) {
      const rouverts = new Uint8Array(n);
      gardes.forEach((g, k) => {
        if (liberes[k] === 1) for (const i of g) rouverts[i] = 1;
      });
      // Pairs with a record already looked at again were scored above.
      parcourirCandidats(traits, (i, j) => {
        if (actifs[i] === 1 || actifs[j] === 1) return;
        stats.comparaisons++;
        noter(i, j);
      }, (i) => rouverts[i] === 1, options.tailleRegistre ?? n);
      gardesTenus = gardes.filter((_, k) => liberes[k] === 0);
    }
  }
  const gardesEnsemble: [number, number][] = [];
  for (const g of gardesTenus) for (let x = 1; x < g.length; x++) gardesEnsemble.push([g[0]!, g[x]!]);

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

  const groupes = indices.map((g) => {
    const uids = g.map((i) => lieux[i]!.uid);
    return { id: idGroupe(uids), uids, indices: g };
  });
  const pairesDe = (g: Groupe): Paire[] => {
    const paires: Paire[] = [];
    const m = g.indices;
    for (let x = 0; x < m.length; x++) {
      for (let y = x + 1; y < m.length; y++) {
        // Indexes are sorted: a < b, as the scoring saw them.
        const s = score(m[x]!, m[y]!);
        if (s >= SEUILS.paire) paires.push({ a: m[x]!, b: m[y]!, score: s });
      }
    }
    return paires;
  };
  return {
    groupes,
    paires: fortes,
    pairesDe,
    refus,
    expliquer: (p) => scorerPaire(traits[p.a]!, traits[p.b]!).signaux,
    statistiques: { ...stats, lieux: n, actifs: actifs ? actifs.reduce((t, x) => t + x, 0) : n, pairesRetenues: fortes.length, ms: performance.now() - debut },
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
    if (g === undefined || inc.change(l, i) || decides.has(l.uid)) actifs[i] = 1;
    if (g === undefined) return;
    const membres = parGroupe.get(g);
    if (membres) membres.push(i);
    else parGroupe.set(g, [i]);
  });
  const gardes: number[][] = [];
  for (const [g, membres] of parGroupe) {
    if (inc.groupesTouches?.has(g) || membres.some((i) => actifs[i] === 1)) for (const i of membres) actifs[i] = 1;
    else if (membres.length > 1) gardes.push(membres);
  }
  return { actifs, gardes };
}
