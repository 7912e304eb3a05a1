/**
 * The score of a pair: a sum of points, one line per signal, kept with the pair so that every merge (and every
 * refusal) can be explained. Weights and thresholds are in POIDS / SEUILS and documented in docs/dedoublonnage.md;
 * the evaluation (evaluation/*.test.ts) fails if a change makes precision or recall drop below target.
 */
import { distanceEdition } from './normalisation.ts';
import { distanceMetres, type Traits } from './traits.ts';
import type { Signal } from './types.ts';

export const SEUILS = {
  /** A pair at or above this score is a duplicate. */
  paire: 5,
  /** Joining two groups needs every cross pair at or above this (complete linkage), see clusters.ts. */
  groupe: 3,
} as const;

/** Same word allowing typos: 1 edit from 4 letters, 2 from 8; or an abbreviation (prefix of 3+ letters). */
export function motsProches(a: string, b: string): boolean {
  if (a === b) return true;
  const court = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  if (court.length >= 3 && long.startsWith(court) && !/^\d/.test(court)) return true;
  if (court.length < 4 || /\d/.test(a) || /\d/.test(b)) return false;
  return distanceEdition(a, b, long.length >= 8 ? 2 : 1) <= (long.length >= 8 ? 2 : 1);
}

/** Dice coefficient over words, a word of A matching at most one word of B. */
export function similariteMots(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const pris = new Uint8Array(b.length);
  let communs = 0;
  for (const x of a) {
    for (let j = 0; j < b.length; j++) {
      if (!pris[j] && motsProches(x, b[j]!)) {
        pris[j] = 1;
        communs++;
        break;
      }
    }
  }
  return (2 * communs) / (a.length + b.length);
}

/** Kinds of places a commune has only one of: "Mairie de X" and "MAIRIE X" in the same commune are one place. */
const UNIQUES_PAR_COMMUNE = new Set(['mairie', 'franceservices', 'ccas', 'cdc']);

/** "FLEP" among the words of one name and "Foyer Laïque d'Éducation Permanente" as the other. */
function sigle(a: Traits, b: Traits): boolean {
  return (b.initiales.length >= 3 && a.propres.includes(b.initiales)) || (a.initiales.length >= 3 && b.propres.includes(a.initiales));
}

const intersecte = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** Adds one explained signal when explanations are wanted; the detail text is only built then. */
function note(s: Signal[] | null, signal: string, points: number, detail: (() => string) | null): number {
  // `s && (() => …)` at the call sites: no closure is even created on the fast path (millions of pairs).
  if (s && detail) s.push({ signal, points, detail: detail() });
  return points;
}

function signalNom(a: Traits, b: Traits, s: Signal[] | null): number {
  let t = 0;
  const typesConnus = a.types.length > 0 && b.types.length > 0;
  const accord = typesConnus && intersecte(a.types, b.types);
  if (typesConnus && !accord) {
    t += note(s, 'name', -9, s && (() => `genres de lieux différents (${a.types.join(', ')} / ${b.types.join(', ')})`));
  } else if (accord) {
    t += note(s, 'name', 1, s && (() => `même genre de lieu (${a.types.filter((x) => b.types.includes(x)).join(', ')})`));
  }
  if (a.propres.length > 0 && b.propres.length > 0) {
    const sim = Math.max(similariteMots(a.propres, b.propres), sigle(a, b) ? 0.75 : 0);
    const points = sim >= 0.99 ? 4 : sim >= 0.74 ? 3 : sim >= 0.5 ? 1 : sim > 0 ? -2 : -4;
    t += note(s, 'name', points, s && (() => `noms propres « ${a.propres.join(' ')} » / « ${b.propres.join(' ')} » : ${sim.toFixed(2)}`));
  } else if (a.propres.length === 0 && b.propres.length === 0) {
    // "Mairie de Jarnac" / "MAIRIE JARNAC": nothing but the kind and the commune — equal when the kind agrees.
    const unique = accord && a.types.some((x) => UNIQUES_PAR_COMMUNE.has(x) && b.types.includes(x)) && a.commune === b.commune;
    const memesMots = a.generiques !== '' && a.generiques === b.generiques;
    t += note(s, 'name', unique ? 4 : accord || memesMots ? 2 : 0, s && (() =>
      unique ? `noms réduits au même genre unique dans la commune (${a.types.filter((x) => b.types.includes(x)).join(', ')})`
        : memesMots ? `mêmes mots descriptifs « ${a.generiques} »` : 'noms réduits au genre et à la commune'));
  } else {
    // "La Poste communale" / "OMEGA - Soyaux": one name says which place, the other only what kind.
    t += note(s, 'name', accord ? -1 : -2, s && (() => 'un seul des noms porte un nom propre'));
  }
  return t;
}

