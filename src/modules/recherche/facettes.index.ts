import type { ChampEnumere } from '../lieux/standard/lieu.ts';
import { ENUMERATIONS } from '../lieux/standard/schema.ts';
import { Colonne, Dictionnaire } from './colonnes.ts';
import type { LigneIndex } from './recherche.repository.ts';

export const CHAMPS_FACETTES = [
  'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'modalites_acces',
  'modalites_accompagnement', 'dispositif_programmes_nationaux', 'formations_labels', 'itinerance',
] as const satisfies readonly ChampEnumere[];
export type ChampFacette = (typeof CHAMPS_FACETTES)[number];
export const NB_FACETTES = CHAMPS_FACETTES.length;
/** The typologie list counts as a 10th field of the profile. */
export const TYPOLOGIE = NB_FACETTES;
export const NB_CHAMPS_PROFIL = NB_FACETTES + 1;
/**
 * Fields whose set ids are stored together as one group id (see `profils`), grouped so that their combinations
 * stay few: services × itinérance × frais, publics × prise en charge, accès × accompagnement × dispositifs,
 * labels × typologie. Indices into CHAMPS_FACETTES (TYPOLOGIE for the typologie list).
 */
export const GROUPES: readonly (readonly number[])[] = [[0, 8, 3], [1, 2], [4, 5, 6], [7, TYPOLOGIE]];
/** Per slot, one group id per group. */
export const PAS_PROFIL = GROUPES.length;
/** Field → its group. */
export const GROUPE_DE: readonly number[] = Array.from({ length: NB_CHAMPS_PROFIL }, (_, f) => GROUPES.findIndex((g) => g.includes(f)));

/**
 * The facet side of the search index: each slot's profile as small ids, the dictionaries behind them, the
 * per-query counters and the filters' pass tables. IndexRecherche owns one and writes each slot through `ecrire`.
 */
export class ProfilsFacettes {
  /**
   * A place's facet profile as small ids. For each of the 9 fields, its *set* of values in that field has an id
   * (`masqueDe[f][id]`: bit i = value ENUMERATIONS[champ][i], every enumeration has ≤ 32 values), and so has its
   * typologie list (`listeTypologie[id]`). The set ids of the fields of a group (GROUPES) form a combination with
   * its own id (`champDe[f][group id]` gives back field f's set id); a slot stores its 4 group ids. A field takes
   * a few hundred distinct sets even at 1 M places and a group a few thousand combinations, so counting the
   * facets of a match is 4 increments (no loop over bits: counts are spread into fields then bits once per
   * distinct id at the end of a query), and a profile is 8 bytes (Uint16, widened to Uint32 past 65,535
   * combinations) instead of 12 mask words — at 1 M places a query touches far less memory.
   * Interleaved: the ids of slot s sit at s × PAS_PROFIL … + PAS_PROFIL − 1.
   */
  profils: Uint16Array | Uint32Array = new Uint16Array(1024 * PAS_PROFIL);
  /** Per facet field: set id → bitmask (id 0 = the empty set). */
  readonly masqueDe: Colonne<Uint32Array>[] = CHAMPS_FACETTES.map(() => new Colonne((k) => new Uint32Array(k), 64));
  private readonly idMasque: Map<number, number>[] = CHAMPS_FACETTES.map(() => new Map([[0, 0]]));
  /** Number of distinct sets per field, then of distinct typologie lists (ids run from 0 to this − 1). */
  readonly nbProfils = new Int32Array(NB_CHAMPS_PROFIL).fill(1);
  /** Per field (and typologie): group id (of the field's group) → the field's set id. Group id 0 = all empty. */
  readonly champDe: Colonne<Uint32Array>[] = Array.from({ length: NB_CHAMPS_PROFIL }, () => new Colonne((k) => new Uint32Array(k), 64));
  /** Number of distinct combinations per group. */
  readonly nbGroupes = new Int32Array(PAS_PROFIL).fill(1);
  private readonly idGroupe: Map<number | string, number>[] = GROUPES.map(() => new Map<number | string, number>([[0, 0]]));
  private readonly idsChamps = new Int32Array(NB_CHAMPS_PROFIL);
  readonly typologies = new Dictionnaire();
  /** Typologie list id → typologie ids (id 0 = no typologie). */
  readonly listeTypologie: (readonly number[])[] = [[]];
  private readonly idListeTypologie = new Map<string, number>([['', 0]]);
  private readonly positionBit: Record<ChampFacette, Map<string, number>>;

