import OpeningHours from 'opening_hours';
import type { Issue } from '../../../errors.ts';
import { champsVides, type Champ, type LieuStandard } from './lieu.ts';
import { cite, plusProche, probleme, texteDe } from './messages.ts';
import { lireCourriel, lireDate, lireNombre, lirePivot, lireTelephone, lireUrl, type Lecture } from './normalisation.ts';
import { CHAMPS, CORRECTIONS_SCHEMA, DEFINITIONS, valeurAutorisee, type DefinitionChamp } from './schema.ts';
import type { OptionsValidation, ResultatValidation } from './types.ts';

interface Contexte {
  ligne: number | undefined;
  issues: Issue[];
  avertissements: Issue[];
  aujourdhui: Date;
  codePostal: string | null;
}

/** null, undefined, '' and whitespace-only text all mean "absent". */
function absent(valeur: unknown): boolean {
  return valeur === null || valeur === undefined || (typeof valeur === 'string' && valeur.trim() === '');
}

/** Each closed field's allowed values, for an exact match without walking the list. */
const VALEURS_EXACTES = new Map<Champ, ReadonlySet<string>>(CHAMPS.flatMap((c) => (DEFINITIONS[c].valeurs ? [[c, new Set(DEFINITIONS[c].valeurs)] as const] : [])));

/** Tolerant matching of a closed value: exact, the schema's misspelling, then case/accent-insensitive. */
function lireValeurEnumeree(def: DefinitionChamp, valeur: string): Lecture<string> {
  const valeurs = def.valeurs ?? [];
  if (VALEURS_EXACTES.get(def.nom)?.has(valeur)) return { ok: true, valeur };
  const corrigee = CORRECTIONS_SCHEMA[def.nom]?.[valeur];
  if (corrigee) return { ok: true, valeur: corrigee };
  const proche = valeurAutorisee(def.nom, valeur);
  if (proche) return { ok: true, valeur: proche, note: `valeur « ${valeur} » lue comme « ${proche} »` };
  const suggestion = plusProche(valeur, valeurs);
  return {
    ok: false,
    raison:
      `la valeur ${cite(valeur)} n'est pas dans la liste du standard. Valeurs possibles : ${valeurs.join(' ; ')}.` +
      (suggestion ? ` Vouliez-vous dire « ${suggestion} » ?` : ''),
  };
}

function lireElement(def: DefinitionChamp, valeur: string): Lecture<string> {
  if (def.valeurs) return lireValeurEnumeree(def, valeur);
  if (def.nom === 'courriels') return lireCourriel(valeur);
  if (def.nom === 'site_web') return lireUrl(valeur);
  return { ok: true, valeur };
}

const CLE_ELEMENT: Partial<Record<Champ, string>> = { courriels: 'email', site_web: 'url' };

function lireListe(def: DefinitionChamp, brut: unknown, ctx: Contexte): string[] | null {
  const morceaux = Array.isArray(brut) ? brut.map(texteDe) : texteDe(brut).split('|');
  const resultat: string[] = [];
  for (const morceau of morceaux) {
    const element = morceau.trim();
    if (element === '') continue;
    const lu = lireElement(def, element);
    if (!lu.ok) {
      ctx.issues.push(probleme(def.valeurs ? 'enum' : (CLE_ELEMENT[def.nom] ?? 'pattern'), def.nom, element, lu.raison, ctx.ligne));
      continue;
    }
    if (lu.note) ctx.avertissements.push(probleme('normalized', def.nom, element, lu.note, ctx.ligne));
    if (!resultat.includes(lu.valeur)) resultat.push(lu.valeur);
  }
  return resultat.length ? resultat : null;
}

/** The library's message for the first error only (it appends every advice it had to the thrown string). */
function premiereErreur(erreur: unknown): string {
  const texte = erreur instanceof Error ? erreur.message : String(erreur);
  return (/^.*?<--- \(.*?\)(?=\s|$)/s.exec(texte)?.[0] ?? texte).split('\n')[0]!;
}

type AnalyseHoraires = { conseils: string[] } | { erreur: string };

// The library costs ~0.1–0.3 ms per string, and a register repeats a few hundred patterns over thousands of
// rows (it was half the CPU of a 100 k-row import). The analysis is a pure function of the text, so it is
// memoised; the bound keeps a file of all-different strings from growing it without limit.
const MEMO_HORAIRES = new Map<string, AnalyseHoraires>();
const MEMO_HORAIRES_MAX = 10_000;

