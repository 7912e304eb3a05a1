import { boiteAutour, CHAMPS_FACETTES, distanceKm, type IndexRecherche } from './recherche.index.ts';

/**
 * One query over the index, no I/O. Candidates come from the most selective structure (spatial box, territory
 * posting list, text postings), every other constraint is a lookup in a column. Facet counts are disjunctive:
 * the counts of a field ignore that field's own filter (values of one field are OR-ed, fields are AND-ed), so
 * ticking a second service shows what it would add, and a value that would give nothing shows 0.
 */

export type Tri = 'distance' | 'pertinence' | 'nom';

export interface Curseur {
  cle: number | string;
  uid: string;
}

export interface RequeteIndex {
  origine?: { lat: number; lon: number };
  rayonKm?: number;
  k?: number;
  /** Territory posting keys, AND-ed (`c:75056`, `p:13001`, `d:2A`, `r:84`). */
  territoires?: string[];
  texte?: string;
  /** Wanted bits per facet field (OR within the field). */
  filtres: Partial<Record<(typeof CHAMPS_FACETTES)[number], number>>;
  /** Wanted typologie ids (OR); an empty array matches nothing (unknown code). */
  typologie?: number[];
  ouvert?: (horaireId: number) => boolean;
  rdvEnLigne?: boolean;
  ficheAcces?: boolean;
  jourMajMin?: number;
  modifieApresMs?: number;
  limite: number;
  curseur?: Curseur;
  facettes: boolean;
}

export interface TrouveIndex {
  slot: number;
  distanceKm?: number;
  score?: number;
}

export interface ResultatIndex {
  total: number;
  tri: Tri;
  trouves: TrouveIndex[];
  /** Per facet field, count per bit / typologie id. */
  comptes: Record<string, Uint32Array>;
  curseurSuivant?: Curseur;
}

const RAYONS_K = [2, 8, 32, 128, 512, 2048, 20040];

