/**
 * In-memory token buckets, one per key (IP, IP + e-mail…). A bucket holds `capacite` tokens and regains
 * `parSeconde` per second; a request takes one or is refused. Memory is bounded: past `max` keys the oldest
 * are dropped (a dropped bucket is a full one, so this only ever errs on the side of letting a request in).
 * One process only: behind several instances each counts alone (docs/comptes.md).
 */
export class Seaux {
  readonly #seaux = new Map<string, Seau>();
  /** Buckets (re)inserted so far: a bucket's `rang` says how far from the end of the Map's order it is. */
  #rang = 0;
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
    const permis = jetons >= 1;
    if (s || permis) this.#noter(cle, s, permis ? jetons - 1 : jetons, maintenant);
    return permis ? 0 : Math.ceil((1 - jetons) / this.parSeconde);
  }

  get taille(): number {
    return this.#seaux.size;
  }

  /**
   * The Map's order is the eviction order (oldest first), so a bucket in use must not drift to its front. Moving
   * it to the end at every request (delete + set + a new object) was most of the public API's rate limit, on
   * every request; it now moves only once it is in the older half. A bucket used at least once every `max / 2`
   * new buckets is therefore never dropped — refused ones included, which an attacker flooding many addresses
   * could otherwise turn into full buckets.
   */
  #noter(cle: string, s: Seau | undefined, jetons: number, maintenant: number): void {
    if (s && this.#rang - s.rang <= this.max / 2) {
      s.jetons = jetons;
      s.le = maintenant;
      return;
    }
    if (s) this.#seaux.delete(cle);
    this.#seaux.set(cle, { jetons, le: maintenant, rang: ++this.#rang });
    if (this.#seaux.size > this.max) this.#seaux.delete(this.#seaux.keys().next().value!);
  }
}

interface Seau {
  jetons: number;
  le: number;
  rang: number;
}