  constructor() {
    this.positionBit = {} as Record<ChampFacette, Map<string, number>>;
    for (const champ of CHAMPS_FACETTES) {
      this.positionBit[champ] = new Map(ENUMERATIONS[champ].map((v, i) => [v, i]));
    }
  }

  bit(champ: ChampFacette, valeur: string): number | undefined {
    return this.positionBit[champ].get(valeur);
  }

  /** Writes the profile of slot `s` (its 4 group ids) from the place's facet fields and typologie. */
  ecrire(s: number, l: Pick<LigneIndex, ChampFacette | 'typologie'>): void {
    const ids = this.idsChamps;
    for (let f = 0; f < NB_FACETTES; f++) {
      const champ = CHAMPS_FACETTES[f]!;
      let m = 0;
      for (const v of l[champ] ?? []) {
        const b = this.positionBit[champ].get(v);
        if (b !== undefined) m |= 1 << b;
      }
      ids[f] = this.idDeMasque(f, m >>> 0);
    }
    ids[TYPOLOGIE] = this.idDeTypologie(l.typologie ?? []);
    for (let g = 0; g < PAS_PROFIL; g++) this.ecrireProfil(s * PAS_PROFIL + g, this.idDeGroupe(g, ids));
  }

  /** Room for n slots. */
  assurer(n: number): void {
    if (n * PAS_PROFIL > this.profils.length) {
      const plus = new (this.profils instanceof Uint16Array ? Uint16Array : Uint32Array)(Math.max(n * PAS_PROFIL, this.profils.length * 2));
      plus.set(this.profils);
      this.profils = plus;
    }
  }

  private ecrireProfil(i: number, id: number): void {
    if (id > 0xffff && this.profils instanceof Uint16Array) this.profils = Uint32Array.from(this.profils);
    this.profils[i] = id;
  }

  private idDeMasque(f: number, m: number): number {
    let id = this.idMasque[f]!.get(m);
    if (id === undefined) {
      id = this.nbProfils[f]!++;
      this.idMasque[f]!.set(m, id);
      this.masqueDe[f]!.assurer(id + 1);
      this.masqueDe[f]!.data[id] = m;
    }
    return id;
  }

  private idDeGroupe(g: number, ids: Int32Array): number {
    const champs = GROUPES[g]!;
    // A number while every set id fits in 16 bits (3 × 16 < 53 bits), a string beyond.
    let cle: number | string = 0;
    for (const f of champs) cle = typeof cle === 'number' && ids[f]! < 0x10000 ? cle * 0x10000 + ids[f]! : `${cle},${ids[f]}`;
    let id = this.idGroupe[g]!.get(cle);
    if (id === undefined) {
      id = this.nbGroupes[g]!++;
      this.idGroupe[g]!.set(cle, id);
      for (const f of champs) {
        this.champDe[f]!.assurer(id + 1);
        this.champDe[f]!.data[id] = ids[f]!;
      }
    }
    return id;
  }

  private idDeTypologie(codes: readonly string[]): number {
    if (codes.length === 0) return 0;
    const ids = [...new Set(codes.map((t) => this.typologies.id(t)))].sort((a, b) => a - b);
    const cle = ids.join(',');
    let id = this.idListeTypologie.get(cle);
    if (id === undefined) {
      id = this.nbProfils[TYPOLOGIE]!++;
      this.idListeTypologie.set(cle, id);
      this.listeTypologie.push(ids);
    }
    return id;
  }

