import { normaliserTexte } from '../../lib/texte.ts';

/**
 * Normalised token → posting list (slot numbers, increasing because slots are only appended), with prefix
 * lookup over a sorted token dictionary and one-typo tolerance through a deletion neighbourhood (a token and
 * each of its one-letter deletions point to the token: two words at edit distance ≤ 1 share a key).
 */

/** Where a token was seen: the name weighs more than the commune or the parent structure. */
export const POIDS_NOM = 2;
export const POIDS_AUTRE = 1;

// Quality of a match for one query word: whole word > beginning of a word > one typo.
const QUALITE_EXACT = 3;
const QUALITE_PREFIXE = 2;
const QUALITE_TYPO = 1;

const LONGUEUR_MIN_TYPO = 4;
const MOTS_MAX = 12;

export interface ResultatTexte {
  /** Matching slots, in no particular order (a view valid until the next search). */
  slots: Int32Array;
  contient(slot: number): boolean;
  score(slot: number): number;
  /**
   * The same, as raw arrays for the engine's hot loop (no call per slot): slot s matches when
   * `etape[s] === fin`, with score `cumul[s]`.
   */
  etape: Uint32Array;
  fin: number;
  cumul: Uint8Array;
}
const LONGUEUR_MIN_PREFIXE = 2;

export function motsDe(texte: string): string[] {
  // Abbreviations are expanded on both sides (st → saint), so "st etienne" finds "Saint-Étienne".
  const n = normaliserTexte(texte);
  return n === '' ? [] : n.split(' ');
}

export class IndexTexte {
  /** token id → slots where it appears in the name (sorted). */
  private readonly postesNom: number[][] = [];
  /** token id → slots where it appears in another field (sorted). */
  private readonly postesAutre: number[][] = [];
  private readonly ids = new Map<string, number>();
  private readonly jetons: string[] = [];
  private tries: string[] | null = null;
  private voisinage: Map<string, number[]> | null = null;

  private idDe(jeton: string): number {
    let id = this.ids.get(jeton);
    if (id === undefined) {
      id = this.jetons.length;
      this.ids.set(jeton, id);
      this.jetons.push(jeton);
      this.postesNom.push([]);
      this.postesAutre.push([]);
      this.tries = null;
      if (this.voisinage) ajouterVoisins(this.voisinage, jeton, id);
    }
    return id;
  }

  /** Indexes a new slot (slots must arrive in increasing order); texts already through normaliserTexte. */
  ajouter(slot: number, nomNormalise: string, autresNormalises: readonly (string | null)[]): void {
    if (nomNormalise) for (const mot of nomNormalise.split(' ')) ajouterPoste(this.postesNom[this.idDe(mot)]!, slot);
    for (const t of autresNormalises) if (t) for (const mot of t.split(' ')) ajouterPoste(this.postesAutre[this.idDe(mot)]!, slot);
  }

  get nombreJetons(): number {
    return this.jetons.length;
  }

  /**
   * Every slot matching all query words, with a relevance score. Dead slots are the caller's business.
   * Returns null when the query has no word.
   *
   * No Map per query: scratch typed arrays indexed by slot, stamped with a per-query generation (a stamp
   * `base + i` means "matched the first i words"), so a common word matching 100 k places stays cheap.
   */
  chercher(texte: string, nombreSlots: number): ResultatTexte | null {
    const mots = motsDe(texte).slice(0, MOTS_MAX);
    if (mots.length === 0) return null;
    this.preparer(nombreSlots);
    const base = this.generation;
    this.generation += MOTS_MAX + 1;
    const etape = this.etape;
    const meilleur = this.meilleur;
    const cumul = this.cumul;
    // The survivors of word i are written into one of two scratch arrays (ping-pong): a common word matches
    // tens of thousands of places, and a growing JS array per word per query was a third of the GC work.
    let liste = this.listeA;
    let suivante = this.listeB;
    let taille = 0;
    for (let i = 0; i < mots.length; i++) {
      let nouvelle = 0;
      const avant = base + i;
      const apres = base + i + 1;
      const noter = (postes: readonly number[], points: number) => {
        for (let k = 0; k < postes.length; k++) {
          const s = postes[k]!;
          const e = etape[s]!;
          if (e === apres) {
            // Best quality for this word, not the sum ("saint" exact and "saintes" prefix count once).
            if (meilleur[s]! < points) meilleur[s] = points;
          } else if (i === 0 ? e < base || e > base + MOTS_MAX : e === avant) {
            etape[s] = apres;
            meilleur[s] = points;
            suivante[nouvelle++] = s;
          }
        }
      };
      for (const [id, qualite] of this.variantes(mots[i]!)) {
        noter(this.postesNom[id]!, qualite * POIDS_NOM);
        noter(this.postesAutre[id]!, qualite * POIDS_AUTRE);
      }
      for (let k = 0; k < nouvelle; k++) {
        const s = suivante[k]!;
        cumul[s] = (i === 0 ? 0 : cumul[s]!) + meilleur[s]!;
      }
      [liste, suivante] = [suivante, liste];
      taille = nouvelle;
      if (taille === 0) break;
    }
    const fin = base + mots.length;
    // A view on the scratch array: valid until the next search (searches run one at a time, synchronously).
    return { slots: liste.subarray(0, taille), contient: (s) => etape[s] === fin, score: (s) => cumul[s]!, etape, fin, cumul };
  }

