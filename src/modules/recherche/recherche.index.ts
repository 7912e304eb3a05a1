import { normaliserTexte } from '../../lib/texte.ts';
import { Horaire, zoneDuDepartement } from './horaires.ts';
import type { LigneIndex } from './recherche.repository.ts';
export { distanceKm } from '../../lib/geo.ts';
import { IndexTexte } from './texte.index.ts';
import { Colonne, Dictionnaire } from './colonnes.ts';
import { ProfilsFacettes } from './facettes.index.ts';
import { prefixeNumerique } from './selection.ts';
import { IndexSpatial, type Positions } from './spatial.index.ts';

/**
 * The in-process search index: columnar storage in slots. A place takes a slot when it enters; a change
 * kills the old slot (tombstone) and appends a new one, so every structure only ever grows at the end and
 * a search never waits for a rebuild. Two parts have their own files: the facet profiles, counters and filter
 * tables (facettes.index.ts) and the positions (spatial.index.ts: a static kdbush tree plus the slots appended
 * since its last build, scanned linearly until that tail gets long). The text index is texte.index.ts.
 */

const RDV_EN_LIGNE = 'Prendre un RDV en ligne';

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
  /** Facet profiles of the slots, their dictionaries, counters and filter tables (facettes.index.ts). */
  readonly facettes = new ProfilsFacettes();
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
  /** Positions: a static tree plus the slots appended since it was built. */
  private readonly spatial = new IndexSpatial();
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
    if (coords) this.spatial.ajouter(s);
    this.facettes.ecrire(s, l);
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
    this.facettes.assurer(n);
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

  private positions(): Positions {
    return { vivant: this.vivant.data, aCoordonnees: this.aCoordonnees.data, lon: this.lon.data, lat: this.lat.data };
  }

  /** (Re)builds the spatial tree over every live slot with coordinates; cheap enough to call after a load. */
  construireArbre(): void {
    this.spatial.construire(this.n, this.positions());
  }

  /** After a refresh: rebuild the tree once the linear tail is long. Returns true when it did. */
  entretenir(): boolean {
    if (!this.spatial.aReconstruire(this.vivants)) return false;
    this.construireArbre();
    return true;
  }

  /** Live slots within `km` of (lat, lon), with their squared chord to it (spatial.index.ts, geo.ts). */
  dansCercle(lat: number, lon: number, km: number, visiter: (s: number, corde2: number) => void): void {
    this.spatial.dansCercle(this.positions(), lat, lon, km, visiter);
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
    t += this.facettes.profils.byteLength;
    return t + this.spatial.octets();
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
