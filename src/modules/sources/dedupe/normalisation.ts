/**
 * Comparison forms of the fields the dedupe looks at. Everything here is pure and cheap: it runs once per record
 * (traits.ts), never once per pair. The word lists are the whole "knowledge" of the matcher about French place
 * names; docs/dedoublonnage.md explains each list.
 */
import { normaliserTexte } from '../../../lib/texte.ts';

/** Abbreviations seen in producers' files, expanded before comparing (names and addresses). */
const ABREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['av', 'avenue'], ['ave', 'avenue'], ['bd', 'boulevard'], ['bld', 'boulevard'], ['blvd', 'boulevard'],
  ['boul', 'boulevard'], ['pl', 'place'], ['ch', 'chemin'], ['chem', 'chemin'], ['imp', 'impasse'],
  ['all', 'allee'], ['rte', 'route'], ['fg', 'faubourg'], ['fbg', 'faubourg'], ['sq', 'square'], ['crs', 'cours'],
  ['r', 'rue'], ['qu', 'quai'], ['res', 'residence'], ['resid', 'residence'], ['lot', 'lotissement'],
  ['mediatheq', 'mediatheque'], ['media', 'mediatheque'], ['bib', 'bibliotheque'], ['bibli', 'bibliotheque'],
  ['biblio', 'bibliotheque'], ['asso', 'association'], ['ass', 'association'], ['ctre', 'centre'],
  ['cc', 'cdc'], ['mun', 'municipale'], ['munic', 'municipale'], ['dr', 'docteur'], ['gal', 'general'],
  ['mal', 'marechal'], ['pdt', 'president'], ['fs', 'franceservices'], ['mfs', 'franceservices'], ['msap', 'franceservices'],
]);

/** Multi-word names of kinds of places, folded to one token before splitting (order matters: longest first). */
const EXPRESSIONS: readonly (readonly [string, RegExp, string])[] = [
  ['action', /\bcentre communal (?:d )?action sociale\b/g, 'ccas'],
  ['public', /\bespace public numerique\b/g, 'epn'],
  ['france', /\b(?:maison |espace |point )?france services?\b/g, 'franceservices'],
  ['maison', /\bmaison de services au public\b/g, 'franceservices'],
  ['communaute', /\bcommunaute (?:de )?(?:communes|d agglomeration|urbaine)\b/g, 'cdc'],
  ['centre', /\bcentre (?:socio )?(?:social|culturel|socioculturel)\b/g, 'centresocial'],
  ['hotel', /\bhotel de ville\b/g, 'mairie'],
  ['tiers', /\btiers lieux?\b/g, 'tierslieu'],
  ['jeunes', /\bmaison des jeunes et de la culture\b/g, 'mjc'],
  ['mission', /\bmission locale\b/g, 'missionlocale'],
  ['emploi', /\bpole emploi\b/g, 'francetravail'],
  ['travail', /\bfrance travail\b/g, 'francetravail'],
  ['poste', /\bla poste\b/g, 'laposte'],
];

/** Grammatical words that say nothing about which place it is. */
const MOTS_VIDES = new Set([
  'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'a', 'au', 'aux', 'en', 'sur', 'sous', 'pour', 'un', 'une',
  'par', 'chez', 'the',
]);

/**
 * Kinds of places: two names whose kinds are both known and disjoint ("Mairie de Jarnac" / "Médiathèque de
 * Jarnac") are different places even at the same address with the same SIRET and phone — the most common
 * false merge in the field. Each word maps to its family (médiathèque and bibliothèque are one family).
 */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['mairie', 'mairie'], ['mediatheque', 'bibliotheque'], ['bibliotheque', 'bibliotheque'],
  ['franceservices', 'franceservices'], ['ccas', 'ccas'], ['cias', 'ccas'], ['epn', 'epn'], ['cyberbase', 'epn'],
  ['tierslieu', 'tierslieu'], ['fablab', 'tierslieu'], ['mjc', 'mjc'], ['cdc', 'cdc'], ['centresocial', 'centresocial'],
  ['missionlocale', 'missionlocale'], ['francetravail', 'francetravail'], ['laposte', 'laposte'], ['caf', 'caf'],
  ['ecole', 'enseignement'], ['college', 'enseignement'], ['lycee', 'enseignement'], ['universite', 'enseignement'],
  ['prefecture', 'etat'], ['souspref', 'etat'], ['emmaus', 'emmaus'], ['epicerie', 'epicerie'], ['ehpad', 'ehpad'],
  ['gendarmerie', 'gendarmerie'], ['cinema', 'cinema'], ['musee', 'musee'], ['ludotheque', 'ludotheque'], ['pij', 'pij'], ['bij', 'pij'],
]);

