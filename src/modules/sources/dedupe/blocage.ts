/**
 * Candidate pairs without comparing all pairs. A record is put into blocks by keys that a duplicate is likely to
 * share; only records sharing at least one block are scored. Keys (docs/dedoublonnage.md, « Blocage »):
 * - identifiers: pivot (SIRET/RNA), phone, e-mail, website domain;
 * - name words within a postcode: each proper word, its first 4 letters (survives most typos), each kind of place;
 * - position: a grid of ~450 m cells; a record meets the records of its own and its 8 neighbouring cells within
 *   RAYON_GEO metres. Missing coordinates put a record in no cell (it can still meet others by name or identifier).
 * Blocks above TAILLE_MAX_BLOC members (a network's shared SIRET, a national phone line) are not expanded: they
 * would add thousands of pairs and no information; they are counted in the statistics.
 */
import { distanceMetres, type Traits } from './traits.ts';

export const TAILLE_MAX_BLOC = 60;
export const RAYON_GEO = 400;
const PAS_LAT = 0.004;
const PAS_LON = 0.006;
/** Above this many neighbours, a position alone is not enough: the pair must also share a name word or kind. */
const DENSITE_MAX_GEO = 120;

export interface StatistiquesBlocage {
  blocs: number;
  blocsIgnores: number;
  comparaisons: number;
}

function clesTexte(t: Traits): string[] {
  const cles: string[] = [];
  if (t.pivot) cles.push(`s:${t.pivot}`);
  if (t.telephone) cles.push(`t:${t.telephone}`);
  for (const c of t.courriels) cles.push(`e:${c}`);
  for (const d of t.domaines) cles.push(`w:${d}`);
  for (const m of t.propres) {
    if (m.length < 3) continue;
    cles.push(`n:${t.codePostal}:${m}`);
    if (m.length > 4) cles.push(`p:${t.codePostal}:${m.slice(0, 4)}`);
  }
  for (const ty of t.types) cles.push(`k:${t.codePostal}:${ty}`);
  return cles;
}

const celluleLat = (lat: number) => Math.floor(lat / PAS_LAT);
const celluleLon = (lon: number) => Math.floor(lon / PAS_LON);
const cleCellule = (i: number, j: number) => (i + 30_000) * 100_000 + (j + 40_000);

function partagentUnMot(a: Traits, b: Traits): boolean {
  for (const m of a.propres) if (b.propres.includes(m)) return true;
  for (const m of a.types) if (b.types.includes(m)) return true;
  return false;
}

/**
 * Calls `visiter(i, j)` once for each candidate pair i < j. The callback is where scoring happens, so that the
 * candidate pairs never sit in memory all at once (1 M records give tens of millions of candidates).
 * Only pairs touching `actifs` (when given) are visited: re-importing one source rescores only its records.
 */
export function parcourirCandidats(
  traits: readonly Traits[],
  visiter: (i: number, j: number) => void,
  actifs?: (i: number) => boolean,
): StatistiquesBlocage {
  // Most keys have one record: the block is then the number itself, not a one-element array (1 M records
  // make ~8 M keys). Keys are not kept per record: they are computed again in the second pass.
  const blocs = new Map<string, number | number[]>();
  const cellules = new Map<number, number[]>();
  for (let i = 0; i < traits.length; i++) {
    const t = traits[i]!;
    for (const c of clesTexte(t)) {
      const bloc = blocs.get(c);
      if (bloc === undefined) blocs.set(c, i);
      else if (typeof bloc === 'number') blocs.set(c, [bloc, i]);
      else bloc.push(i);
    }
    if (t.aCoordonnees) {
      const k = cleCellule(celluleLat(t.lat), celluleLon(t.lon));
      const cel = cellules.get(k);
      if (cel) cel.push(i);
      else cellules.set(k, [i]);
    }
  }
  let blocsIgnores = 0;
  for (const b of blocs.values()) if (typeof b !== 'number' && b.length > TAILLE_MAX_BLOC) blocsIgnores++;

  let comparaisons = 0;
  // vu[j] === i + 1 means j was already proposed for i: a stamp array instead of a Set cleared per record.
  const vu = new Int32Array(traits.length);
  for (let i = 0; i < traits.length; i++) {
    const t = traits[i]!;
    const actif = actifs ? actifs(i) : true;
    const marque = i + 1;
    for (const c of clesTexte(t)) {
      const bloc = blocs.get(c)!;
      if (typeof bloc === 'number' || bloc.length > TAILLE_MAX_BLOC) continue;
      for (const j of bloc) {
        if (j <= i || vu[j] === marque) continue;
        vu[j] = marque;
        if (!actif && !actifs!(j)) continue;
        comparaisons++;
        visiter(i, j);
      }
    }
    if (!t.aCoordonnees) continue;
    const ci = celluleLat(t.lat);
    const cj = celluleLon(t.lon);
    let voisins = 0;
    for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) voisins += cellules.get(cleCellule(ci + di, cj + dj))?.length ?? 0;
    const dense = voisins > DENSITE_MAX_GEO;
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        const cel = cellules.get(cleCellule(ci + di, cj + dj));
        if (!cel) continue;
        for (const j of cel) {
          if (j <= i || vu[j] === marque) continue;
          const u = traits[j]!;
          if (distanceMetres(t, u) > RAYON_GEO) continue;
          if (dense && !partagentUnMot(t, u)) continue;
          vu[j] = marque;
          if (!actif && !actifs!(j)) continue;
          comparaisons++;
          visiter(i, j);
        }
      }
    }
  }
  return { blocs: blocs.size, blocsIgnores, comparaisons };
}
