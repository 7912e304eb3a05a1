import { cleNom, sansArticle, type Entree, type IndexNoms } from './territoires.noms.ts';
import type { Commune, IndicesCommune } from './territoires.ts';

/** What search and resolution need from the loaded territories. */
export interface Referentiel {
  /** The name index, built on first use. */
  index(): IndexNoms;
  commune(code: string): Commune | undefined;
  communesParCodePostal(cp: string): Commune[];
  /** Former INSEE code → current commune code. */
  readonly anciensCodes: ReadonlyMap<string, string>;
  arrondissementsDe(code: string): readonly Commune[];
}

const CODE = /^(?:\d{5}|2[AB]\d{3})$/;

/**
 * A code as files write it: trimmed, upper-case (2a004), and with the leading zero a spreadsheet drops
 * ("1001" → "01001"). Anything that still is not 5 characters is not a code.
 */
export function nettoyerCode(code: string | null | undefined): string | undefined {
  const c = (code ?? '').trim().toUpperCase().replace(/\s+/g, '');
  const complet = /^\d{4}$/.test(c) ? `0${c}` : c;
  return CODE.test(complet) ? complet : undefined;
}

/** Best score (lower is better) of each commune found so far. */
type Trouvailles = Map<Commune, number>;

function noter(trouvailles: Trouvailles, entrees: readonly Entree[], base: number): void {
  for (const e of entrees) {
    const score = base + e.rang;
    const deja = trouvailles.get(e.commune);
    if (deja === undefined || score < deja) trouvailles.set(e.commune, score);
  }
}

const avant = (a: Commune, sa: number, b: Commune, sb: number) =>
  sa !== sb ? sa < sb : (a.population ?? 0) !== (b.population ?? 0) ? (a.population ?? 0) > (b.population ?? 0) : a.code < b.code;

/**
 * The `limite` best, by score then population then code. A short prefix ("saint", "x") finds thousands of
 * communes: keeping only the best few while scanning avoids sorting them all.
 */
function classer(trouvailles: Trouvailles, limite: number): Commune[] {
  const tete: Array<[Commune, number]> = [];
  for (const [commune, score] of trouvailles) {
    if (tete.length === limite && !avant(commune, score, ...tete[limite - 1]!)) continue;
    let i = tete.length;
    while (i > 0 && avant(commune, score, ...tete[i - 1]!)) i--;
    tete.splice(i, 0, [commune, score]);
    if (tete.length > limite) tete.pop();
  }
  return tete.map(([commune]) => commune);
}

export function rechercherCommunes(ref: Referentiel, texte: string, limite = 10, options: { fautes?: boolean } = {}): Commune[] {
  if (limite <= 0) return [];
  const trouvailles: Trouvailles = new Map();
  const code = nettoyerCode(texte);
  if (code && texte.trim().length === 5) {
    // A 5-character input is an INSEE code or a postcode: the exact INSEE match first, then the postcode's
    // communes, an arrondissement before its city (75010 means Paris 10e more precisely than Paris).
    const parCodePostal = ref.communesParCodePostal(code);
    const parInsee = ref.commune(code) ?? ancienCode(ref, code, parCodePostal);
    if (parInsee) trouvailles.set(parInsee, 0);
    for (const c of parCodePostal) if (!trouvailles.has(c)) trouvailles.set(c, c.type === 'ARM' ? 1 : 2);
    return classer(trouvailles, limite);
  }
  const cle = cleNom(texte);
  if (!cle) return [];
  const index = ref.index();
  noter(trouvailles, index.exact(cle), 0);
  const variante = sansArticle(cle);
  if (variante) noter(trouvailles, index.exact(variante), 1);
  noter(trouvailles, index.prefixe(cle), 10);
  // "st" typed as the start of "Strasbourg" must not only mean "saint".
  const brute = cleNom(texte, { abreviations: false });
  if (brute !== cle) noter(trouvailles, index.prefixe(brute), 10);
  if (trouvailles.size < limite) noter(trouvailles, index.motsPrefixes(cle.split(' ')), 20);
  // Last resort, so a real name (Bourdeaux) is never displaced by the bigger commune one letter away (Bordeaux).
  if (!trouvailles.size && options.fautes !== false && cle.length >= LONGUEUR_MIN_FAUTE) noter(trouvailles, index.aUneFaute(cle), 30);
  return classer(trouvailles, limite);
}

/**
 * Shortest key a typo is corrected in. Simulated on the real names (one random edit, best candidate by
 * population): the intended commune comes first for 52 % of 3-letter names, 62 % of 4-letter ones (2.8
 * candidates on average), 74 % at 5 letters, 91 % at 7. Below 5 the answer would be a village picked almost at
 * random. Longer street words are no safer (Jaurès → Jaure): the geocoder asks for no correction on the end of
 * an address (`fautes: false`).
 */
const LONGUEUR_MIN_FAUTE = 5;

/**
 * The commune an imported row designates. Order of trust:
 * 1. a valid current INSEE code (or a former one, followed to today's commune);
 * 2. the postcode's communes, the name deciding when there are several (exact key, then shared words);
 * 3. the name alone within the postcode's département (CEDEX and mistyped postcodes);
 * 4. the postcode's only commune when the name is missing or names no commune of that département (a hamlet);
 * 5. without a postcode, a name that designates exactly one commune in France.
 * A commune split into arrondissements is narrowed to the one arrondissement its postcode designates.
 * Never a guess between homonyms: undefined then.
 */
