import KDBush from 'kdbush';
import { boiteAutour, corde2DeKm, vecteurUnitaire } from '../../lib/geo.ts';

const [QUEUE_MAX_ABSOLUE, QUEUE_MAX_RELATIVE] = [2000, 0.05];

/** The index's columns as they are now (typed arrays are replaced when the index grows: never kept). */
export interface Positions {
  vivant: Uint8Array;
  aCoordonnees: Uint8Array;
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * Where the places are: a static kdbush tree over the slots with coordinates, plus a linear tail of slots
 * added since its last build, scanned on each query; the tree is rebuilt once that tail gets long.
 */
export class IndexSpatial {
  private arbre: KDBush | null = null;
  private arbreSlots: Uint32Array = new Uint32Array(0);
  /** Unit vector (x, y, z) of each tree position, in the tree's order: read along with its coordinates. */
  private unitaires = new Float64Array(0);
  private queue: number[] = [];

  /** A slot with coordinates, added after the last build. */
  ajouter(s: number): void {
    this.queue.push(s);
  }

  /** (Re)builds the tree over every live slot with coordinates; cheap enough to call after a load. */
  construire(n: number, p: Positions): void {
    const slots: number[] = [];
    for (let s = 0; s < n; s++) if (p.vivant[s] && p.aCoordonnees[s]) slots.push(s);
    const arbre = new KDBush(Math.max(slots.length, 1), 64, Float64Array);
    for (const s of slots) arbre.add(p.lon[s]!, p.lat[s]!);
    if (slots.length === 0) arbre.add(0, 0);
    arbre.finish();
    const coords = arbre.coords as Float64Array;
    const unitaires = new Float64Array(3 * arbre.ids.length);
    for (let i = 0; i < arbre.ids.length; i++) vecteurUnitaire(coords[2 * i + 1]!, coords[2 * i]!, unitaires, 3 * i);
    this.unitaires = unitaires;
    this.arbre = arbre;
    this.arbreSlots = Uint32Array.from(slots);
    this.queue = [];
  }

  /** Whether the linear tail has grown long enough (or there is no tree yet) to rebuild. */
  aReconstruire(vivants: number): boolean {
    return !this.arbre || this.queue.length > Math.max(QUEUE_MAX_ABSOLUE, vivants * QUEUE_MAX_RELATIVE);
  }

  /**
   * Live slots within `km` of (lat, lon), with their squared chord to it (geo.ts: kmDeCorde2 gives the
   * distance). The tree is walked over the circle's lon/lat box (two bands when it crosses the antimeridian),
   * and the box's corners (a fifth of it) are dropped here, by the chord, before the caller tests anything.
   */
  dansCercle(p: Positions, lat: number, lon: number, km: number, visiter: (s: number, corde2: number) => void): void {
    const o = new Float64Array(3);
    vecteurUnitaire(lat, lon, o, 0);
    const max = corde2DeKm(km);
    const [a, b, c, d] = boiteAutour(lat, lon, km);
    const bandes: [number, number][] = a <= c ? [[a, c]] : [[a, 180], [-180, c]];
    if (this.arbre && this.arbreSlots.length > 0) for (const [g, dr] of bandes) this.parcourirArbre(this.arbre, p.vivant, g, b, dr, d, o, max, visiter);
    const v = new Float64Array(3);
    for (const s of this.queue) {
      if (!p.vivant[s]) continue;
      const x = p.lon[s]!;
      const y = p.lat[s]!;
      if (y < b || y > d || !bandes.some(([g, dr]) => x >= g && x <= dr)) continue;
      vecteurUnitaire(y, x, v, 0);
      const c2 = (v[0]! - o[0]!) ** 2 + (v[1]! - o[1]!) ** 2 + (v[2]! - o[2]!) ** 2;
      if (c2 <= max) visiter(s, c2);
    }
  }

  // kdbush's range() walk, visiting as it goes: range() returns an array of every point of the box (tens of
  // thousands around Paris at 1 M places), a fresh allocation per query. A point in the box is then tested
  // against the circle by its unit vector, stored in the tree's order: read in sequence with its coordinates.
  private readonly pile = new Int32Array(3 * 2 * 64);
  private parcourirArbre(arbre: KDBush, vivant: Uint8Array, minX: number, minY: number, maxX: number, maxY: number, o: Float64Array, max: number, visiter: (s: number, corde2: number) => void): void {
    const { ids, nodeSize } = arbre;
    const coords = arbre.coords as Float64Array;
    const u = this.unitaires;
    const [ox, oy, oz] = [o[0]!, o[1]!, o[2]!];
    const slots = this.arbreSlots;
    const pile = this.pile;
    const essayer = (i: number) => {
      const x = coords[2 * i]!;
      const y = coords[2 * i + 1]!;
      if (x < minX || x > maxX || y < minY || y > maxY) return;
      const dx = u[3 * i]! - ox;
      const dy = u[3 * i + 1]! - oy;
      const dz = u[3 * i + 2]! - oz;
      const c2 = dx * dx + dy * dy + dz * dz;
      if (c2 > max) return;
      const s = slots[ids[i]!]!;
      if (vivant[s]) visiter(s, c2);
    };
    pile[0] = 0;
    pile[1] = ids.length - 1;
    pile[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axe = pile[--sp]!;
      const droite = pile[--sp]!;
      const gauche = pile[--sp]!;
      if (droite - gauche <= nodeSize) {
        for (let i = gauche; i <= droite; i++) essayer(i);
        continue;
      }
      const m = (gauche + droite) >> 1;
      essayer(m);
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
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

  /** Memory held by the tree and its slot map. */
  octets(): number {
    return this.arbreSlots.byteLength + this.unitaires.byteLength + (this.arbre?.data.byteLength ?? 0);
  }
}