function signalAdresse(a: Traits, b: Traits, s: Signal[] | null): number {
  let t = 0;
  if (a.numero && b.numero) {
    if (a.numero === b.numero) t += note(s, 'address', 1, s && (() => `même numéro ${a.numero}`));
    else t += note(s, 'address', -1.5, s && (() => `numéros différents ${a.numero} / ${b.numero}`));
  }
  if (a.rue.length > 0 && b.rue.length > 0) {
    const sim = similariteMots(a.rue, b.rue);
    const points = sim >= 0.79 ? 2 : sim >= 0.5 ? 1 : sim >= 0.3 ? 0 : -1;
    t += note(s, 'address', points, s && (() => `voies « ${a.rue.join(' ')} » / « ${b.rue.join(' ')} » : ${sim.toFixed(2)}`));
  }
  return t;
}

function signalLieu(a: Traits, b: Traits, s: Signal[] | null): number {
  let t = 0;
  const memeCommune = a.commune === b.commune || a.codePostal === b.codePostal || (a.codeInsee !== null && a.codeInsee === b.codeInsee);
  if (!memeCommune) t += note(s, 'commune', -4, s && (() => `communes différentes (${a.commune} ${a.codePostal} / ${b.commune} ${b.codePostal})`));
  if (!a.aCoordonnees || !b.aCoordonnees) {
    // Never a match by itself: an absent position proves nothing (mednum-cli counted it as distance 0).
    return t + note(s, 'distance', 0, s && (() => 'coordonnées absentes : pas de point'));
  }
  const d = distanceMetres(a, b);
  const points = d <= 30 ? 3 : d <= 150 ? 2 : d <= 400 ? 1 : d <= 1_000 ? 0 : d <= 5_000 ? -2 : -5;
  return t + note(s, 'distance', points, s && (() => `${Math.round(d)} m`));
}

function signalIdentifiants(a: Traits, b: Traits, s: Signal[] | null): number {
  let t = 0;
  if (a.pivot && b.pivot) {
    if (a.pivot === b.pivot) t += note(s, 'siret', 2, s && (() => `même pivot ${a.pivot}`));
    // Same company, another establishment (the SIRET's last five digits): usually another site.
    else if (a.pivot.slice(0, 9) === b.pivot.slice(0, 9)) t += note(s, 'siret', -1.5, s && (() => `même SIREN ${a.pivot!.slice(0, 9)}, établissements différents`));
    else t += note(s, 'siret', -1, s && (() => `pivots différents ${a.pivot} / ${b.pivot}`));
  }
  // A phone or an address shared by a mediator who holds several permanences: strong, not decisive.
  if (a.telephone && a.telephone === b.telephone) t += note(s, 'phone', 2, s && (() => `même téléphone ${a.telephone}`));
  if (intersecte(a.courriels, b.courriels)) t += note(s, 'email', 2, s && (() => 'même courriel'));
  if (intersecte(a.domaines, b.domaines)) t += note(s, 'website', 1, s && (() => `même site ${a.domaines.find((d) => b.domaines.includes(d))}`));
  if (a.typologie.length > 0 && b.typologie.length > 0) {
    if (intersecte(a.typologie, b.typologie)) t += note(s, 'typology', 0.5, s && (() => 'typologies communes'));
    else t += note(s, 'typology', -1, s && (() => `typologies différentes ${a.typologie.join('|')} / ${b.typologie.join('|')}`));
  }
  if (a.source === b.source) t += note(s, 'source', -1, s && (() => 'même source (doublon interne moins probable)'));
  return t;
}

export interface Evaluation {
  score: number;
  signaux: Signal[];
}

/** The score alone, for the millions of candidate pairs that are not kept (no text is built). */
export function scoreRapide(a: Traits, b: Traits): number {
  return signalNom(a, b, null) + signalAdresse(a, b, null) + signalLieu(a, b, null) + signalIdentifiants(a, b, null);
}

/** The score with its explanation, one line per signal. */
export function scorerPaire(a: Traits, b: Traits): Evaluation {
  const signaux: Signal[] = [];
  const score = signalNom(a, b, signaux) + signalAdresse(a, b, signaux) + signalLieu(a, b, signaux) + signalIdentifiants(a, b, signaux);
  return { score, signaux };
}
