import KDBush from 'kdbush';
import { normaliserTexte } from '../../lib/texte.ts';
import { ENUMERATIONS } from '../lieux/standard/schema.ts';
import type { ChampEnumere } from '../lieux/standard/lieu.ts';
import { Horaire, zoneDuDepartement } from './horaires.ts';
import type { LigneIndex } from './recherche.repository.ts';
export { boiteAutour, distanceKm } from '../../lib/geo.ts';
import { IndexTexte } from './texte.index.ts';
import { Colonne, Dictionnaire } from './colonnes.ts';
import { prefixeNumerique } from './selection.ts';

/**
 * The in-process search index: columnar storage in slots. A place takes a slot when it enters; a change
 * kills the old slot (tombstone) and appends a new one, so every structure only ever grows at the end and
 * a search never waits for a rebuild. The spatial tree is static (kdbush): slots appended since its last
 * build are scanned linearly and the tree is rebuilt once that tail gets long.
 */

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

const RDV_EN_LIGNE = 'Prendre un RDV en ligne';
const [QUEUE_MAX_ABSOLUE, QUEUE_MAX_RELATIVE] = [2000, 0.05];

export class IndexRecherche {
  /** Number of slots used (alive or dead). */
  n = 0;
  vivants = 0;
  readonly uid: string[] = [];
  /** Normalised name + uid: the default sort key. */
  readonly cleNom: string[] = [];
  /** Numeric prefixes of cleNom and uid: most order comparisons end there (see selection.ts). */
  readonly cleNomNum = new Colonne((k) => new Float64Array(k), 1024);
  readonly uidNum = new Colonne((k) => new Float64Array(k), 1024);
  readonly slotDe = new Map<string, number>();
  readonly vivant = new Colonne((k) => new Uint8Array(k), 1024);
  readonly lat = new Colonne((k) => new Float64Array(k), 1024);
  readonly lon = new Colonne((k) => new Float64Array(k), 1024);
  readonly aCoordonnees = new Colonne((k) => new Uint8Array(k), 1024);
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
  readonly horaires: Horaire[] = [];
  private readonly horaireIds = new Map<string, number>();
  /** Index into `horaires`, −1 when the place gives none. */
  readonly horaire = new Colonne((k) => new Int32Array(k), 1024);
  readonly rdvEnLigne = new Colonne((k) => new Uint8Array(k), 1024);
  readonly ficheAcces = new Colonne((k) => new Uint8Array(k), 1024);
  /** date_maj as days since 1970-01-01. */
  readonly jourMaj = new Colonne((k) => new Int32Array(k), 1024);
  /** modifie_le in ms. */
  readonly modifieLe = new Colonne((k) => new Float64Array(k), 1024);
  readonly departements = new Dictionnaire();
  readonly departement = new Colonne((k) => new Int32Array(k), 1024);
  readonly communes = new Dictionnaire();
  /** INSEE code of the place (an arrondissement keeps its own code), −1 when unknown. */
  readonly commune = new Colonne((k) => new Int32Array(k), 1024);
  readonly regions = new Dictionnaire();
  readonly region = new Colonne((k) => new Int32Array(k), 1024);
  /** Territory → slots (sorted, dead slots included). Keys: `c:<insee>`, `p:<postcode>`, `d:<dept>`, `r:<region>`. */
  readonly territoires = new Map<string, number[]>();
  readonly texte = new IndexTexte();
  /** Largest modifie_le seen (ms): the refresh watermark. */
  dernierModifie = 0;
  private arbre: KDBush | null = null;
  private arbreSlots: Uint32Array = new Uint32Array(0);
  /** Slots with coordinates appended after the tree was built. */
  private queue: number[] = [];
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