  private etape = new Uint32Array(0);
  // Scores are small integers (≤ 3 × 2 per word, ≤ 12 words): one byte each keeps the scratch arrays in cache.
  private meilleur = new Uint8Array(0);
  private cumul = new Uint8Array(0);
  private listeA = new Int32Array(0);
  private listeB = new Int32Array(0);
  private generation = 1;

  private preparer(n: number): void {
    if (this.etape.length < n) {
      const taille = Math.max(n, this.etape.length * 2, 1024);
      const etape = new Uint32Array(taille);
      etape.set(this.etape);
      this.etape = etape;
      this.meilleur = new Uint8Array(taille);
      this.cumul = new Uint8Array(taille);
      this.listeA = new Int32Array(taille);
      this.listeB = new Int32Array(taille);
    }
    if (this.generation > 0xffffffff - 2 * (MOTS_MAX + 1)) {
      this.etape.fill(0);
      this.generation = 1;
    }
  }

  /** Dictionary tokens matching one query word, with their match quality. */
  private variantes(mot: string): Map<number, number> {
    const res = new Map<number, number>();
    const garder = (id: number, q: number) => {
      if ((res.get(id) ?? 0) < q) res.set(id, q);
    };
    const exact = this.ids.get(mot);
    if (exact !== undefined) garder(exact, QUALITE_EXACT);
    if (mot.length >= LONGUEUR_MIN_PREFIXE) {
      const tries = this.dictionnaireTrie();
      for (let i = borneInf(tries, mot); i < tries.length && tries[i]!.startsWith(mot); i++) garder(this.ids.get(tries[i]!)!, QUALITE_PREFIXE);
    }
    if (mot.length >= LONGUEUR_MIN_TYPO) {
      const voisinage = this.voisins();
      for (const cle of [mot, ...suppressions(mot)]) {
        for (const id of voisinage.get(cle) ?? []) if (distanceAuPlusUn(mot, this.jetons[id]!)) garder(id, QUALITE_TYPO);
      }
    }
    return res;
  }

  private dictionnaireTrie(): string[] {
    if (!this.tries) this.tries = [...this.jetons].sort();
    return this.tries;
  }

  // Built at the first typo lookup, not at start: start-up stays fast and most queries never need it.
  private voisins(): Map<string, number[]> {
    if (!this.voisinage) {
      this.voisinage = new Map();
      for (let id = 0; id < this.jetons.length; id++) ajouterVoisins(this.voisinage, this.jetons[id]!, id);
    }
    return this.voisinage;
  }
}

function ajouterPoste(postes: number[], slot: number): void {
  if (postes[postes.length - 1] !== slot) postes.push(slot);
}

function ajouterVoisins(voisinage: Map<string, number[]>, jeton: string, id: number): void {
  if (jeton.length < LONGUEUR_MIN_TYPO - 1) return;
  for (const cle of [jeton, ...suppressions(jeton)]) {
    const l = voisinage.get(cle);
    if (l) l.push(id);
    else voisinage.set(cle, [id]);
  }
}

function suppressions(mot: string): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < mot.length; i++) s.add(mot.slice(0, i) + mot.slice(i + 1));
  return s;
}

/** Levenshtein distance ≤ 1 (substitution, insertion or deletion of one character). */
export function distanceAuPlusUn(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function borneInf(tries: readonly string[], cle: string): number {
  let lo = 0;
  let hi = tries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tries[mid]! < cle) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
