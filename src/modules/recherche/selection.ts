import type { IndexRecherche } from './recherche.index.ts';
import type { Curseur, Tri } from './recherche.moteur.ts';

/**
 * The first `capacite` matches in (key, uid) order, strictly after the cursor: a bounded max-heap over typed
 * arrays, O(m log capacite) for m matches and no allocation per match. Ties (thousands of places share a text
 * score) are settled by a numeric prefix of the uid (or of the normalised name) before any string comparison.
 */
export class Selection {
  private readonly slots: Int32Array;
  private readonly cles: Float64Array;
  private taille = 0;
  private readonly apresCle: number;
  private readonly apresSecond: number;
  private readonly apresTexte: string;

  private readonly index: IndexRecherche;
  private readonly tri: Tri;
  private readonly parNom: boolean;
  private readonly capacite: number;
  private readonly apres: Curseur | undefined;

  constructor(index: IndexRecherche, tri: Tri, capacite: number, apres?: Curseur) {
    this.index = index;
    this.tri = tri;
    this.parNom = tri === 'nom';
    this.capacite = capacite;
    this.apres = apres;
    this.slots = new Int32Array(Math.max(capacite, 1));
    this.cles = new Float64Array(Math.max(capacite, 1));
    const texte = apres ? (tri === 'nom' ? String(apres.cle) : apres.uid) : '';
    this.apresTexte = texte;
    this.apresCle = apres ? (tri === 'nom' ? prefixeNumerique(texte) : Number(apres.cle)) : 0;
    this.apresSecond = apres && tri !== 'nom' ? prefixeNumerique(apres.uid) : 0;
  }

  // Negative when slot a (key ka) comes before slot b (key kb).
  private comparer(a: number, ka: number, b: number, kb: number): number {
    const ix = this.index;
    if (this.parNom) {
      const na = ix.cleNomNum.data[a]!;
      const nb = ix.cleNomNum.data[b]!;
      if (na !== nb) return na - nb;
      const sa = ix.cleNom[a]!;
      const sb = ix.cleNom[b]!;
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
    if (ka !== kb) return ka - kb;
    const ua = ix.uidNum.data[a]!;
    const ub = ix.uidNum.data[b]!;
    if (ua !== ub) return ua - ub;
    const sa = ix.uid[a]!;
    const sb = ix.uid[b]!;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }

  private apresLeCurseur(s: number, cle: number): boolean {
    const ix = this.index;
    if (this.parNom) {
      const n = ix.cleNomNum.data[s]!;
      if (n !== this.apresCle) return n > this.apresCle;
      return ix.cleNom[s]! > this.apresTexte;
    }
    if (cle !== this.apresCle) return cle > this.apresCle;
    const u = ix.uidNum.data[s]!;
    if (u !== this.apresSecond) return u > this.apresSecond;
    return ix.uid[s]! > this.apresTexte;
  }

  proposer(s: number, cle: number): void {
    if (this.apres && !this.apresLeCurseur(s, cle)) return;
    const slots = this.slots;
    const cles = this.cles;
    // Most matches of a large set lose against the worst kept one on the key alone, or on the uid prefix.
    if (this.taille === this.capacite && !this.parNom) {
      const k0 = cles[0]!;
      if (cle > k0) return;
      if (cle === k0) {
        const u = this.index.uidNum.data;
        if (u[s]! > u[slots[0]!]!) return;
      }
    }
    if (this.taille < this.capacite) {
      let i = this.taille++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.comparer(slots[p]!, cles[p]!, s, cle) >= 0) break;
        slots[i] = slots[p]!;
        cles[i] = cles[p]!;
        i = p;
      }
      slots[i] = s;
      cles[i] = cle;
      return;
    }
    if (this.comparer(s, cle, slots[0]!, cles[0]!) >= 0) return;
    let i = 0;
    for (;;) {
      const g = 2 * i + 1;
      if (g >= this.taille) break;
      const d = g + 1;
      const m = d < this.taille && this.comparer(slots[d]!, cles[d]!, slots[g]!, cles[g]!) > 0 ? d : g;
      if (this.comparer(slots[m]!, cles[m]!, s, cle) <= 0) break;
      slots[i] = slots[m]!;
      cles[i] = cles[m]!;
      i = m;
    }
    slots[i] = s;
    cles[i] = cle;
  }

  /**
   * True when the heap is full, with no cursor and a numeric key: then a match whose key is larger than
   * `pireCle`, or equal with a larger uid prefix than that of `pireSlot`, cannot enter (a caller's shortcut).
   */
  plein(): boolean {
    return this.taille === this.capacite && !this.apres && !this.parNom;
  }
  pireCle(): number {
    return this.cles[0]!;
  }
  pireSlot(): number {
    return this.slots[0]!;
  }

  /** The kept matches, in order. */
  trier(): { slot: number; cle: number }[] {
    const t = Array.from({ length: this.taille }, (_, i) => ({ slot: this.slots[i]!, cle: this.cles[i]! }));
    return t.sort((a, b) => this.comparer(a.slot, a.cle, b.slot, b.cle));
  }
}

/** First 7 characters as a number, non-decreasing with string order (codes above 127 share 127). */
export function prefixeNumerique(texte: string): number {
  let v = 0;
  for (let i = 0; i < 7; i++) v = v * 128 + (i < texte.length ? Math.min(texte.charCodeAt(i), 127) : 0);
  return v;
}