  /** Adds or replaces a place. Returns false when the index already holds this exact version. */
  appliquer(l: LigneIndex): boolean {
    const modifie = new Date(l.modifie_le).getTime();
    const ancien = this.slotDe.get(l.uid);
    if (ancien !== undefined) {
      if (this.modifieLe.data[ancien] === modifie) return false;
      this.tuer(ancien);
    }
    const s = this.n++;
    if (this.n > this.vivant.data.length) this.assurer(this.n);
    this.uid.push(l.uid);
    const nomNormalise = normaliserTexte(l.nom);
    this.cleNom.push(`${nomNormalise}\u0000${l.uid}`);
    this.cleNomNum.data[s] = prefixeNumerique(this.cleNom[s]!);
    this.uidNum.data[s] = prefixeNumerique(l.uid);
    this.slotDe.set(l.uid, s);
    this.vivant.data[s] = 1;
    this.vivants++;
    const coords = l.latitude !== null && l.longitude !== null && Number.isFinite(l.latitude) && Number.isFinite(l.longitude);
    this.aCoordonnees.data[s] = coords ? 1 : 0;
    this.lat.data[s] = coords ? l.latitude! : 0;
    this.lon.data[s] = coords ? l.longitude! : 0;
    if (coords) this.queue.push(s);
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
    const dep = l.departement ?? departementDeduit(l.code_insee, l.code_postal);
    this.departement.data[s] = dep ? this.departements.id(dep) : -1;
    this.region.data[s] = l.region ? this.regions.id(l.region) : -1;
    this.commune.data[s] = l.code_insee ? this.communes.id(l.code_insee) : -1;
    this.horaire.data[s] = l.horaires && l.horaires.trim() !== '' ? this.horaireId(l.horaires.trim(), dep) : -1;
    this.rdvEnLigne.data[s] = (l.prise_rdv && l.prise_rdv.trim() !== '') || (l.modalites_acces ?? []).includes(RDV_EN_LIGNE) ? 1 : 0;
    this.ficheAcces.data[s] = l.fiche_acces_libre && l.fiche_acces_libre.trim() !== '' ? 1 : 0;
    this.jourMaj.data[s] = this.jourDe(String(l.date_maj));
    this.modifieLe.data[s] = modifie;
    if (modifie > this.dernierModifie) this.dernierModifie = modifie;
    if (l.code_insee) this.poster(`c:${l.code_insee}`, s);
    if (l.commune_parente && l.commune_parente !== l.code_insee) this.poster(`c:${l.commune_parente}`, s);
    this.poster(`p:${l.code_postal}`, s);
    if (dep) this.poster(`d:${dep}`, s);
    if (l.region) this.poster(`r:${l.region}`, s);
    this.texte.ajouter(s, nomNormalise, [this.normaliserRepete(l.commune), l.structure_parente ? this.normaliserRepete(l.structure_parente) : null]);
    return true;
  }

  supprimer(uid: string): boolean {
    const s = this.slotDe.get(uid);
    if (s === undefined) return false;
    this.tuer(s);
    this.slotDe.delete(uid);
    return true;
  }

  private tuer(s: number): void {
    if (this.vivant.data[s]) {
      this.vivant.data[s] = 0;
      this.vivants--;
    }
  }

  private assurer(n: number): void {
    for (const c of [this.vivant, this.lat, this.lon, this.aCoordonnees, this.horaire, this.rdvEnLigne, this.ficheAcces, this.jourMaj, this.modifieLe, this.departement, this.region, this.commune, this.cleNomNum, this.uidNum]) c.assurer(n);
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

  // A register holds a few thousand distinct dates: parse each once.
  private readonly jours = new Map<string, number>();
  private jourDe(date: string): number {
    let j = this.jours.get(date);
    if (j === undefined) {
      j = Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86400000) || 0;
      if (this.jours.size < 100_000) this.jours.set(date, j);
    }
    return j;
  }

  // Communes and parent structures repeat across thousands of places: normalise each distinct string once.
  private readonly normalises = new Map<string, string>();
  private normaliserRepete(texte: string): string {
    let n = this.normalises.get(texte);
    if (n === undefined) {
      n = normaliserTexte(texte);
      if (this.normalises.size < 200_000) this.normalises.set(texte, n);
    }
    return n;
  }