/** Words that describe rather than name ("municipale", "espace", "numérique"): ignored in both names. */
const MOTS_GENERIQUES = new Set([
  'municipale', 'municipal', 'intercommunale', 'intercommunal', 'communale', 'communal', 'departementale',
  'departemental', 'espace', 'espaces', 'centre', 'point', 'maison', 'salle', 'numerique', 'numeriques', 'association',
  'annexe', 'ville', 'agence', 'antenne', 'permanence', 'local', 'locaux', 'lieu', 'site', 'accueil', 'service',
  'services', 'public', 'publique', 'conseiller', 'conseillere', 'conseillers', 'mediation', 'inclusion',
  'informatique', 'multimedia', 'cyber', 'atelier', 'ateliers', 'bureau', 'siege', 'commune', 'mediateur',
  'mediatrice', 'aidant', 'aidants', 'quartier', 'quartiers', 'connect', 'cnfs', 'relais', 'reseau', 'structure', 'pole', 'tete',
]);

/** Levenshtein distance with an early exit once it exceeds `max` (we only ever ask "at most 1 or 2 edits?"). */
export function distanceEdition(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length > 62) return a === b ? 0 : max + 1;
  // Three rows in one small typed array, allocated per call (tiny): no shared mutable buffer.
  const w = b.length + 1;
  const lignes = new Int32Array(3 * w);
  let avant = 0;
  let prec = w;
  let cour = 2 * w;
  for (let j = 0; j < w; j++) lignes[prec + j] = j;
  for (let i = 1; i <= a.length; i++) {
    lignes[cour] = i;
    let minLigne = i;
    for (let j = 1; j < w; j++) {
      let v = Math.min(lignes[prec + j]! + 1, lignes[cour + j - 1]! + 1, lignes[prec + j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      // Optimal string alignment: a swap of two neighbouring letters ("serviecs") counts as one edit.
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, lignes[avant + j - 2]! + 1);
      }
      lignes[cour + j] = v;
      if (v < minLigne) minLigne = v;
    }
    if (minLigne > max) return max + 1;
    const libre = avant;
    avant = prec;
    prec = cour;
    cour = libre;
  }
  return lignes[prec + b.length]!;
}

/**
 * The words the lists above are made of, and the words of the kinds' long names: a typo in one of them
 * ("Bibliothèqeu", "France Serviecs", "Espace pulic numérique") is corrected before the lists are consulted,
 * otherwise the typo would turn a descriptive word into a "proper" word and split the pair.
 */
const VOCABULAIRE: readonly string[] = [...new Set([
  ...TYPES.keys(), ...MOTS_GENERIQUES, ...ABREVIATIONS.values(),
  'public', 'france', 'services', 'communal', 'action', 'sociale', 'social', 'culturel', 'socioculturel',
  'communaute', 'communes', 'agglomeration', 'jeunes', 'culture', 'mission', 'locale', 'emploi', 'travail',
  'poste', 'hotel', 'ville', 'tiers', 'lieux',
])].filter((m) => m.length >= 5);

const EST_VOCABULAIRE = new Set(VOCABULAIRE);

/**
 * Symmetric-delete index: every vocabulary word with one letter removed. A word one edit away from a vocabulary
 * word (a letter dropped, added, changed, or two letters swapped) shares a one-deletion form with it, so a typo is
 * found with a few Map lookups instead of an edit distance against the whole list.
 */
