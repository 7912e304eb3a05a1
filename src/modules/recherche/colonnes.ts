// Building blocks of the index: growable typed columns and string dictionaries.

/** Growable typed column. */
export class Colonne<T extends Float64Array | Int32Array | Uint32Array | Uint8Array> {
  data: T;
  private readonly fabrique: (n: number) => T;
  constructor(fabrique: (n: number) => T, capacite: number) {
    this.fabrique = fabrique;
    this.data = fabrique(capacite);
  }
  assurer(n: number): void {
    if (n <= this.data.length) return;
    const nouveau = this.fabrique(Math.max(n, this.data.length * 2));
    nouveau.set(this.data as never);
    this.data = nouveau;
  }
}

/** A string → small integer dictionary with its reverse table. */
export class Dictionnaire {
  readonly valeurs: string[] = [];
  private readonly ids = new Map<string, number>();
  id(v: string): number {
    let i = this.ids.get(v);
    if (i === undefined) {
      i = this.valeurs.length;
      this.valeurs.push(v);
      this.ids.set(v, i);
    }
    return i;
  }
  chercher(v: string): number | undefined {
    return this.ids.get(v);
  }
}