  private poster(cle: string, s: number): void {
    const l = this.territoires.get(cle);
    if (l) l.push(s);
    else this.territoires.set(cle, [s]);
  }

  private horaireId(texte: string, dep: string | null): number {
    const zone = zoneDuDepartement(dep);
    const cle = `${zone.etat}\u0000${texte}`;
    let id = this.horaireIds.get(cle);
    if (id === undefined) {
      id = this.horaires.length;
      this.horaires.push(new Horaire(texte, zone));
      this.horaireIds.set(cle, id);
    }
    return id;
  }

  /** (Re)builds the spatial tree over every live slot with coordinates; cheap enough to call after a load. */
  construireArbre(): void {
    const slots: number[] = [];
    for (let s = 0; s < this.n; s++) if (this.vivant.data[s] && this.aCoordonnees.data[s]) slots.push(s);
    const arbre = new KDBush(Math.max(slots.length, 1), 64, Float64Array);
    for (const s of slots) arbre.add(this.lon.data[s]!, this.lat.data[s]!);
    if (slots.length === 0) arbre.add(0, 0);
    arbre.finish();
    this.arbre = arbre;
    this.arbreSlots = Uint32Array.from(slots);
    this.queue = [];
  }

  /** After a refresh: rebuild the tree once the linear tail is long. Returns true when it did. */
  entretenir(): boolean {
    if (this.arbre && this.queue.length <= Math.max(QUEUE_MAX_ABSOLUE, this.vivants * QUEUE_MAX_RELATIVE)) return false;
    this.construireArbre();
    return true;
  }

  /**
   * Live slots inside a lon/lat box (the box may cross the antimeridian: minLon > maxLon), with their lon/lat:
   * read from the tree's own coordinates, in tree order, instead of a cache miss per place in the columns.
   */
  dansBoite(minLon: number, minLat: number, maxLon: number, maxLat: number, visiter: (s: number, lon: number, lat: number) => void): void {
    if (minLon <= maxLon) this.dansBande(minLon, minLat, maxLon, maxLat, visiter);
    else {
      this.dansBande(minLon, minLat, 180, maxLat, visiter);
      this.dansBande(-180, minLat, maxLon, maxLat, visiter);
    }
  }

  private dansBande(a: number, minLat: number, b: number, maxLat: number, visiter: (s: number, lon: number, lat: number) => void): void {
    const vivant = this.vivant.data;
    if (this.arbre && this.arbreSlots.length > 0) this.parcourirArbre(this.arbre, a, minLat, b, maxLat, visiter);
    const lon = this.lon.data;
    const lat = this.lat.data;
    for (const s of this.queue) {
      if (!vivant[s]) continue;
      const x = lon[s]!;
      const y = lat[s]!;
      if (x >= a && x <= b && y >= minLat && y <= maxLat) visiter(s, x, y);
    }
  }