const PAR_SUPPRESSION = new Map<string, string>();
for (const v of VOCABULAIRE) {
  for (let i = 0; i < v.length; i++) {
    const forme = v.slice(0, i) + v.slice(i + 1);
    if (!PAR_SUPPRESSION.has(forme)) PAR_SUPPRESSION.set(forme, v);
  }
}
const LONGS = VOCABULAIRE.filter((v) => v.length >= 9);

const CORRECTIONS = new Map<string, string>();

export function corriger(mot: string): string {
  if (mot.length < 5 || EST_VOCABULAIRE.has(mot) || /\d/.test(mot)) return mot;
  const connu = CORRECTIONS.get(mot);
  if (connu !== undefined) return connu;
  let sortie: string | undefined = PAR_SUPPRESSION.get(mot) ?? (EST_VOCABULAIRE.has(mot) ? mot : undefined);
  for (let i = 0; sortie === undefined && i < mot.length; i++) {
    const forme = mot.slice(0, i) + mot.slice(i + 1);
    sortie = EST_VOCABULAIRE.has(forme) ? forme : PAR_SUPPRESSION.get(forme);
  }
  // Long words may carry two typos ("bibliothqeue"): checked by edit distance, against the long words only.
  if (sortie === undefined && mot.length >= 8) sortie = LONGS.find((v) => v[0] === mot[0] && distanceEdition(mot, v, 2) <= 2);
  // Short words: one edit must not turn a proper name into a list word ("moulin" is not "moulins"): same initial.
  if (sortie !== undefined && sortie[0] !== mot[0]) sortie = undefined;
  sortie ??= mot;
  // A memo of a pure function, bounded so that a million distinct words cannot grow it without limit.
  if (CORRECTIONS.size < 200_000) CORRECTIONS.set(mot, sortie);
  return sortie;
}

export function developper(mot: string): string {
  return ABREVIATIONS.get(mot) ?? corriger(mot);
}

function motsNormalises(texte: string): string[] {
  // Expand abbreviations and fix typos first so that "av." / "bd" / "Média." reach the expressions and lists.
  let mots = normaliserTexte(texte).split(' ').map(developper);
  // Each expression is tried only when its key word is present: most names contain none of them.
  let t: string | null = null;
  for (const [cle, motif, remplacement] of EXPRESSIONS) {
    if (!mots.includes(cle)) continue;
    t ??= mots.join(' ');
    t = t.replace(motif, remplacement);
  }
  if (t !== null) mots = t.split(' ');
  return mots.filter((m) => m !== '' && !MOTS_VIDES.has(m));
}

/** The words of a commune's name, as analyserNom and analyserAdresse compare them. */
export function motsDeCommune(commune: string): string[] {
  return normaliserTexte(commune).split(' ');
}

export interface NomAnalyse {
  /** The words that name this very place (neither grammar, nor kind, nor description, nor its commune). */
  propres: string[];
  /** The descriptive words, sorted ("Atelier informatique de X": when nothing else names the place, they do). */
  generiques: string;
  /** First letters of the words that are not kinds ("Foyer Laïque d'Éducation Permanente" → "flep"), for acronyms. */
  initiales: string;
  /** Families of kinds of places named (see TYPES). */
  types: string[];
}

/**
 * "Médiathèque municipale de Châteaubernard" in 16100 Châteaubernard → { propres: [], types: ['bibliotheque'] };
 * "Espace France Services - Mairie d'Aigre" → { propres: [], types: ['franceservices', 'mairie'] }.
 * The commune's own words are removed: every place of a commune may carry them, so they tell nothing apart.
 */
export function analyserNom(nom: string, commune: string, motsCommune = motsDeCommune(commune)): NomAnalyse {
  const propres: string[] = [];
  const generiques = new Set<string>();
  const types = new Set<string>();
  let initiales = '';
  for (const mot of motsNormalises(nom)) {
    const type = TYPES.get(mot);
    if (!type) initiales += mot[0];
    if (type) types.add(type);
    else if (MOTS_GENERIQUES.has(mot)) generiques.add(mot);
    else if (!deLaCommune(mot, motsCommune)) propres.push(mot);
  }
  return { propres: [...new Set(propres)], generiques: [...generiques].sort().join(' '), initiales, types: [...types].sort() };
}