export function resoudreCommune(ref: Referentiel, indices: IndicesCommune): Commune | undefined {
  const code = nettoyerCode(indices.codeInsee);
  if (code) {
    const trouvee = ref.commune(code) ?? ancienCode(ref, code, ref.communesParCodePostal(code));
    if (trouvee) return trouvee;
  }
  const cp = nettoyerCode(indices.codePostal) ?? (indices.codePostal ? undefined : code);
  const cle = indices.nom ? cleNom(indices.nom) : '';
  const candidats = cp ? ref.communesParCodePostal(cp) : [];
  const affiner = (c: Commune | undefined) => (c && cp ? arrondissementDuCodePostal(ref, c, cp) : c);

  if (cle && candidats.length) {
    const parNom = choisirParNom(ref, candidats, cle);
    if (parNom) return affiner(parNom);
  }
  if (cle && cp) {
    const departements = departementsDuCodePostal(cp);
    const memeNom = nomExact(ref, cle).filter((c) => departements.includes(c.departement));
    if (memeNom.length === 1) return affiner(memeNom[0]);
  }
  if (candidats.length === 1) return candidats[0];
  if (candidats.length > 1 && !cle) {
    // A postcode shared by a city and its own arrondissements only (75010 → Paris, Paris 10e): the arrondissement.
    const arrondissements = candidats.filter((c) => c.type === 'ARM');
    if (arrondissements.length === 1 && candidats.every((c) => c.type === 'ARM' || c.code === arrondissements[0]!.communeParente)) {
      return arrondissements[0];
    }
  }
  if (cle && !cp) {
    const partout = nomExact(ref, cle);
    if (partout.length === 1) return partout[0];
  }
  return undefined;
}

/**
 * A former INSEE code, followed to today's commune — unless it is also a live postcode: files often put the
 * postcode in the INSEE column, and a code retired decades ago (75010 was Bondy's before 1968) is the less
 * likely reading.
 */
function ancienCode(ref: Referentiel, code: string, memeCodePostal: readonly Commune[]): Commune | undefined {
  if (memeCodePostal.length) return undefined;
  const actuel = ref.anciensCodes.get(code);
  return actuel ? ref.commune(actuel) : undefined;
}

/** Communes among `candidats` named `cle` (best rank only), else the one sharing clearly most words. */
function choisirParNom(ref: Referentiel, candidats: readonly Commune[], cle: string): Commune | undefined {
  const codes = new Set(candidats.map((c) => c.code));
  const exacts = [cle, sansArticle(cle)].flatMap((k) => (k ? ref.index().exact(k) : [])).filter((e) => codes.has(e.commune.code));
  if (exacts.length) {
    const rang = Math.min(...exacts.map((e) => e.rang));
    const meilleurs = [...new Set(exacts.filter((e) => e.rang === rang).map((e) => e.commune))];
    if (meilleurs.length === 1) return meilleurs[0];
    return undefined;
  }
  const mots = motsSignificatifs(cle);
  if (!mots.size) return undefined;
  const scores = candidats
    .map((c) => ({ c, s: Math.max(...ref.index().clesDe(c.code).map((k) => ressemblance(mots, k))) }))
    .sort((a, b) => b.s - a.s);
  const [premier, second] = scores;
  // Half the words in common at least, and a clear winner: "CHATEAUBERNARD BOURG" yes, "SAINT" alone no.
  if (premier && premier.s >= 0.5 && (!second || second.s < premier.s)) return premier.c;
  return undefined;
}

// Words that say nothing alone: "SAINT" must not pick Saint-Bénigne among the communes of 01190.
const MOTS_VIDES = new Set(['saint', 'sainte', 'saints', 'saintes', 'le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'sur', 'sous', 'en', 'et', 'aux', 'au']);
const motsSignificatifs = (cle: string) => new Set(cle.split(' ').filter((m) => !MOTS_VIDES.has(m)));

/** Jaccard similarity of the significant words of two keys. */
function ressemblance(mots: ReadonlySet<string>, cle: string): number {
  const autres = motsSignificatifs(cle);
  if (!autres.size) return 0;
  let communs = 0;
  for (const m of mots) if (autres.has(m)) communs++;
  return communs / (mots.size + autres.size - communs);
}

/** Communes whose best key is exactly `cle` (official name, name without article, or a former name). */
function nomExact(ref: Referentiel, cle: string): Commune[] {
  const entrees = [cle, sansArticle(cle)].flatMap((k) => (k ? ref.index().exact(k) : []));
  if (!entrees.length) return [];
  const rang = Math.min(...entrees.map((e) => e.rang));
  return [...new Set(entrees.filter((e) => e.rang === rang).map((e) => e.commune))];
}

/** The département(s) a postcode belongs to in general (a few communes near a border are exceptions). */
function departementsDuCodePostal(cp: string): string[] {
  if (cp.startsWith('20')) return ['2A', '2B'];
  if (cp.startsWith('97') || cp.startsWith('98')) return [cp.slice(0, 3)];
  return [cp.slice(0, 2)];
}

function arrondissementDuCodePostal(ref: Referentiel, commune: Commune, cp: string): Commune {
  const arrondissements = ref.arrondissementsDe(commune.code).filter((a) => a.codesPostaux.includes(cp));
  return arrondissements.length === 1 ? arrondissements[0]! : commune;
}
