/**
 * In-memory token buckets, one per key (IP, IP + e-mail…). A bucket holds `capacite` tokens and regains
 * `parSeconde` per second; a request takes one or is refused. Memory is bounded: past `max` keys the oldest
 * are dropped (a dropped bucket is a full one, so this only ever errs on the side of letting a request in).
 * One process only: behind several instances each counts alone (docs/comptes.md).
 */
export class Seaux {
  readonly #seaux = new Map<string, { jetons: number; le: number }>();
  readonly capacite: number;
  readonly parSeconde: number;
  readonly max: number;

  constructor(capacite: number, parSeconde: number, max = 50_000) {
    this.capacite = capacite;
    this.parSeconde = parSeconde;
    this.max = max;
  }

  /** Takes a token; returns 0 when allowed, else the seconds to wait for the next one. */
  prendre(cle: string, maintenant = Date.now()): number {
    const s = this.#seaux.get(cle);
    const jetons = s ? Math.min(this.capacite, s.jetons + ((maintenant - s.le) / 1000) * this.parSeconde) : this.capacite;
    if (jetons < 1) {
      if (s) {
        s.jetons = jetons;
        s.le = maintenant;
      }
      return Math.ceil((1 - jetons) / this.parSeconde);
    }
    this.#seaux.delete(cle); // re-inserted last: the Map's order is the eviction order
    this.#seaux.set(cle, { jetons: jetons - 1, le: maintenant });
    if (this.#seaux.size > this.max) this.#seaux.delete(this.#seaux.keys().next().value!);
    return 0;
  }

  get taille(): number {
    return this.#seaux.size;
  }
}
