import { normaliserTexte } from '../../lib/texte.ts';
import type { Commune } from './territoires.ts';

/**
 * The key a commune name is compared by: normaliserTexte, then what only matters for commune names —
 * "Paris 10e Arrondissement", "PARIS 10", "Paris 10ème arr.", "Paris 010" all become "paris 10";
 * "Saint-Étienne Cedex 1" becomes "saint etienne" (a CEDEX is a mail sorting office, not a place).
 */
export function cleNom(texte: string, options: { abreviations?: boolean } = {}): string {
  const mots = normaliserTexte(texte, options).split(' ');
  const garde: string[] = [];
  for (let i = 0; i < mots.length; i++) {
    const mot = mots[i]!;
    if (MOTS_ARRONDISSEMENT.has(mot)) continue;
    if (mot === 'cedex') {
      if (/^\d+$/.test(mots[i + 1] ?? '')) i++;
      continue;
    }
    const ordinal = mot.charCodeAt(0) <= 57 ? /^0*(\d+)(?:er|ere|e|eme|em|ieme|me)?$/.exec(mot) : null;
    garde.push(ordinal ? String(Number(ordinal[1])) : mot);
  }
  return garde.join(' ').trim();
}

const MOTS_ARRONDISSEMENT = new Set(['arrondissement', 'arrondissements', 'arr', 'arrt', 'arrdt', 'ardt']);
const ARTICLES = new Set(['le', 'la', 'les', 'l']);

/** "l abergement clemenciat" → "abergement clemenciat": files and people often drop the article. */
export function sansArticle(cle: string): string | undefined {
  const espace = cle.indexOf(' ');
  return espace > 0 && ARTICLES.has(cle.slice(0, espace)) ? cle.slice(espace + 1) : undefined;
}

/** How well a key matches: lower is better. */
export const RANG = {
  /** The official name. */
  nom: 0,
  /** The official name without its article. */
  nomSansArticle: 1,
  /** A former or delegated name. */
  autreNom: 2,
} as const;

export interface Entree {
  readonly commune: Commune;
  readonly rang: number;
}

export interface IndexNoms {
  /** Communes whose key is exactly `cle`. */
  exact(cle: string): readonly Entree[];
  /** Communes with a key starting with `debut` (the exact key excluded). */
  prefixe(debut: string): Entree[];
  /** Communes with a key in which every word of `mots` starts a different word. Scans every key. */
  motsPrefixes(mots: readonly string[]): Entree[];
  /**
   * Communes with a key one typo away from `cle`: a letter inserted, deleted or replaced, or two adjacent letters
   * swapped (the exact key excluded). Only scans the keys one letter shorter, as long or one letter longer.
   */
  aUneFaute(cle: string): Entree[];
  /** Every key of a commune. */
  clesDe(code: string): readonly string[];
}

