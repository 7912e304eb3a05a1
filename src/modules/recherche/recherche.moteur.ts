import { CHAMPS_FACETTES, GROUPE_DE, PAS_PROFIL as PAS, TYPOLOGIE } from './facettes.index.ts';
import { kmDeCorde2 } from '../../lib/geo.ts';
import { distanceKm, type IndexRecherche } from './recherche.index.ts';
import { Selection } from './selection.ts';
import type { ResultatTexte } from './texte.index.ts';

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
/** Above one match in DENSITE_BALAYAGE slots, the text matches are visited by a scan in slot order. */
export const DENSITE_BALAYAGE = 16;

/**
 * Above this many text matches per group counter, a text-only query counts its facets without listing the
 * counters it raises from zero (`touches`): 4 plain increments per match, then one sweep of the group counters
 * (≈ 19,000 at 1 M places) — a fifth off « mai » (236,720 matches) at 1 M places.
 */
export const COMPTAGE_DIRECT = 1;

/** Thresholds of the fast paths, only overridden by the tests that compare each with the general path. */
export interface Reglages {
  densiteBalayage?: number;
  comptageDirect?: number;
}

export function executer(index: IndexRecherche, r: RequeteIndex, reglages: Reglages = {}): ResultatIndex {
  const densiteBalayage = reglages.densiteBalayage ?? DENSITE_BALAYAGE;
  const textes = r.texte ? index.texte.chercher(r.texte, index.n) : null;
  // Raw arrays of the text match: a lookup per candidate instead of a call.
  const etape = textes ? textes.etape : null;
  const fin = textes ? textes.fin : 0;
  const cumul = textes ? textes.cumul : null;
  const o = r.origine;
  const tri: Tri = o ? 'distance' : textes ? 'pertinence' : 'nom';
  // Facet filters as pass tables over profile ids (a few hundred entries each): one lookup per candidate.
  const actifs: number[] = [];
  const passes: Uint8Array[] = [];
  CHAMPS_FACETTES.forEach((c, f) => {
    const voulu = r.filtres[c];
    if (voulu !== undefined) {
      actifs.push(f);
      passes.push(index.facettes.passeChamp(f, voulu));
    }
  });
  if (r.typologie) {
    actifs.push(TYPOLOGIE);
    passes.push(index.facettes.passeTypologie(r.typologie));
  }
  const nbActifs = actifs.length;
  const groupesActifs = actifs.map((f) => GROUPE_DE[f]!);
  const facettes = index.facettes;
  const profils = facettes.profils;
  const champDe = facettes.champDe;
  const comptes: Record<string, Uint32Array> = {};
  const colonnesComptes = CHAMPS_FACETTES.map((c) => (comptes[c] = new Uint32Array(32)));
  colonnesComptes.push((comptes.typologie = new Uint32Array(Math.max(facettes.typologies.valeurs.length, 1))));
  const avecFacettes = r.facettes && r.k === undefined;
  // Counts are gathered per group id (one increment per group, see `profils`) and spread into values at the end.
  const { compteurs, decalages, touches } = facettes.compteursProfils();
  const compterChamp = (s: number, f: number) => {
    compteurs[decalages[PAS + f]! + champDe[f]!.data[profils[s * PAS + GROUPE_DE[f]!]!]!]!++;
  };
  const compterTout = (s: number) => compterProfil(profils, s * PAS, compteurs, decalages, touches);

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
  const rdv = r.rdvEnLigne ? index.rdvEnLigne.data : null;
  const fiche = r.ficheAcces ? index.ficheAcces.data : null;
  const jourMajMin = r.jourMajMin;
  const jourMaj = index.jourMaj.data;
  const modifieApres = r.modifieApresMs;
  const modifieLe = index.modifieLe.data;
  const ouvert = r.ouvert;

  /**
   * Non-facet constraints, the distance last; returns it (or 0) when the slot passes, −1 otherwise. `corde2`:
   * from the spatial walk, the slot's squared chord to the origin (the walk only gives slots inside the circle),
   * NaN otherwise.
   */
  const passeBase = (s: number, corde2: number): number => {
    if (!vivant[s]) return -1;
    if (etape !== null && etape[s] !== fin) return -1;
    if (marques && !marques(s)) return -1;
    if (rdv && !rdv[s]) return -1;
    if (fiche && !fiche[s]) return -1;
    if (jourMajMin !== undefined && jourMaj[s]! < jourMajMin) return -1;
    if (modifieApres !== undefined && modifieLe[s]! <= modifieApres) return -1;
    if (ouvert && !ouvert(horaire[s]!)) return -1;
    if (!o) return 0;
    if (corde2 === corde2) return kmDeCorde2(corde2);
    if (!aCoord[s]) return -1;
    return distanceKm(o.lat, o.lon, lat[s]!, lon[s]!);
  };

  /** Field of the one failing facet filter, −1 when all pass, −2 when two or more fail. */
  const echecFacettes = (s: number): number => {
    let echec = -1;
    const b = s * PAS;
    for (let i = 0; i < nbActifs; i++) {
      if (passes[i]![profils[b + groupesActifs[i]!]!] === 0) {
        if (echec !== -1) return -2;
        echec = actifs[i]!;
      }
    }
    return echec;
  };

  const selection = new Selection(index, tri, r.limite + 1, r.curseur);
  let total = 0;
  const visiter = (s: number, corde2 = NaN) => {
    // Two failing facet filters: not counted anywhere, rejected before the other tests.
    const e = nbActifs === 0 ? -1 : echecFacettes(s);
    if (e === -2) return;
    const d = passeBase(s, corde2);
    if (d < 0) return;
    if (e === -1) {
      total++;
      selection.proposer(s, tri === 'distance' ? d : cumul !== null ? -cumul[s]! : 0);
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
      index.dansCercle(o.lat, o.lon, rayon, (s, corde2) => {
        if (nbActifs !== 0 && echecFacettes(s) !== -1) return;
        const dist = passeBase(s, corde2);
        if (dist >= 0) {
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
    index.dansCercle(o.lat, o.lon, r.rayonKm, visiter);
  } else if (sourceTerritoire) {
    for (let i = 0; i < sourceTerritoire.length; i++) visiter(sourceTerritoire[i]!);
  } else if (textes && !marques && !rdv && !fiche && jourMajMin === undefined && modifieApres === undefined && !ouvert && nbActifs === 0) {
    const direct = textes.slots.length > (reglages.comptageDirect ?? COMPTAGE_DIRECT) * decalages[PAS]!;
    total = textePur(index, textes, selection, avecFacettes, direct, compteurs, decalages, touches, textes.slots.length * densiteBalayage > index.n ? enOrdre(textes.slots, index.n) : textes.slots);
  } else if (textes) {
    const slots = textes.slots;
    // A common word: visiting the matches in slot order lets the memory prefetcher stream the columns (profiles,
    // uid prefixes) instead of a cache miss per match in posting order; the visits and the result are the same.
    const liste = slots.length * densiteBalayage > index.n ? enOrdre(slots, index.n) : slots;
    for (let i = 0; i < liste.length; i++) visiter(liste[i]!);
  } else {
    for (let s = 0; s < index.n; s++) visiter(s);
  }

  if (r.facettes) {
    index.facettes.developper(compteurs, decalages, touches, colonnesComptes);
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

/**
 * Text alone (the commonest query of the home page, and a common word matches a quarter of the register): one
 * tight loop per match, no closure — liveness, page heap, facet counts by profile id. Returns the total.
 */
function textePur(index: IndexRecherche, textes: ResultatTexte, selection: Selection, compter: boolean, direct: boolean, compteurs: Uint32Array, decalages: Int32Array, touches: Int32Array, slots: Int32Array): number {
  const cumul = textes.cumul;
  const vivant = index.vivant.data;
  const profils = index.facettes.profils;
  const uidNum = index.uidNum.data;
  let total = 0;
  // Once the page heap is full, most matches lose on their score or uid prefix alone: tested here, no call.
  let plein = false;
  let pireCle = 0;
  let pireUid = 0;
  // `direct` (COMPTAGE_DIRECT): each match adds to its 4 counters without asking whether one was at zero, and
  // the counters raised are listed once at the end by a sweep of the groups' counters.
  const balayer = compter && direct;
  const [d0, d1, d2, d3] = [decalages[0]!, decalages[1]!, decalages[2]!, decalages[3]!];
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (!vivant[s]) continue;
    total++;
    const cle = -cumul[s]!;
    if (!plein || cle < pireCle || (cle === pireCle && uidNum[s]! <= pireUid)) {
      selection.proposer(s, cle);
      if (selection.plein()) {
        plein = true;
        pireCle = selection.pireCle();
        pireUid = uidNum[selection.pireSlot()]!;
      }
    }
    if (balayer) {
      const b = s * PAS;
      compteurs[d0 + profils[b]!]!++;
      compteurs[d1 + profils[b + 1]!]!++;
      compteurs[d2 + profils[b + 2]!]!++;
      compteurs[d3 + profils[b + 3]!]!++;
    } else if (compter) compterProfil(profils, s * PAS, compteurs, decalages, touches);
  }
  if (balayer) for (let k = 0; k < decalages[PAS]!; k++) if (compteurs[k]! !== 0) touches[++touches[0]!] = k;
  return total;
}

// textePur adds a match's group counters one by one.
if (PAS !== 4) throw new Error('textePur compte 4 groupes par lieu (GROUPES) : à adapter');

let bits = new Int32Array(0);
/**
 * Sorts distinct slots (< n) in place through a bitmap: n / 32 words to sweep instead of n slots to test (a
 * test per slot mispredicts a branch for every other match), no comparison sort.
 */
export function enOrdre(slots: Int32Array, n: number): Int32Array {
  const mots = (n >> 5) + 1;
  if (bits.length < mots) bits = new Int32Array(mots * 2);
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    bits[s >> 5]! |= 1 << (s & 31);
  }
  let j = 0;
  for (let w = 0; w < mots; w++) {
    let m = bits[w]!;
    if (m === 0) continue;
    bits[w] = 0;
    const base = w << 5;
    while (m !== 0) {
      slots[j++] = base + 31 - Math.clz32(m & -m);
      m &= m - 1;
    }
  }
  return slots;
}

/** One increment per group: the counter of the slot's id in that group (listed in `touches` when new). */
function compterProfil(profils: Uint16Array | Uint32Array, b: number, c: Uint32Array, d: Int32Array, touches: Int32Array): void {
  for (let g = 0; g < PAS; g++) {
    const k = d[g]! + profils[b + g]!;
    if (c[k]!++ === 0) touches[++touches[0]!] = k;
  }
}