  /**
   * Facet counts of a query, gathered per group id and per field set id (`compteurs`, laid out by `decalages`:
   * the groups, then the fields; `touches[1 … touches[0]]` lists the group counters the query raised from 0),
   * spread into counts per value: per field, bit i → count; typologie id → count. Leaves the counters at zero.
   * Only the touched group ids are read: a small query touches a few dozen of the thousands of combinations.
   */
  developper(compteurs: Uint32Array, decalages: Int32Array, touches: Int32Array, comptes: readonly Uint32Array[]): void {
    for (let t = 1; t <= touches[0]!; t++) {
      const k = touches[t]!;
      let g = 0;
      while (k >= decalages[g + 1]!) g++;
      const id = k - decalages[g]!;
      const c = compteurs[k]!;
      compteurs[k] = 0;
      for (const f of GROUPES[g]!) compteurs[decalages[PAS_PROFIL + f]! + this.champDe[f]!.data[id]!]! += c;
    }
    touches[0] = 0;
    for (let f = 0; f < NB_FACETTES; f++) {
      const masques = this.masqueDe[f]!.data;
      const cpt = comptes[f]!;
      const d = decalages[PAS_PROFIL + f]!;
      for (let id = 0; id < this.nbProfils[f]!; id++) {
        const c = compteurs[d + id]!;
        if (c === 0) continue;
        compteurs[d + id] = 0;
        let m = masques[id]!;
        while (m !== 0) {
          cpt[31 - Math.clz32(m & -m)]! += c;
          m &= m - 1;
        }
      }
    }
    const cptTypo = comptes[TYPOLOGIE]!;
    const d = decalages[PAS_PROFIL + TYPOLOGIE]!;
    for (let id = 0; id < this.nbProfils[TYPOLOGIE]!; id++) {
      const c = compteurs[d + id]!;
      if (c === 0) continue;
      compteurs[d + id] = 0;
      for (const t of this.listeTypologie[id]!) cptTypo[t]! += c;
    }
  }

  // Scratch counters of the queries (one query runs at a time, synchronously): back to zero after each.
  private compteurs = new Uint32Array(0);
  private touches = new Int32Array(1);
  /** Zeroed counters for one query, where each group's ids then each field's set ids start, the touched list. */
  compteursProfils(): { compteurs: Uint32Array; decalages: Int32Array; touches: Int32Array } {
    const tailles = [...this.nbGroupes, ...this.nbProfils];
    const decalages = new Int32Array(tailles.length + 1);
    for (let i = 0; i < tailles.length; i++) decalages[i + 1] = decalages[i]! + tailles[i]!;
    const total = decalages[tailles.length]!;
    if (this.compteurs.length < total) {
      this.compteurs = new Uint32Array(total * 2);
      this.touches = new Int32Array(total * 2 + 1);
    }
    return { compteurs: this.compteurs, decalages, touches: this.touches };
  }

  // Pass tables per (field, wanted bits), extended when new combinations appear: a filter is a lookup per
  // candidate, and building its table over thousands of combinations at every query cost more than the lookups.
  private readonly tablesPasse = new Map<string, Uint8Array>();
  private tablePasse(cle: string, g: number, passe: (id: number) => boolean): Uint8Array {
    const n = this.nbGroupes[g]!;
    let t = this.tablesPasse.get(cle);
    if (t && t.length >= n) return t;
    const debut = t ? t.length : 0;
    const plus = new Uint8Array(n);
    if (t) plus.set(t);
    for (let id = debut; id < n; id++) plus[id] = passe(id) ? 1 : 0;
    if (!t && this.tablesPasse.size >= 512) this.tablesPasse.clear();
    this.tablesPasse.set(cle, plus);
    return plus;
  }

  /** Per group id of field f's group: 1 when f's set meets the wanted bits. */
  passeChamp(f: number, voulu: number): Uint8Array {
    const masques = this.masqueDe[f]!.data;
    const champ = this.champDe[f]!.data;
    return this.tablePasse(`${f}:${voulu}`, GROUPE_DE[f]!, (id) => (masques[champ[id]!]! & voulu) !== 0);
  }
  /** Per group id of the typologie's group: 1 when the list holds one of the wanted typologie ids. */
  passeTypologie(voulus: readonly number[]): Uint8Array {
    const champ = this.champDe[TYPOLOGIE]!.data;
    return this.tablePasse(`t:${voulus.join(',')}`, GROUPE_DE[TYPOLOGIE]!, (id) => this.listeTypologie[champ[id]!]!.some((x) => voulus.includes(x)));
  }
}