export function creerIndexNoms(communes: readonly Commune[], autresNoms: ReadonlyArray<readonly [string, string]>): IndexNoms {
  const parCle = new Map<string, Entree[]>();
  const parCode = new Map<string, string[]>();
  const ajouter = (cle: string | undefined, commune: Commune, rang: number) => {
    if (!cle) return;
    let entrees = parCle.get(cle);
    if (!entrees) parCle.set(cle, (entrees = []));
    const deja = entrees.findIndex((e) => e.commune === commune);
    if (deja >= 0 && entrees[deja]!.rang <= rang) return;
    if (deja >= 0) entrees[deja] = { commune, rang };
    else entrees.push({ commune, rang });
    let cles = parCode.get(commune.code);
    if (!cles) parCode.set(commune.code, (cles = []));
    if (!cles.includes(cle)) cles.push(cle);
  };
  const parCodeCommune = new Map(communes.map((c) => [c.code, c]));
  for (const c of communes) {
    const cle = cleNom(c.nom);
    ajouter(cle, c, RANG.nom);
    ajouter(sansArticle(cle), c, RANG.nomSansArticle);
  }
  for (const [nom, code] of autresNoms) {
    const c = parCodeCommune.get(code);
    if (!c) continue;
    const cle = cleNom(nom);
    ajouter(cle, c, RANG.autreNom);
    ajouter(sansArticle(cle), c, RANG.autreNom);
  }
  // Sorted keys: a prefix is a contiguous run, found by binary search.
  const cles = [...parCle.keys()].sort();
  // Words → keys, built on the first word search only (most processes never make one).
  let mots: { tries: string[]; cles: Map<string, string[]> } | undefined;
  const indexMots = () => {
    if (mots) return mots;
    const parMot = new Map<string, string[]>();
    for (const cle of cles) {
      for (const mot of new Set(cle.split(' '))) {
        let l = parMot.get(mot);
        if (!l) parMot.set(mot, (l = []));
        l.push(cle);
      }
    }
    return (mots = { tries: [...parMot.keys()].sort(), cles: parMot });
  };
  // An edit changes the length by one at most: bucketing by length leaves 3 buckets of ≤ 4 000 keys to scan
  // (≈ 0.1 ms), where a deletion-neighbourhood index would hold 450 000 strings for the same answer.
  const parLongueur: string[][] = [];
  for (const cle of cles) (parLongueur[cle.length] ??= []).push(cle);

  return {
    exact: (cle) => parCle.get(cle) ?? [],
    prefixe(debut) {
      const trouves: Entree[] = [];
      if (!debut) return trouves;
      for (let i = premierNonInferieur(cles, debut); i < cles.length && cles[i]!.startsWith(debut); i++) {
        if (cles[i] !== debut) trouves.push(...parCle.get(cles[i]!)!);
      }
      return trouves;
    },
    motsPrefixes(motsCherches) {
      const trouves: Entree[] = [];
      if (!motsCherches.length) return trouves;
      // Candidates come from the longest word (the most selective), then every word is checked.
      const pivot = motsCherches.reduce((a, b) => (b.length > a.length ? b : a));
      const { tries, cles: clesDuMot } = indexMots();
      const candidates = new Set<string>();
      for (let i = premierNonInferieur(tries, pivot); i < tries.length && tries[i]!.startsWith(pivot); i++) {
        for (const cle of clesDuMot.get(tries[i]!)!) candidates.add(cle);
      }
      for (const cle of candidates) {
        if (motsCouverts(motsCherches, cle.split(' '))) trouves.push(...parCle.get(cle)!);
      }
      return trouves;
    },
    aUneFaute(cle) {
      const trouves: Entree[] = [];
      for (let n = cle.length - 1; n <= cle.length + 1; n++) {
        for (const autre of parLongueur[n] ?? []) if (uneSeuleFaute(cle, autre)) trouves.push(...parCle.get(autre)!);
      }
      return trouves;
    },
    clesDe: (code) => parCode.get(code) ?? [],
  };
}

/**
 * True when `b` is exactly one edit from `a` (Damerau: insertion, deletion, substitution, adjacent transposition).
 * Past the common beginning, each edit leaves one way to align the rest: no table, and most keys are rejected
 * at their first or second letter.
 */
function uneSeuleFaute(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  const commun = Math.min(la, lb);
  let i = 0;
  while (i < commun && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la > lb) return memeFin(a, i + 1, b, i);
  if (la < lb) return memeFin(a, i, b, i + 1);
  if (i === la) return false;
  if (memeFin(a, i + 1, b, i + 1)) return true;
  return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && memeFin(a, i + 2, b, i + 2);
}

/** `a.slice(i) === b.slice(j)`, without building either slice. */
function memeFin(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** True when each query word starts a distinct word of the key (greedy, in order of the query). */
function motsCouverts(mots: readonly string[], motsCle: readonly string[]): boolean {
  const pris = new Array<boolean>(motsCle.length).fill(false);
  for (const mot of mots) {
    const i = motsCle.findIndex((m, j) => !pris[j] && m.startsWith(mot));
    if (i < 0) return false;
    pris[i] = true;
  }
  return true;
}

/** Index of the first element of a sorted array that is >= `valeur` (binary search). */
function premierNonInferieur(tries: readonly string[], valeur: string): number {
  let bas = 0;
  let haut = tries.length;
  while (bas < haut) {
    const milieu = (bas + haut) >>> 1;
    if (tries[milieu]! < valeur) bas = milieu + 1;
    else haut = milieu;
  }
  return bas;
}
