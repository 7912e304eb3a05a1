/**
 * Groups that resist chaining. Transitive closure (mednum-cli) merges A and C as soon as A~B and B~C, so one
 * ambiguous record can glue two different places together. Here, groups are built by complete linkage:
 * pairs are taken from the strongest to the weakest (score ≥ SEUILS.paire), and two groups are joined only if
 * EVERY cross pair scores at least SEUILS.groupe and no manual decision says "different". Manual "same"
 * decisions are applied first and are never undone. Deterministic: ties are broken by record order.
 */
import { SEUILS } from './score.ts';
import type { DecisionManuelle } from './types.ts';

export const TAILLE_MAX_GROUPE = 40;

export interface Refus {
  a: number;
  b: number;
  raison: string;
}

export interface ResultatGroupes {
  /** Each group as sorted record indexes; singletons included. */
  groupes: number[][];
  /** Strong pairs that were not merged, with the reason (chaining prevented, manual decision). */
  refus: Refus[];
  /** Manual decisions that contradict each other (the "different" one wins). */
  conflits: DecisionManuelle[];
}

export interface EntreeGroupes {
  n: number;
  /** Strong pairs (score ≥ SEUILS.paire), any order. */
  paires: readonly { a: number; b: number; score: number }[];
  /** Score of any pair (cached or computed on demand): complete linkage needs pairs blocking did not propose. */
  score: (a: number, b: number) => number;
  memes: readonly [number, number][];
  differents: readonly [number, number][];
}

export function former(entree: EntreeGroupes): ResultatGroupes {
  const { n } = entree;
  const groupe = new Int32Array(n);
  const membres: (number[] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    groupe[i] = i;
    membres[i] = [i];
  }
  const cle = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const differents = new Set(entree.differents.map(([a, b]) => cle(a, b)));
  const memes = new Set(entree.memes.map(([a, b]) => cle(a, b)));
  const refus: Refus[] = [];
  const conflits: DecisionManuelle[] = [];

  const unir = (ra: number, rb: number) => {
    const [grand, petit] = membres[ra]!.length >= membres[rb]!.length ? [ra, rb] : [rb, ra];
    for (const x of membres[petit]!) {
      groupe[x] = grand;
      membres[grand]!.push(x);
    }
    membres[petit] = undefined;
  };
  const differentEntre = (ra: number, rb: number) => {
    for (const x of membres[ra]!) for (const y of membres[rb]!) if (differents.has(cle(x, y))) return true;
    return false;
  };

  for (const [a, b] of entree.memes) {
    const ra = groupe[a]!;
    const rb = groupe[b]!;
    if (ra === rb) continue;
    if (differentEntre(ra, rb)) conflits.push({ uidA: String(a), uidB: String(b), verdict: 'meme' });
    else unir(ra, rb);
  }

  const tries = [...entree.paires].filter((p) => p.score >= SEUILS.paire)
    .sort((p, q) => q.score - p.score || Math.min(p.a, p.b) - Math.min(q.a, q.b) || Math.max(p.a, p.b) - Math.max(q.a, q.b));
  for (const p of tries) {
    const ra = groupe[p.a]!;
    const rb = groupe[p.b]!;
    if (ra === rb) continue;
    if (differentEntre(ra, rb)) {
      refus.push({ a: p.a, b: p.b, raison: 'décision manuelle « lieux différents »' });
      continue;
    }
    if (membres[ra]!.length + membres[rb]!.length > TAILLE_MAX_GROUPE) {
      refus.push({ a: p.a, b: p.b, raison: `groupe limité à ${TAILLE_MAX_GROUPE} fiches` });
      continue;
    }
    let faible: [number, number, number] | null = null;
    for (const x of membres[ra]!) {
      for (const y of membres[rb]!) {
        if (memes.has(cle(x, y))) continue;
        const s = entree.score(x, y);
        if (s < SEUILS.groupe) {
          faible = [x, y, s];
          break;
        }
      }
      if (faible) break;
    }
    if (faible) {
      refus.push({ a: p.a, b: p.b, raison: `enchaînement refusé : ${faible[0]} et ${faible[1]} ne se ressemblent pas assez (${faible[2]})` });
      continue;
    }
    unir(ra, rb);
  }

  const groupes: number[][] = [];
  for (let i = 0; i < n; i++) if (membres[i]) groupes.push(membres[i]!.sort((x, y) => x - y));
  groupes.sort((g, h) => g[0]! - h[0]!);
  return { groupes, refus, conflits };
}
