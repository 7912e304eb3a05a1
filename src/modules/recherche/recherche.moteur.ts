import { boiteAutour, CHAMPS_FACETTES, distanceKm, MOTS_TYPOLOGIE, PAS_MASQUES, type IndexRecherche } from './recherche.index.ts';
import { Selection } from './selection.ts';

/**
 * One query over the index, no I/O. Candidates come from the most selective structure (spatial box, territory
 * posting list, text postings), every other constraint is a lookup in a column. Facet counts are disjunctive:
 * the counts of a field ignore that field's own filter (values of one field are OR-ed, fields are AND-ed), so
 * ticking a second service shows what it would add, and a value that would give nothing shows 0.
 * The hot loop allocates nothing per match: a common word can match a third of a million places.
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
  /** Wanted typologie ids (OR); an empty array or unknown ids match nothing. */
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
const NB = CHAMPS_FACETTES.length;
/** Above one match in DENSITE_BALAYAGE slots, the text matches are visited by a scan in slot order. */
export const DENSITE_BALAYAGE = 16;

/** `densiteBalayage` is only overridden by the test comparing the scan with the posting-list walk. */
export function executer(index: IndexRecherche, r: RequeteIndex, densiteBalayage = DENSITE_BALAYAGE): ResultatIndex {
  const textes = r.texte ? index.texte.chercher(r.texte, index.n) : null;
  const o = r.origine;
  const tri: Tri = o ? 'distance' : textes ? 'pertinence' : 'nom';
  const actifs: number[] = [];
  const voulus: number[] = [];
  CHAMPS_FACETTES.forEach((c, f) => {
    if (r.filtres[c] !== undefined) {
      actifs.push(f);
      voulus.push(r.filtres[c]);
    }
  });
  const masques = index.masques.data;
  const typo = r.typologie ? new Set(r.typologie) : null;
  const comptes: Record<string, Uint32Array> = {};
  const colonnesComptes = CHAMPS_FACETTES.map((c) => (comptes[c] = new Uint32Array(32)));
  const comptesTypo = (comptes.typologie = new Uint32Array(Math.max(index.typologies.valeurs.length, 1)));
  const avecFacettes = r.facettes && r.k === undefined;

  const typologiesLongues = index.typologies.valeurs.length > 32 * MOTS_TYPOLOGIE;
  const compterTypologie = (s: number) => {
    const base = s * PAS_MASQUES + NB;
    for (let w = 0; w < MOTS_TYPOLOGIE; w++) {
      let m = masques[base + w]!;
      while (m !== 0) {
        comptesTypo[w * 32 + 31 - Math.clz32(m & -m)]!++;
        m &= m - 1;
      }
    }
    // Ids beyond the bitmask (a register with more than 96 typologie codes) are counted from the list.
    if (typologiesLongues) for (const t of index.typologie[s]!) if (t >= 32 * MOTS_TYPOLOGIE) comptesTypo[t]!++;
  };
  const compterChamp = (s: number, f: number) => {
    if (f === NB) {
      compterTypologie(s);
      return;
    }
    let m = masques[s * PAS_MASQUES + f]!;
    const cpt = colonnesComptes[f]!;
    while (m !== 0) {
      cpt[31 - Math.clz32(m & -m)]!++;
      m &= m - 1;
    }
  };
  const compterTout = (s: number) => {
    const base = s * PAS_MASQUES;
    for (let f = 0; f < NB; f++) {
      let m = masques[base + f]!;
      if (m === 0) continue;
      const cpt = colonnesComptes[f]!;
      while (m !== 0) {
        cpt[31 - Math.clz32(m & -m)]!++;
        m &= m - 1;
      }
    }
    compterTypologie(s);
  };

  // Territories from different parameters are AND-ed: with a circle the circle is the source and every list a
  // mark; otherwise the shortest list is the source and the others are marks.
  const spatial = o !== undefined && (r.rayonKm !== undefined || r.k !== undefined);
  const listes = (r.territoires ?? []).map((cle) => index.postes(cle)).sort((a, b) => a.length - b.length);
  const sourceTerritoire = !spatial && listes.length > 0 ? listes[0]! : null;
  const marques = index.marquer(spatial ? listes : listes.slice(1));

  const vivant = index.vivant.data;
  const horaire = index.horaire.data;
  const aCoord = index.aCoordonnees.data;
  const lat = index.lat.data;
  const lon = index.lon.data;

  /** Non-facet constraints; returns the distance (or 0) when the slot passes, −1 otherwise. */
  const passeBase = (s: number, rayon: number | undefined): number => {
    if (!vivant[s]) return -1;
    let d = 0;
    if (o) {
      if (!aCoord[s]) return -1;
      d = distanceKm(o.lat, o.lon, lat[s]!, lon[s]!);
      if (rayon !== undefined && d > rayon) return -1;
    }
    if (textes && !textes.contient(s)) return -1;
    if (marques && !marques(s)) return -1;
    if (r.rdvEnLigne && !index.rdvEnLigne.data[s]) return -1;
    if (r.ficheAcces && !index.ficheAcces.data[s]) return -1;
    if (r.jourMajMin !== undefined && index.jourMaj.data[s]! < r.jourMajMin) return -1;
    if (r.modifieApresMs !== undefined && index.modifieLe.data[s]! <= r.modifieApresMs) return -1;
    if (r.ouvert && !r.ouvert(horaire[s]!)) return -1;
    return d;
  };

  /** Field of the one failing facet filter, −1 when all pass, −2 when two or more fail. */
  const echecFacettes = (s: number): number => {
    let echec = -1;
    for (let i = 0; i < actifs.length; i++) {
      if ((masques[s * PAS_MASQUES + actifs[i]!]! & voulus[i]!) === 0) {
        if (echec !== -1) return -2;
        echec = actifs[i]!;
      }
    }
    if (typo && !index.typologie[s]!.some((t) => typo.has(t))) {
      if (echec !== -1) return -2;
      echec = NB;
    }
    return echec;
  };

  const selection = new Selection(index, tri, r.limite + 1, r.curseur);
  let total = 0;
  const visiter = (s: number, rayon: number | undefined) => {
    const d = passeBase(s, rayon);
    if (d < 0) return;
    const e = echecFacettes(s);
    if (e === -1) {
      total++;
      selection.proposer(s, tri === 'distance' ? d : tri === 'pertinence' ? -textes!.score(s) : 0);
      if (avecFacettes) compterTout(s);
    } else if (e >= 0 && avecFacettes) {
      compterChamp(s, e);
    }
  };

  if (o && r.k !== undefined) {
    // k nearest matching places: widen the circle until it holds k of them (everything inside was seen).
    let proches: Selection | undefined;
    for (const rayon of RAYONS_K) {
      total = 0;
      proches = new Selection(index, 'distance', r.k);
      const [a, b, c, d] = boiteAutour(o.lat, o.lon, rayon);
      index.dansBoite(a, b, c, d, (s) => {
        const dist = passeBase(s, rayon);
        if (dist >= 0 && echecFacettes(s) === -1) {
          total++;
          proches!.proposer(s, dist);
        }
      });
      if (total >= r.k) break;
    }
    const k = proches!.trier();
    total = k.length;
    for (const t of k) {
      selection.proposer(t.slot, t.cle);
      if (r.facettes) compterTout(t.slot);
    }
  } else if (o && r.rayonKm !== undefined) {
    const [a, b, c, d] = boiteAutour(o.lat, o.lon, r.rayonKm);
    index.dansBoite(a, b, c, d, (s) => visiter(s, r.rayonKm));
  } else if (sourceTerritoire) {
    for (let i = 0; i < sourceTerritoire.length; i++) visiter(sourceTerritoire[i]!, undefined);
  } else if (textes) {
    const slots = textes.slots;
    if (slots.length * densiteBalayage > index.n) {
      // A common word: walking the slots in order lets the memory prefetcher stream the columns (masks, uid
      // prefixes) instead of a cache miss per match in posting order; the visits and the result are the same.
      for (let s = 0; s < index.n; s++) if (textes.contient(s)) visiter(s, undefined);
    } else {
      for (let i = 0; i < slots.length; i++) visiter(slots[i]!, undefined);
    }
  } else {
    for (let s = 0; s < index.n; s++) visiter(s, undefined);
  }

  const page = selection.trier();
  const trouves: TrouveIndex[] = page.map((t) => (tri === 'distance' ? { slot: t.slot, distanceKm: t.cle } : tri === 'pertinence' ? { slot: t.slot, score: -t.cle } : { slot: t.slot }));
  let curseurSuivant: Curseur | undefined;
  if (trouves.length > r.limite) {
    trouves.length = r.limite;
    const dernier = page[r.limite - 1]!;
    curseurSuivant = { cle: tri === 'nom' ? index.cleNom[dernier.slot]! : dernier.cle, uid: index.uid[dernier.slot]! };
  }
  return { total, tri, trouves, comptes, ...(curseurSuivant ? { curseurSuivant } : {}) };
}