export function executer(index: IndexRecherche, r: RequeteIndex): ResultatIndex {
  const textes = r.texte ? index.texte.chercher(r.texte, index.n) : null;
  const tri: Tri = r.origine ? 'distance' : textes ? 'pertinence' : 'nom';
  const actifs = CHAMPS_FACETTES.filter((c) => r.filtres[c] !== undefined);
  const masques = actifs.map((c) => index.masques[c].data);
  const voulus = actifs.map((c) => r.filtres[c]!);
  const typo = r.typologie ? new Set(r.typologie) : null;
  const nbChamps = CHAMPS_FACETTES.length;
  const comptes: Record<string, Uint32Array> = {};
  for (const c of CHAMPS_FACETTES) comptes[c] = new Uint32Array(32);
  comptes.typologie = new Uint32Array(Math.max(index.typologies.valeurs.length, 1));
  const colonnesComptes = CHAMPS_FACETTES.map((c) => comptes[c]!);
  const colonnesMasques = CHAMPS_FACETTES.map((c) => index.masques[c].data);
  const indexActif = new Int32Array(nbChamps + 1).fill(-1);
  actifs.forEach((c, i) => (indexActif[CHAMPS_FACETTES.indexOf(c)] = i));
  const typoActif = typo ? actifs.length : -1;

  const compterChamp = (s: number, f: number) => {
    if (f === nbChamps) {
      for (const t of index.typologie[s]!) comptes.typologie![t]!++;
      return;
    }
    let m = colonnesMasques[f]![s]!;
    const cpt = colonnesComptes[f]!;
    while (m) {
      const b = 31 - Math.clz32(m & -m);
      cpt[b]!++;
      m &= m - 1;
    }
  };

  const vivant = index.vivant.data;
  const horaire = index.horaire.data;
  const o = r.origine;
  // Territory keys come from different parameters (commune, département, région): they are AND-ed.
  let territoiresTest: Set<number> | null = null;
  for (const cle of r.territoires ?? []) {
    const postes = index.postes(cle);
    territoiresTest = territoiresTest ? new Set(postes.filter((s) => territoiresTest!.has(s))) : new Set(postes);
  }

  /** Non-facet constraints; returns the distance (or 0) when the slot passes, −1 otherwise. */
  const passeBase = (s: number, rayon: number | undefined): number => {
    if (!vivant[s]) return -1;
    let d = 0;
    if (o) {
      if (!index.aCoordonnees.data[s]) return -1;
      d = distanceKm(o.lat, o.lon, index.lat.data[s]!, index.lon.data[s]!);
      if (rayon !== undefined && d > rayon) return -1;
    }
    if (textes && !textes.contient(s)) return -1;
    if (territoiresTest && !territoiresTest.has(s)) return -1;
    if (r.rdvEnLigne && !index.rdvEnLigne.data[s]) return -1;
    if (r.ficheAcces && !index.ficheAcces.data[s]) return -1;
    if (r.jourMajMin !== undefined && index.jourMaj.data[s]! < r.jourMajMin) return -1;
    if (r.modifieApresMs !== undefined && index.modifieLe.data[s]! <= r.modifieApresMs) return -1;
    if (r.ouvert && !r.ouvert(horaire[s]!)) return -1;
    return d;
  };

  /** Index of the one failing facet filter, −1 when all pass, −2 when two or more fail. */
  const echecFacettes = (s: number): number => {
    let echec = -1;
    for (let i = 0; i < masques.length; i++) {
      if ((masques[i]![s]! & voulus[i]!) === 0) {
        if (echec !== -1) return -2;
        echec = i;
      }
    }
    if (typo && !index.typologie[s]!.some((t) => typo.has(t))) {
      if (echec !== -1) return -2;
      echec = typoActif;
    }
    return echec;
  };
  const champDeActif = (i: number) => (i === typoActif ? nbChamps : CHAMPS_FACETTES.indexOf(actifs[i]!));

  const trouves: TrouveIndex[] = [];
  const visiter = (s: number, rayon: number | undefined) => {
    const d = passeBase(s, rayon);
    if (d < 0) return;
    const e = echecFacettes(s);
    if (e === -1) {
      trouves.push(o ? { slot: s, distanceKm: d } : textes ? { slot: s, score: textes.score(s) } : { slot: s });
      if (r.facettes && r.k === undefined) for (let f = 0; f <= nbChamps; f++) compterChamp(s, f);
    } else if (e >= 0 && r.facettes && r.k === undefined) {
      compterChamp(s, champDeActif(e));
    }
  };

  if (o && r.k !== undefined) {
    // k nearest matching places: widen the circle until it holds k of them (everything inside was seen).
    for (const rayon of RAYONS_K) {
      trouves.length = 0;
      const [a, b, c, d] = boiteAutour(o.lat, o.lon, rayon);
      index.dansBoite(a, b, c, d, (s) => visiter(s, rayon));
      if (trouves.length >= r.k) break;
    }
    trouves.sort((x, y) => x.distanceKm! - y.distanceKm! || (index.uid[x.slot]! < index.uid[y.slot]! ? -1 : 1));
    trouves.length = Math.min(trouves.length, r.k);
    if (r.facettes) for (const t of trouves) for (let f = 0; f <= nbChamps; f++) compterChamp(t.slot, f);
  } else if (o && r.rayonKm !== undefined) {
    const [a, b, c, d] = boiteAutour(o.lat, o.lon, r.rayonKm);
    index.dansBoite(a, b, c, d, (s) => visiter(s, r.rayonKm));
  } else if (territoiresTest) {
    for (const s of territoiresTest) visiter(s, undefined);
  } else if (textes) {
    for (const s of textes.slots) visiter(s, undefined);
  } else {
    for (let s = 0; s < index.n; s++) visiter(s, undefined);
  }

  const total = trouves.length;
  const cle = (t: TrouveIndex): number | string => (tri === 'distance' ? t.distanceKm! : tri === 'pertinence' ? -t.score! : index.cleNom[t.slot]!);
  const page = premiers(trouves, r.limite + 1, cle, (t) => index.uid[t.slot]!, r.curseur);
  let curseurSuivant: Curseur | undefined;
  if (page.length > r.limite) {
    page.length = r.limite;
    const dernier = page[page.length - 1]!;
    curseurSuivant = { cle: cle(dernier), uid: index.uid[dernier.slot]! };
  }
  return { total, tri, trouves: page, comptes, ...(curseurSuivant ? { curseurSuivant } : {}) };
}

function compare(a: number | string, ua: string, b: number | string, ub: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * The first `n` items strictly after the cursor in (key, uid) order, by binary insertion into a bounded
 * sorted buffer: O(m log n) for m matches, no full sort of a large result set.
 */
function premiers<T>(items: readonly T[], n: number, cle: (t: T) => number | string, uid: (t: T) => string, apres?: Curseur): T[] {
  const buf: T[] = [];
  const cles: (number | string)[] = [];
  const uids: string[] = [];
  for (const it of items) {
    const k = cle(it);
    const u = uid(it);
    if (apres && compare(k, u, apres.cle, apres.uid) <= 0) continue;
    if (buf.length === n && compare(k, u, cles[n - 1]!, uids[n - 1]!) >= 0) continue;
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(cles[mid]!, uids[mid]!, k, u) < 0) lo = mid + 1;
      else hi = mid;
    }
    buf.splice(lo, 0, it);
    cles.splice(lo, 0, k);
    uids.splice(lo, 0, u);
    if (buf.length > n) {
      buf.pop();
      cles.pop();
      uids.pop();
    }
  }
  return buf;
}