function analyserHoraires(valeur: string): AnalyseHoraires {
  const connue = MEMO_HORAIRES.get(valeur);
  if (connue) return connue;
  const analyse = analyserHorairesSansMemo(valeur);
  if (MEMO_HORAIRES.size >= MEMO_HORAIRES_MAX) MEMO_HORAIRES.clear();
  MEMO_HORAIRES.set(valeur, analyse);
  return analyse;
}

function analyserHorairesSansMemo(valeur: string): AnalyseHoraires {
  try {
    // mode 0 = time ranges only, the standard's meaning; the library's warnings are advice, not errors.
    return { conseils: new OpeningHours(valeur, null, 0).getWarnings() };
  } catch (erreur) {
    return { erreur: premiereErreur(erreur) };
  }
}

/** « 9h-12h30 » → « 09:00-12:30 »: the French way of writing times, which the library refuses with minutes. */
const heuresFrancaises = (valeur: string): string =>
  valeur.replace(/\b(\d{1,2})h(\d{2})?\b/g, (_, h: string, m?: string) => `${h.padStart(2, '0')}:${m ?? '00'}`);

function lireHoraires(valeur: string, ctx: Contexte): string | null {
  const analyse = analyserHoraires(valeur);
  if ('conseils' in analyse) {
    if (analyse.conseils.length) {
      ctx.avertissements.push(
        probleme('opening_hours_warning', 'horaires', valeur, `horaires lisibles mais à améliorer : ${analyse.conseils[0]}`, ctx.ligne),
      );
    }
    return valeur;
  }
  const reecrite = heuresFrancaises(valeur);
  if (reecrite !== valeur) {
    const seconde = analyserHoraires(reecrite);
    if ('conseils' in seconde && seconde.conseils.length === 0) {
      ctx.avertissements.push(probleme('normalized', 'horaires', valeur, `heures réécrites au format OpenStreetMap « ${reecrite} »`, ctx.ligne));
      return reecrite;
    }
  }
  ctx.issues.push(
    probleme(
      'opening_hours',
      'horaires',
      valeur,
      `horaires illisibles au format OpenStreetMap opening_hours (ex. « Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00 ») — analyse : ${analyse.erreur}`,
      ctx.ligne,
    ),
  );
  return null;
}

function accepter<T>(def: DefinitionChamp, valeur: string, lu: Lecture<T>, cle: string, ctx: Contexte): T | null {
  if (!lu.ok) {
    ctx.issues.push(probleme(cle, def.nom, valeur, lu.raison, ctx.ligne));
    return null;
  }
  if (lu.note) {
    const cleNote = def.nom === 'pivot' && /^0+$/.test(valeur.trim()) ? 'pivot_unknown' : 'normalized';
    ctx.avertissements.push(probleme(cleNote, def.nom, valeur, lu.note, ctx.ligne));
  }
  return lu.valeur;
}

function lireScalaire(def: DefinitionChamp, brut: unknown, ctx: Contexte): string | number | null {
  if (Array.isArray(brut) && brut.length > 1) {
    ctx.issues.push(probleme('type', def.nom, brut, 'une seule valeur attendue, pas une liste', ctx.ligne));
    return null;
  }
  const unique: unknown = Array.isArray(brut) ? brut[0] : brut;
  if (typeof unique === 'object' && unique !== null) {
    ctx.issues.push(probleme('type', def.nom, unique, 'texte attendu', ctx.ligne));
    return null;
  }
  if (def.type === 'number') return accepter(def, texteDe(unique), lireNombre(unique), 'number', ctx);
  const valeur = texteDe(unique).trim();
  if (absent(valeur)) return null;
  switch (def.nom) {
    case 'date_maj':
      return accepter(def, valeur, lireDate(valeur, ctx.aujourdhui), 'date', ctx);
    case 'telephone':
      return accepter(def, valeur, lireTelephone(valeur, ctx.codePostal, def.motif!), 'phone', ctx);
    case 'pivot':
      return accepter(def, valeur, lirePivot(valeur, def.motif!), 'siret', ctx);
    case 'fiche_acces_libre':
    case 'prise_rdv':
      return accepter(def, valeur, lireUrl(valeur), 'url', ctx);
    case 'horaires':
      return lireHoraires(valeur, ctx);
  }
  let texte = valeur;
  if (def.nom === 'code_postal' && /^\d{2}\s\d{3}$/.test(texte)) texte = texte.replace(/\s/, '');
  // A JSON number loses the leading zero of 01000 or of INSEE 01053: put it back, and say so.
  if ((def.nom === 'code_postal' || def.nom === 'code_insee') && typeof unique === 'number' && /^\d{4}$/.test(texte)) {
    texte = `0${texte}`;
    ctx.avertissements.push(probleme('normalized', def.nom, valeur, `nombre sans son zéro initial, lu comme « ${texte} »`, ctx.ligne));
  }
  if (def.motif && !def.motif.test(texte)) {
    const attendu = def.nom === 'code_postal' ? '5 chiffres' : def.nom === 'code_insee' ? 'code officiel géographique à 5 caractères (ex. 51454, 2A004)' : `motif ${def.motif.source}`;
    ctx.issues.push(probleme('pattern', def.nom, valeur, `valeur ${cite(valeur)} invalide : ${attendu} attendu`, ctx.ligne));
    return null;
  }
  // Characters are code points; a text no longer than the limit in UTF-16 units is within it in code points.
  if (def.longueurMax !== null && texte.length > def.longueurMax && [...texte].length > def.longueurMax) {
    ctx.issues.push(
      probleme('max_length', def.nom, valeur, `${[...texte].length} caractères, ${def.longueurMax} au maximum`, ctx.ligne),
    );
    return null;
  }
  return texte;
}