/**
 * A word of the commune's name, or a word built on it ("Rouillacais" in Rouillac, "Blanzac" in
 * Coteaux-du-Blanzacais): five letters in common at the start are enough, shorter words must be equal.
 */
function deLaCommune(mot: string, motsCommune: readonly string[]): boolean {
  for (const c of motsCommune) {
    if (c === mot) return true;
    if (c.length >= 5 && mot.length >= 5 && (mot.startsWith(c) || c.startsWith(mot))) return true;
  }
  return false;
}

export interface AdresseAnalysee {
  numero: string | null;
  mots: string[];
}

/** "12 bis, av. du Général de Gaulle" → { numero: '12b', mots: ['avenue', 'general', 'gaulle'] }. */
export function analyserAdresse(adresse: string, commune = '', motsCommune = motsDeCommune(commune)): AdresseAnalysee {
  // Producers often repeat the postcode and commune in the address line ("… 16800 SOYAUX"): not a street word.
  const mots = motsNormalises(adresse).filter((m) => !motsCommune.includes(m));
  let numero: string | null = null;
  const reste: string[] = [];
  for (let i = 0; i < mots.length; i++) {
    const m = mots[i]!;
    if (numero === null && /^\d+[a-z]?$/.test(m)) {
      numero = m;
      const suivant = mots[i + 1];
      if (suivant === 'bis' || suivant === 'ter' || suivant === 'b' || suivant === 't') {
        numero += suivant[0];
        i++;
      }
    } else if (!/^\d+$/.test(m) && m !== 'bis' && m !== 'ter') {
      reste.push(m);
    }
  }
  return { numero, mots: [...new Set(reste)] };
}

/** National significant number (the 9 digits after the trunk 0 or the +33), or null; overseas codes are kept. */
export function cleTelephone(telephone: string | null): string | null {
  if (!telephone) return null;
  let n = telephone.replace(/\D/g, '');
  if (n.startsWith('0033')) n = n.slice(4);
  else if (n.startsWith('33') && n.length === 11) n = n.slice(2);
  else if (n.startsWith('0') && n.length === 10) n = n.slice(1);
  return n.length >= 6 ? n : null;
}

/** 14-digit SIRET or 9-digit SIREN or RNA, spaces removed; the all-zero placeholder means "unknown" (null). */
export function clePivot(pivot: string | null): string | null {
  if (!pivot) return null;
  const p = pivot.replace(/[\s\u00a0.]/g, '').toUpperCase();
  if (/^0+$/.test(p) || p.length < 9) return null;
  return p;
}

/** Hosts shared by unrelated places: a match on them says nothing. */
const HOTES_PARTAGES = [
  'facebook.com', 'fb.com', 'google.com', 'google.fr', 'wixsite.com', 'pagesjaunes.fr', 'linktr.ee',
  'instagram.com', 'gouv.fr', 'service-public.fr', 'conseiller-numerique.fr', 'aidantsconnect.beta.gouv.fr',
  'wordpress.com', 'jimdo.com', 'jimdofree.com', 'over-blog.com', 'blogspot.com', 'linkedin.com', 'twitter.com',
  'x.com', 'youtube.com', 'e-monsite.com', 'solidarite-numerique.fr', 'lesbonsclics.fr', 'emmaus-connect.org',
  'lamednum.coop', 'francetravail.fr', 'pole-emploi.fr', 'caf.fr', 'laposte.fr', 'doctolib.fr', 'calendly.com',
];

export function domaineSite(url: string): string | null {
  // The host is all we need: a regular expression is ten times cheaper than new URL() on every record.
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?([^/?#:\s]+)/i.exec(url.trim());
  if (!m) return null;
  const hote = m[1]!.toLowerCase().replace(/^www\d?\./, '').replace(/\.$/, '');
  if (!hote.includes('.')) return null;
  if (HOTES_PARTAGES.some((h) => hote === h || hote.endsWith(`.${h}`))) return null;
  return hote;
}
