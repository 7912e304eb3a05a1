import type { Issue } from '../../../../errors.ts';
import { champsVides, type Champ } from '../lieu.ts';
import { cite, cleComparaison, probleme, texteDe } from '../messages.ts';
import { DEFINITIONS, valeurAutorisee } from '../schema.ts';
import type { FormatLieux, ResultatCorrespondance } from '../types.ts';
import { COLONNES_ANCIENNES, COLONNES_SANS_EQUIVALENT, type Colonne, type RegleValeur } from './tables.ts';

const vide = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.every(vide));

const estChampStandard = (nom: string): nom is Champ => Object.hasOwn(DEFINITIONS, nom);

// How a column's text is cut into values. No value of any closed list contains `;` (nor `,`, except one long
// v0.1 label of conditions_acces, a column the 2022 exports do not use), e-mail addresses and URLs contain no
// space, so these separators never cut a value in two. Each pattern is a set of separator characters, with or
// without whitespace as a separator too; the surrounding whitespace a pattern absorbs is trimmed anyway.
interface Decoupe {
  motif: RegExp;
  /** The separator characters (whitespace excepted). */
  signes: string;
  /** Whitespace separates values too. */
  blancs: boolean;
}
const decoupe = (motif: RegExp, signes: string, blancs: boolean): Decoupe => ({ motif, signes, blancs });
const COURRIELS = decoupe(/[|;,\s]+/, '|;,', true);
const SITES = decoupe(/\s*[|;]\s*|\s+/, '|;', true);
const BARRE_POINT_VIRGULE_VIRGULE = decoupe(/\s*[|;,]\s*/, '|;,', false);
const BARRE_POINT_VIRGULE = decoupe(/\s*[|;]\s*/, '|;', false);
const BARRE = decoupe(/\s*\|\s*/, '|', false);

function separateur(format: FormatLieux, cible: Champ, ancienne: boolean): Decoupe {
  const virgule = format === 'cnfs-2022' || format === 'cnfs-permanences-2022';
  if (cible === 'courriels') return COURRIELS;
  if (cible === 'site_web') return SITES;
  if (cible === 'typologie') return BARRE_POINT_VIRGULE_VIRGULE;
  if (DEFINITIONS[cible].valeurs || ancienne) return virgule ? BARRE_POINT_VIRGULE_VIRGULE : BARRE_POINT_VIRGULE;
  return BARRE;
}

const BLANC = /\s/;

/**
 * split(motif) → trim → drop empties. The usual cell (one value, or values cut by « | » only) is cut with a
 * plain split('|'), which gives the same pieces once trimmed: the regular expression is kept for the rest.
 */
function decouper(valeur: unknown, d: Decoupe): string[] {
  if (Array.isArray(valeur)) return valeur.map(texteDe).map((m) => m.trim()).filter((m) => m !== '');
  const texte = texteDe(valeur);
  let simple = !(d.blancs && BLANC.test(texte));
  for (let i = 0; simple && i < d.signes.length; i++) if (d.signes[i] !== '|' && texte.includes(d.signes[i]!)) simple = false;
  const morceaux = simple ? (d.signes.includes('|') ? texte.split('|') : [texte]) : texte.split(d.motif);
  const resultat: string[] = [];
  for (const m of morceaux) {
    const t = m.trim();
    if (t !== '') resultat.push(t);
  }
  return resultat;
}

/** Finds an old value's rule by its full label, then by the label before « : » (v0.1's long values). */
function regle(table: Readonly<Record<string, RegleValeur>>, valeur: string): RegleValeur | undefined {
  // Own keys only: the tables are object literals, and « constructor » or « __proto__ » would find Object's.
  const propre = (cle: string) => (Object.hasOwn(table, cle) ? table[cle] : undefined);
  const cle = cleComparaison(valeur);
  return propre(cle) ?? propre(cle.split(' : ')[0]!.trim());
}

class Collecte {
  readonly listes = new Map<Champ, string[]>();
  // Every standard field present from the start (undefined: not given), one shape for every row (lieu.ts).
  readonly scalaires: Record<string, unknown> = champsVides(undefined);
  readonly horsStandard: Record<string, unknown> = {};
  readonly avertissements: Issue[] = [];
  readonly format: FormatLieux;
  readonly ligne: number | undefined;
  constructor(format: FormatLieux, ligne: number | undefined) {
    this.format = format;
    this.ligne = ligne;
  }

