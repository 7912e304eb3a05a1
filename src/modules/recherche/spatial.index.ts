import KDBush from 'kdbush';

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
    this.arbre = arbre;
    this.arbreSlots = Uint32Array.from(slots);
    this.queue = [];
  }

  /** Whether the linear tail has grown long enough (or there is no tree yet) to rebuild. */
  aReconstruire(vivants: number): boolean {
    return !this.arbre || this.queue.length > Math.max(QUEUE_MAX_ABSOLUE, vivants * QUEUE_MAX_RELATIVE);
  }

  /**
   * Live slots inside a lon/lat box (the box may cross the antimeridian: minLon > maxLon), with their lon/lat:
   * read from the tree's own coordinates, in tree order, instead of a cache miss per place in the columns.
   */
  dansBoite(p: Positions, minLon: number, minLat: number, maxLon: number, maxLat: number, visiter: (s: number, lon: number, lat: number) => void): void {
    if (minLon <= maxLon) this.dansBande(p, minLon, minLat, maxLon, maxLat, visiter);
    else {
      this.dansBande(p, minLon, minLat, 180, maxLat, visiter);
      this.dansBande(p, -180, minLat, maxLon, maxLat, visiter);
    }
  }

  private dansBande(p: Positions, a: number, minLat: number, b: number, maxLat: number, visiter: (s: number, lon: number, lat: number) => void): void {
    if (this.arbre && this.arbreSlots.length > 0) this.parcourirArbre(this.arbre, p.vivant, a, minLat, b, maxLat, visiter);
    const { vivant, lon, lat } = p;
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
  private parcourirArbre(arbre: KDBush, vivant: Uint8Array, minX: number, minY: number, maxX: number, maxY: number, visiter: (s: number, lon: number, lat: number) => void): void {
    const { ids, nodeSize } = arbre;
    const coords = arbre.coords as Float64Array;
    const slots = this.arbreSlots;
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

  /** Memory held by the tree and its slot map. */
  octets(): number {
    return this.arbreSlots.byteLength + (this.arbre?.data.byteLength ?? 0);
  }
}
