/**
 * Candidate pairs without comparing all pairs. A record is put into blocks by keys that a duplicate is likely to
 * share; only records sharing at least one block are scored. Keys (docs/dedoublonnage.md, « Blocage »):
 * - identifiers: pivot (SIRET/RNA), phone, e-mail, website domain;
 * - name words within a postcode: each proper word that is not common nationally (motsFrequents), its first 4
 *   letters (survives most typos); the kind of place for names that are nothing but a kind ("Mairie de X");
 * - position: a grid of ~450 m cells; a record meets the records of its own and its 8 neighbouring cells within
 *   RAYON_GEO metres (where more than DENSITE_MAX_GEO records are that close, they must also share a name word or
 *   its first 4 letters, or a kind). Missing coordinates put a record in no cell (it can still meet others by name or identifier).
 * Blocks above TAILLE_MAX_BLOC members (TAILLE_MAX_BLOC_GENRE for kind-of-place keys) (a network's shared SIRET, a national phone line) are not expanded: they
 * would add thousands of pairs and no information; they are counted in the statistics.
 */
import { distanceMetres, type Traits } from './traits.ts';

export const TAILLE_MAX_BLOC = 60;
export const RAYON_GEO = 400;
const PAS_LAT = 0.004;
const PAS_LON = 0.006;
/** Above this many neighbours, a position alone is not enough: the pair must also share a name word or kind. */
const DENSITE_MAX_GEO = 30;
/** Kind-of-place keys ("every library of 75011") are the weakest: smaller blocks than the others. */
const TAILLE_MAX_BLOC_GENRE = 20;

export interface StatistiquesBlocage {
  blocs: number;
  blocsIgnores: number;
  comparaisons: number;
}

function clesTexte(t: Traits, frequents: ReadonlySet<string>): string[] {
  const cles: string[] = [];
  if (t.pivot) cles.push(`s:${t.pivot}`);
  if (t.telephone) cles.push(`t:${t.telephone}`);
  for (const c of t.courriels) cles.push(`e:${c}`);
  for (const d of t.domaines) cles.push(`w:${d}`);
  for (const m of t.propres) {
    if (m.length < 3 || frequents.has(m)) continue;
    cles.push(`n:${t.codePostal}:${m}`);
    if (m.length > 4) cles.push(`p:${t.codePostal}:${m.slice(0, 4)}`);
  }
  // Only names reduced to their kind ("Mairie de X") need the kind as a key: the others have their own words.
  if (t.propres.length === 0) for (const ty of t.types) cles.push(`k:${t.codePostal}:${ty}`);
  return cles;
}

/**
 * Name words too common to say anything ("jean", "nord", "quartier" in a national register): more than one record
 * in 2,000 (at least 60) carry them. They still count in the score; they only stop being block keys.
 */
function motsFrequents(traits: readonly Traits[], tailleRegistre: number): Set<string> {
  const compte = new Map<string, number>();
  for (const t of traits) for (const m of t.propres) compte.set(m, (compte.get(m) ?? 0) + 1);
  // The threshold of the whole register, even for a subset (incremental run): a word frequent in the subset is
  // then frequent in the register too, so a subset never loses a key a full run would use.
  const seuil = Math.max(60, tailleRegistre / 2_000);
  const frequents = new Set<string>();
  for (const [m, n] of compte) if (n > seuil) frequents.add(m);
  return frequents;
}

const celluleLat = (lat: number) => Math.floor(lat / PAS_LAT);
const celluleLon = (lon: number) => Math.floor(lon / PAS_LON);
const cleCellule = (i: number, j: number) => (i + 30_000) * 100_000 + (j + 40_000);

/** The grid cell of a position (the same cells as the blocking). */
export const cellule = (lat: number, lon: number): number => cleCellule(celluleLat(lat), celluleLon(lon));

/** A position's cell and its 8 neighbours: every record the blocking may pair with it by position is in one of them. */
export function cellulesVoisines(lat: number, lon: number): number[] {
  const ci = celluleLat(lat);
  const cj = celluleLon(lon);
  const cles: number[] = [];
  for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) cles.push(cleCellule(ci + di, cj + dj));
  return cles;
}

function partagentUnMot(a: Traits, b: Traits): boolean {
  for (const m of a.propres) for (const n of b.propres) if (m === n || (m.length > 4 && n.length > 4 && m.slice(0, 4) === n.slice(0, 4))) return true;
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
  /** Size of the whole register when `traits` is only part of it (incremental run). */
  tailleRegistre: number = traits.length,
): StatistiquesBlocage {
  // Most keys have one record: the block is then the number itself, not a one-element array (1 M records
  // make ~8 M keys). Keys are not kept per record: they are computed again in the second pass.
  const frequents = motsFrequents(traits, tailleRegistre);
  const blocs = new Map<string, number | number[]>();
  const cellules = new Map<number, number[]>();
  for (let i = 0; i < traits.length; i++) {
    const t = traits[i]!;
    for (const c of clesTexte(t, frequents)) {
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
  for (const [c, b] of blocs) if (typeof b !== 'number' && b.length > (c.charCodeAt(0) === 107 ? TAILLE_MAX_BLOC_GENRE : TAILLE_MAX_BLOC)) blocsIgnores++;

  let comparaisons = 0;
  // vu[j] === i + 1 means j was already proposed for i: a stamp array instead of a Set cleared per record.
  const vu = new Int32Array(traits.length);
  for (let i = 0; i < traits.length; i++) {
    const t = traits[i]!;
    const actif = actifs ? actifs(i) : true;
    const marque = i + 1;
    for (const c of clesTexte(t, frequents)) {
      const bloc = blocs.get(c)!;
      if (typeof bloc === 'number' || bloc.length > (c.charCodeAt(0) === 107 /* 'k' */ ? TAILLE_MAX_BLOC_GENRE : TAILLE_MAX_BLOC)) continue;
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