  ajouter(champ: Champ, valeurs: readonly string[]): void {
    const liste = this.listes.get(champ) ?? [];
    for (const v of valeurs) if (!liste.includes(v)) liste.push(v);
    this.listes.set(champ, liste);
  }

  avertir(key: string, colonne: string, valeur: unknown, texte: string): void {
    this.avertissements.push(probleme(key, colonne, valeur, texte, this.ligne));
  }

  garder(colonne: string, valeur: unknown, key: string, texte: string): void {
    this.horsStandard[colonne] = valeur;
    this.avertir(key, colonne, valeur, texte);
  }
}

function colonneStandard(c: Collecte, nom: Champ, valeur: unknown): void {
  const def = DEFINITIONS[nom];
  if (!def.liste) {
    // code_insee « MISSING » is the 2022 exports' way to say "unknown"; the importer derives it from the postcode.
    if (nom === 'code_insee' && cleComparaison(texteDe(valeur)) === 'missing') return;
    c.scalaires[nom] = valeur;
    return;
  }
  const valeurs = decouper(valeur, separateur(c.format, nom, false));
  if (c.format === 'standard-v1' && typeof valeur === 'string' && !valeur.includes('|') && valeurs.length > 1) {
    c.avertir('separator', nom, valeur, `plusieurs valeurs doivent être séparées par « | » : lu comme ${valeurs.map((v) => `« ${v} »`).join(', ')}`);
  }
  c.ajouter(nom, valeurs);
}

/** An old column, or a v1 column that may still carry the old vocabulary (services, modalites_accompagnement). */
function colonneAncienne(c: Collecte, nom: string, colonne: Colonne, valeur: unknown): void {
  const cible = colonne.vers;
  if (cible && !DEFINITIONS[cible].liste) {
    const existante = c.scalaires[cible];
    if (vide(existante)) c.scalaires[cible] = valeur;
    else if (texteDe(existante).trim() !== texteDe(valeur).trim()) {
      c.garder(nom, valeur, 'conflicting_field', `la colonne v1 « ${cible} » est aussi remplie (${cite(existante)}) : elle prime, cette valeur est conservée hors standard`);
    }
    return;
  }
  const valeurs = decouper(valeur, separateur(c.format, cible ?? 'services', true));
  let traduite = false;
  for (const v of valeurs) {
    const deja = cible ? valeurAutorisee(cible, v) : undefined;
    if (deja || !colonne.valeurs) {
      if (cible) c.ajouter(cible, [deja ?? v]);
      continue;
    }
    const r = regle(colonne.valeurs, v);
    if (r === undefined && !colonne.inconnuesHorsStandard && cible) {
      c.ajouter(cible, [v]); // validation rejects it, with the closest allowed value
      continue;
    }
    traduite = true;
    if (r === undefined || r.cibles.length === 0) {
      const pourquoi = r === undefined ? 'valeur inconnue de la table de correspondance' : "valeur de l'ancien standard sans équivalent en v1";
      c.avertir('unmapped_value', nom, v, `${cite(v)} : ${pourquoi}, conservée hors standard`);
      continue;
    }
    for (const cib of r.cibles) c.ajouter(cib.champ, [cib.valeur]);
    if (r.approximation) c.avertir('approximate_mapping', nom, v, r.approximation);
  }
  // A column whose values were translated keeps its original text: nothing said by the producer is lost.
  if (traduite) c.horsStandard[nom] = valeur;
}

/**
 * Renames the columns of one row and translates old values into standard v1.0.2, per column (files mixing v1
 * and v0.1 columns are common). The result goes to validerLieu; what has no place in v1 is in horsStandard.
 */