  // kdbush's range() walk, visiting as it goes: range() returns an array of every point of the box (tens of
  // thousands around Paris at 1 M places), a fresh allocation per query.
  private readonly pile = new Int32Array(3 * 2 * 64);
  private parcourirArbre(arbre: KDBush, minX: number, minY: number, maxX: number, maxY: number, visiter: (s: number, lon: number, lat: number) => void): void {
    const { ids, nodeSize } = arbre;
    const coords = arbre.coords as Float64Array;
    const slots = this.arbreSlots;
    const vivant = this.vivant.data;
    const pile = this.pile;
    pile[0] = 0;
    pile[1] = ids.length - 1;
    pile[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axe = pile[--sp]!;
      const droite = pile[--sp]!;
      const gauche = pile[--sp]!;
      if (droite - gauche <= nodeSize) {
        for (let i = gauche; i <= droite; i++) {
          const x = coords[2 * i]!;
          const y = coords[2 * i + 1]!;
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
            const s = slots[ids[i]!]!;
            if (vivant[s]) visiter(s, x, y);
          }
        }
        continue;
      }
      const m = (gauche + droite) >> 1;
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
        const s = slots[ids[m]!]!;
        if (vivant[s]) visiter(s, x, y);
      }
      if (axe === 0 ? minX <= x : minY <= y) {
        pile[sp++] = gauche;
        pile[sp++] = m - 1;
        pile[sp++] = 1 - axe;
      }
      if (axe === 0 ? maxX >= x : maxY >= y) {
        pile[sp++] = m + 1;
        pile[sp++] = droite;
        pile[sp++] = 1 - axe;
      }
    }
  }

  /** Live places per région, per département (optionally inside a région) or per commune of a département. */
  compterPar(niveau: 'region' | 'departement' | 'commune', dans?: string): Record<string, number> {
    const [colonne, dico] = niveau === 'region' ? [this.region, this.regions] : niveau === 'departement' ? [this.departement, this.departements] : [this.commune, this.communes];
    const comptes = new Map<number, number>();
    const compter = (s: number) => {
      if (!this.vivant.data[s]) return;
      const id = colonne.data[s]!;
      if (id >= 0) comptes.set(id, (comptes.get(id) ?? 0) + 1);
    };
    if (dans !== undefined) for (const s of this.postes(niveau === 'commune' ? `d:${dans}` : `r:${dans}`)) compter(s);
    else for (let s = 0; s < this.n; s++) compter(s);
    const sortie: Record<string, number> = {};
    for (const [id, n] of [...comptes].sort((a, b) => (dico.valeurs[a[0]]! < dico.valeurs[b[0]]! ? -1 : 1))) sortie[dico.valeurs[id]!] = n;
    return sortie;
  }

  private marques = new Uint32Array(0);
  private generationMarques = 1;
  /** Membership in every one of the lists (AND), through a stamped scratch array: no Set per query. */
  marquer(listes: readonly (readonly number[])[]): ((s: number) => boolean) | null {
    if (listes.length === 0) return null;
    if (this.marques.length < this.n) this.marques = new Uint32Array(Math.max(this.n, this.marques.length * 2));
    if (this.generationMarques > 0xffffffff - 64) {
      this.marques.fill(0);
      this.generationMarques = 1;
    }
    const base = this.generationMarques;
    this.generationMarques += listes.length + 1;
    const m = this.marques;
    listes.forEach((liste, j) => {
      for (let i = 0; i < liste.length; i++) {
        const s = liste[i]!;
        if (j === 0 || m[s] === base + j) m[s] = base + j + 1;
      }
    });
    const fin = base + listes.length;
    return (s) => m[s] === fin;
  }

  postes(cle: string): readonly number[] {
    return this.territoires.get(cle) ?? [];
  }

  /** Rough memory held by the typed columns (the JS arrays of strings come on top). */
  octetsColonnes(): number {
    let t = 0;
    for (const c of [this.vivant, this.lat, this.lon, this.aCoordonnees, this.horaire, this.rdvEnLigne, this.ficheAcces, this.jourMaj, this.modifieLe, this.departement, this.region, this.commune, this.cleNomNum, this.uidNum]) t += c.data.byteLength;
    t += this.profils.byteLength;
    return t + this.arbreSlots.byteLength + (this.arbre?.data.byteLength ?? 0);
  }
}

/** Département from the INSEE code (2A/2B, 97x) or, failing that, the postcode. */
export function departementDeduit(codeInsee: string | null, codePostal: string): string | null {
  if (codeInsee && /^(97|98)/.test(codeInsee)) return codeInsee.slice(0, 3);
  if (codeInsee && codeInsee.length === 5) return codeInsee.slice(0, 2);
  if (/^(97|98)\d{3}$/.test(codePostal)) return codePostal.slice(0, 3);
  if (/^20\d{3}$/.test(codePostal)) return Number(codePostal) < 20200 ? '2A' : '2B';
  if (/^\d{5}$/.test(codePostal)) return codePostal.slice(0, 2);
  return null;
}
