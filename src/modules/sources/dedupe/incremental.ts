/**
 * What an incremental run needs to read at all. The records to look at again ("actifs": changed, new, named in a
 * manual decision, and every member of a previous group that has one or lost a member) can only pair with a
 * record that shares a block with them; every block key starts with something cheap to compare without the
 * traits (postcode for name and kind keys, the grid cell for positions, the identifiers themselves). So only the
 * records sharing one of those cheap keys with an actif record, and the other members of their previous groups
 * (complete linkage compares a newcomer with every member), need traits and scores. Every other previous group is
 * carried over as it is, without its records being analysed.
 *
 * A superset of what the full blocking proposes, with one difference: the words too common to be keys
 * (motsFrequents) are counted on the records kept, so a few more words may act as keys (more candidates, never
 * fewer).
 */
import { cellule, cellulesVoisines } from './blocage.ts';
import { clePivot, cleTelephone, domaineSite } from './normalisation.ts';
import type { LieuSource } from './types.ts';

export interface EntreeIncrementale {
  lieux: readonly LieuSource[];
  /** Each record's group in the previous generation (null: new since). */
  groupes: readonly (string | null)[];
  /** Records to look at again: modified since, or of a re-imported source. */
  change: (i: number) => boolean;
  /** Records named in a manual decision. */
  decides: ReadonlySet<string>;
  /** Previous groups that lost a member (deleted since). */
  groupesTouches: ReadonlySet<string>;
}

const aCoordonnees = (l: LieuSource) => l.latitude !== null && l.longitude !== null && Number.isFinite(l.latitude) && Number.isFinite(l.longitude)
  && !(l.latitude === 0 && l.longitude === 0);

function clesIdentifiants(l: LieuSource): string[] {
  const cles: string[] = [];
  const pivot = clePivot(l.pivot);
  if (pivot) cles.push(`s:${pivot}`);
  const tel = cleTelephone(l.telephone);
  if (tel) cles.push(`t:${tel}`);
  for (const c of l.courriels ?? []) cles.push(`e:${c.trim().toLowerCase()}`);
  for (const s of l.site_web ?? []) {
    const d = domaineSite(s);
    if (d) cles.push(`w:${d}`);
  }
  return cles;
}

/** Indexes (ascending) of the records an incremental run must analyse, and how many of them are actifs. */
export function fichesConcernees(e: EntreeIncrementale): { indices: number[]; actifs: number } {
  const n = e.lieux.length;
  const actif = new Uint8Array(n);
  const parGroupe = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = e.groupes[i] ?? null;
    if (g === null || e.change(i) || e.decides.has(e.lieux[i]!.uid)) actif[i] = 1;
    if (g === null) continue;
    const membres = parGroupe.get(g);
    if (membres) membres.push(i);
    else parGroupe.set(g, [i]);
  }
  for (const [g, membres] of parGroupe) {
    if (e.groupesTouches.has(g) || membres.some((i) => actif[i] === 1)) for (const i of membres) actif[i] = 1;
  }

  const postaux = new Set<string>();
  const cellules = new Set<number>();
  const identifiants = new Set<string>();
  let actifs = 0;
  for (let i = 0; i < n; i++) {
    if (actif[i] === 0) continue;
    actifs++;
    const l = e.lieux[i]!;
    postaux.add(l.code_postal);
    if (aCoordonnees(l)) for (const c of cellulesVoisines(l.latitude!, l.longitude!)) cellules.add(c);
    for (const c of clesIdentifiants(l)) identifiants.add(c);
  }

  const retenu = actif.slice();
  for (let i = 0; i < n; i++) {
    if (retenu[i] === 1) continue;
    const l = e.lieux[i]!;
    if (postaux.has(l.code_postal) || (aCoordonnees(l) && cellules.has(cellule(l.latitude!, l.longitude!)))
      || clesIdentifiants(l).some((c) => identifiants.has(c))) retenu[i] = 1;
  }
  // A kept record brings its whole previous group: a newcomer joins it only if it matches every member.
  for (const membres of parGroupe.values()) {
    if (membres.some((i) => retenu[i] === 1)) for (const i of membres) retenu[i] = 1;
  }
  const indices: number[] = [];
  for (let i = 0; i < n; i++) if (retenu[i] === 1) indices.push(i);
  return { indices, actifs };
}