export function versStandardV1(format: FormatLieux, brut: Record<string, unknown>, ligne?: number): ResultatCorrespondance {
  const c = new Collecte(format, ligne);
  // Names and values side by side (no [name, value] pair per cell: this runs for every row of a file).
  const noms: string[] = [];
  const valeurs: unknown[] = [];
  for (const k of Object.keys(brut)) {
    const v = brut[k];
    if (vide(v)) continue;
    noms.push(k.trim());
    valeurs.push(v);
  }
  // v1 columns first, so that an old column never overrides the v1 column it was renamed to.
  for (let i = 0; i < noms.length; i++) {
    const nom = noms[i]!;
    if (estChampStandard(nom) && !Object.hasOwn(COLONNES_ANCIENNES, nom)) colonneStandard(c, nom, valeurs[i]);
  }
  for (let i = 0; i < noms.length; i++) {
    const nom = noms[i]!;
    const valeur = valeurs[i];
    if (Object.hasOwn(COLONNES_ANCIENNES, nom)) colonneAncienne(c, nom, COLONNES_ANCIENNES[nom]!, valeur);
    else if (estChampStandard(nom)) continue;
    else if (COLONNES_SANS_EQUIVALENT.includes(nom)) {
      c.garder(nom, valeur, 'dropped_field', "colonne de l'ancien standard v0.1 sans équivalent en v1 : conservée hors standard");
    } else {
      c.garder(nom, valeur, 'unknown_field', 'colonne inconnue du standard : conservée hors standard');
    }
  }
  // The collection is this call's own: its scalars become the result without a copy.
  const champs: Record<string, unknown> = c.scalaires;
  c.listes.forEach((liste, champ) => {
    if (liste.length) champs[champ] = liste;
  });
  // The 2022 permanences export has no pivot column: its `id` is the host structure's SIRET (or SIREN).
  if (format === 'cnfs-permanences-2022' && vide(champs.pivot) && /^[A-Za-z0-9]{9,14}$/.test(texteDe(champs.id).trim())) {
    champs.pivot = texteDe(champs.id).trim();
  }
  return { champs, horsStandard: c.horsStandard, avertissements: c.avertissements };
}

// ── A standard v1 row that needs no mapping ──────────────────────────────────────────────────────────────────
// In a v1 file almost every row is already in the standard's words: versStandardV1 then only re-shapes it (lists
// split, then split again by validerLieu), ≈ 8 µs of a 100,000-row import's ≈ 36 µs of CPU per row. For such a
// row validerLieu gives, from the raw record, exactly what it gives from versStandardV1's output; ligneV1Directe
// says when that is certain, and any doubt sends the row through versStandardV1 (equivalence tested on the demo
// register, the real files and crafted rows, formats.test.ts).

interface RegleDirecte {
  liste: boolean;
  /** Separators versStandardV1 would cut this list on besides « | »: a cell holding one goes the long way. */
  signes: string;
  /** Whitespace inside a value would cut it too (e-mails, URLs). */
  blancs: boolean;
  /** Columns that may carry the old vocabulary (services…): only the standard's exact values go straight. */
  exactes: ReadonlySet<string> | null;
}

const REGLES_DIRECTES = new Map<string, RegleDirecte>(
  (Object.keys(DEFINITIONS) as Champ[]).map((champ) => {
    const def = DEFINITIONS[champ];
    const ancienne = Object.hasOwn(COLONNES_ANCIENNES, champ);
    const d = def.liste ? separateur('standard-v1', champ, ancienne) : null;
    return [champ, { liste: def.liste, signes: d ? d.signes.replace('|', '') : '', blancs: d?.blancs ?? false, exactes: ancienne && def.valeurs ? new Set(def.valeurs) : null }];
  }),
);

/** Whether validerLieu(brut) gives the same result as validerLieu(versStandardV1('standard-v1', brut).champs). */
export function ligneV1Directe(brut: Record<string, unknown>): boolean {
  for (const nom in brut) {
    const v = brut[nom];
    const regle = REGLES_DIRECTES.get(nom);
    if (regle === undefined || typeof v !== 'string') return false;
    if (!regle.liste) {
      // code_insee « MISSING » (2022 exports) is dropped by versStandardV1, refused as a pattern by validerLieu.
      if (nom === 'code_insee' && v.length >= 7 && cleComparaison(v) === 'missing') return false;
      continue;
    }
    if (v === '') continue;
    for (let i = 0; i < regle.signes.length; i++) if (v.includes(regle.signes[i]!)) return false;
    if (!regle.blancs && regle.exactes === null && !v.includes('|')) continue;
    const valeurs = v.split('|');
    for (let i = 0; i < valeurs.length; i++) {
      const valeur = valeurs[i]!.trim();
      if (regle.blancs && BLANC.test(valeur)) return false;
      if (regle.exactes !== null && valeur !== '' && !regle.exactes.has(valeur)) return false;
      // A repeated value: versStandardV1 drops it before validation, validerLieu after (its notes would differ).
      for (let j = 0; j < i; j++) if (valeur !== '' && valeurs[j]!.trim() === valeur) return false;
    }
  }
  return true;
}
