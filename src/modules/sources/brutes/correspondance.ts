/**
 * Declarative mapping of a producer's raw file onto the standard: for each standard field, the column it comes
 * from (with an optional reading), and per enumerated field the table of the producer's local values. A new
 * source is a new entry in sources-brutes.ts, no new code (docs/dedoublonnage.md, « Ajouter une source »).
 */
import type { Issue } from '../../../errors.ts';
import { horairesVersOsm } from './horaires.ts';

type Ligne = Record<string, unknown>;

/** A column name, or a function of the whole row (for split or combined columns). */
export type Regle = string | ((ligne: Ligne) => unknown);

export interface CorrespondanceSource {
  cle: string;
  nom: string;
  producteur: string;
  licence: string;
  /** Name of the copy in data/sources-brutes/. */
  fichier: string;
  /** date_maj for rows that have none: the file's publication date (stated in data/README.md). */
  dateParDefaut: string;
  /** Rows the producer marks as closed or hidden are skipped (counted in the report). */
  ignorer?: (ligne: Ligne) => boolean;
  champs: Record<string, Regle>;
  /** Free-text hours column: parsed into `horaires` when possible, else kept as `horaires_texte` (outside the standard). */
  horaires?: string;
  /** Local value → standard values, per field (values are split on | ; / , before lookup; case and accents ignored). */
  valeurs?: Record<string, Record<string, readonly string[]>>;
}

export interface LigneCorrespondue {
  champs: Record<string, unknown>;
  issues: Issue[];
  avertissements: Issue[];
}

const cle = (v: string) => v.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
const vide = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export function appliquer(c: CorrespondanceSource, ligne: Ligne, numero: number): LigneCorrespondue {
  const champs: Record<string, unknown> = {};
  const issues: Issue[] = [];
  const avertissements: Issue[] = [];
  for (const [champ, regle] of Object.entries(c.champs)) {
    const v = typeof regle === 'string' ? ligne[regle] : regle(ligne);
    if (!vide(v)) champs[champ] = typeof v === 'string' ? v.trim() : v;
  }
  champs.date_maj ??= c.dateParDefaut;
  champs.pivot ??= '00000000000000';
  champs.source = c.nom;
  for (const [champ, table] of Object.entries(c.valeurs ?? {})) {
    const brut = champs[champ];
    if (vide(brut)) continue;
    const index = new Map(Object.entries(table).map(([k, v]) => [cle(k), v]));
    const sortie = new Set<string>();
    const inconnues: string[] = [];
    for (const morceau of String(brut).split(/\s*[|;/]\s*/)) {
      if (!morceau) continue;
      const trouve = index.get(cle(morceau));
      if (trouve) for (const x of trouve) sortie.add(x);
      else inconnues.push(morceau);
    }
    if (sortie.size) champs[champ] = [...sortie];
    else delete champs[champ];
    if (inconnues.length) {
      // Kept outside the standard, never silently dropped.
      champs[`${champ}_origine`] = inconnues.join(' | ');
      avertissements.push({ key: 'unmapped_value', message: `valeur(s) locale(s) sans équivalent dans le standard, conservée(s) hors standard : ${inconnues.join(', ')}`, field: champ, line: numero });
    }
  }
  if (c.horaires && !vide(ligne[c.horaires])) {
    const texte = String(ligne[c.horaires]).trim();
    const lu = horairesVersOsm(texte);
    if (lu.ok) champs.horaires = lu.osm;
    else {
      champs.horaires_texte = texte;
      avertissements.push({ key: 'opening_hours_text', message: `horaires non convertis (${lu.raison}) : texte conservé hors standard`, field: 'horaires', line: numero, value: texte.slice(0, 120) });
    }
  }
  for (const requis of ['id', 'nom', 'commune', 'code_postal', 'adresse']) {
    if (vide(champs[requis])) issues.push({ key: 'required', message: `champ obligatoire « ${requis} » introuvable dans la ligne`, field: requis, line: numero });
  }
  return { champs, issues, avertissements };
}

/** "8 rue de la Boétie - 33000 Bordeaux" / "Mairie de Corscia 20224 CORSCIA" → street, postcode, commune. */
export function decouperAdresse(texte: unknown): { adresse: string; codePostal: string; commune: string } | null {
  if (typeof texte !== 'string') return null;
  const m = /^(.*?)[\s,–-]*\b(\d{5})\s+([^\d].*?)\s*$/.exec(texte.trim());
  if (!m) return null;
  return { adresse: m[1]!.trim() || m[3]!.trim(), codePostal: m[2]!, commune: m[3]!.trim() };
}

/** "475198,121680863" → 475198.121680863 (French decimal comma). */
export function nombreFrancais(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** Every e-mail address found in a cell ("a@x.fr - b@y.fr", "a@x.fr b@y.fr"), as a | list; null if none (a contact URL). */
export function courriels(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const trouves = v.match(/[^\s@,;<>()]+@[^\s@,;<>()]+\.[a-z]{2,}/gi);
  return trouves ? [...new Set(trouves)].join('|') : null;
}

/** The first phone number of a cell ("04 95 77 04 90 ou 06 08 41 15 48"), null for a short number (« 39 49 »);
 * mappings keep the whole cell outside the standard (`telephones_origine`). */
export function premierTelephone(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /(?:\+\d{2,3}[\s.]?|0)\d(?:[\s.-]?\d{2}){4}/.exec(v);
  return m ? m[0] : null;
}

/** A web address, or null for a description such as « page facebook : Commune de X » (not an address). */
export function siteWeb(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return /\s/.test(t) ? null : t;
}