function verifierCoordonnees(lieu: Record<string, unknown>, ctx: Contexte): void {
  const { latitude, longitude } = lieu;
  if (typeof latitude === 'number' && (latitude < -90 || latitude > 90)) {
    ctx.issues.push(probleme('range', 'latitude', latitude, `${latitude} hors de l'intervalle −90 à 90`, ctx.ligne));
  }
  if (typeof longitude === 'number' && (longitude < -180 || longitude > 180)) {
    ctx.issues.push(probleme('range', 'longitude', longitude, `${longitude} hors de l'intervalle −180 à 180`, ctx.ligne));
  }
  const illisible = ctx.issues.some((i) => i.field === 'latitude' || i.field === 'longitude');
  if (!illisible && (latitude === null) !== (longitude === null)) {
    const manquant = latitude === null ? 'latitude' : 'longitude';
    ctx.issues.push(probleme('coordinates', manquant, null, 'latitude et longitude vont ensemble : renseigner les deux ou aucune', ctx.ligne));
  }
}

/**
 * Validates one row already expressed with the standard's field names (see versStandardV1 for older formats).
 * Returns the place when there is no error; warnings never reject a row.
 */
export function validerLieu(brut: Record<string, unknown>, ligne?: number, options: OptionsValidation = {}): ResultatValidation {
  const codePostalBrut = brut.code_postal;
  const ctx: Contexte = {
    ligne,
    issues: [],
    avertissements: [],
    aujourdhui: options.aujourdhui ?? new Date(),
    codePostal: absent(codePostalBrut) ? null : texteDe(codePostalBrut).trim(),
  };
  for (const cle of Object.keys(brut)) {
    if (!Object.hasOwn(DEFINITIONS, cle) && !absent(brut[cle])) {
      ctx.avertissements.push(probleme('unknown_field', cle, brut[cle], 'colonne hors standard, non validée', ligne));
    }
  }
  const lieu: Record<string, unknown> = champsVides(null);
  for (const champ of CHAMPS) {
    const def = DEFINITIONS[champ];
    const brute = brut[champ];
    const vide = absent(brute) || (Array.isArray(brute) && brute.every(absent));
    const valeur = vide ? null : def.liste ? lireListe(def, brute, ctx) : lireScalaire(def, brute, ctx);
    if (vide && def.obligatoire) {
      ctx.issues.push(probleme('required', champ, null, 'champ obligatoire absent ou vide', ligne));
    }
    lieu[champ] = valeur;
  }
  verifierCoordonnees(lieu, ctx);
  return {
    lieu: ctx.issues.length ? null : (lieu as unknown as LieuStandard),
    issues: ctx.issues,
    avertissements: ctx.avertissements,
  };
}

/** File-level rule of the standard: `id` is unique. One issue per repeated occurrence, naming the first line. */
export function doublonsIdentifiants(lignes: readonly { id: unknown; ligne?: number }[]): Issue[] {
  const vus = new Map<string, number | undefined>();
  const issues: Issue[] = [];
  for (const { id, ligne } of lignes) {
    if (absent(id)) continue;
    const cle = texteDe(id).trim();
    if (vus.has(cle)) {
      const premiere = vus.get(cle);
      const ou = premiere === undefined ? 'plus haut' : `ligne ${premiere}`;
      issues.push(probleme('duplicate_id', 'id', cle, `identifiant ${cite(cle)} déjà utilisé ${ou} : il doit être unique dans le fichier`, ligne));
    } else {
      vus.set(cle, ligne);
    }
  }
  return issues;
}
