/**
 * Everything the validator knows about the standard comes from the official Table Schema file, copied
 * unchanged into data/standard/ (see data/README.md): field order, titles, required flags, patterns, maximum
 * lengths, types and the closed lists of values. Nothing here is retyped from the documentation, so a new
 * version of the schema is a file copy plus a test run.
 *
 * The file is a static JSON module import: it is parsed once by the module loader, and what we derive from it
 * is immutable data (no I/O at call time, no mutable state), so it is not a service to build in createDeps.
 */
import schemaOfficiel from '../../../../data/standard/schema-v1.0.2.json' with { type: 'json' };
import { GABARIT_CHAMPS, type Champ, type ChampEnumere } from './lieu.ts';
import { cleComparaison } from './texte.ts';

export const VERSION_STANDARD = schemaOfficiel.version;

export type TypeChamp = 'string' | 'number' | 'date';

export interface DefinitionChamp {
  nom: Champ;
  /** French title from the schema, used in every message. */
  titre: string;
  description: string;
  exemple: string;
  obligatoire: boolean;
  type: TypeChamp;
  /** Multiple values separated by `|` (see estListe). */
  liste: boolean;
  /** The schema's own pattern, for the fields that are not enumerations (pivot, code_postal, code_insee, telephone). */
  motif: RegExp | null;
  longueurMax: number | null;
  /** Allowed values, for enumerated fields (in the schema's order, defect corrected). */
  valeurs: readonly string[] | null;
}

/**
 * The one known defect of v1.0.2: the pattern of `formations_labels` spells « Étapes numériques(La Poste) »
 * without the space that the field's description (and every producer) uses. We publish the correct spelling and
 * accept both on input (validation maps the schema's spelling to the correct one).
 */
export const CORRECTIONS_SCHEMA: Readonly<Partial<Record<Champ, Readonly<Record<string, string>>>>> = {
  formations_labels: { 'Étapes numériques(La Poste)': 'Étapes numériques (La Poste)' },
};

/**
 * Free-text fields that hold several values although their pattern does not say so. `typologie`: the schema
 * says « il est possible d'en renseigner plusieurs » and its example is `TIERS_LIEUX|ASSO`; `courriels` and
 * `site_web`: their descriptions say to separate values with `|`; `autres_formations_labels`: the counterpart of
 * the list `formations_labels` (v0.1's `labels_autres` was a `;` list: « SudLabs;Nièvre médiation numérique »).
 */
const LISTES_NON_ENUMEREES: readonly Champ[] = ['typologie', 'courriels', 'site_web', 'autres_formations_labels'];

// `(?:(?:^|\|)(A|B|C))+$`: the standard's way to write "one or more of A, B, C separated by |".
const MOTIF_ENUMERATION = /^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$/;

/** Splits the alternation of an enumeration pattern on top-level `|` and unescapes `\(`, `\)`, `\.`. */
function valeursDuMotif(alternation: string): string[] {
  const valeurs: string[] = [];
  let courante = '';
  for (let i = 0; i < alternation.length; i++) {
    const c = alternation[i]!;
    if (c === '\\' && i + 1 < alternation.length) {
      courante += alternation[++i];
    } else if (c === '|') {
      valeurs.push(courante);
      courante = '';
    } else {
      courante += c;
    }
  }
  valeurs.push(courante);
  return valeurs;
}

interface ChampJson {
  name: string;
  title: string;
  description: string;
  example: string;
  type: string;
  constraints: { required?: boolean; pattern?: string; maxLength?: number };
}

function deriver(champJson: ChampJson): DefinitionChamp {
  if (!(champJson.name in GABARIT_CHAMPS)) throw new Error(`schema: champ inattendu ${champJson.name}`);
  const nom = champJson.name as Champ;
  const motifTexte = champJson.constraints.pattern ?? null;
  const enumeration = motifTexte ? MOTIF_ENUMERATION.exec(motifTexte) : null;
  let valeurs: string[] | null = null;
  if (enumeration) {
    const corrections = CORRECTIONS_SCHEMA[nom] ?? {};
    valeurs = valeursDuMotif(enumeration[1]!).map((v) => corrections[v] ?? v);
  }
  const type: TypeChamp = champJson.type === 'number' ? 'number' : champJson.type === 'date' ? 'date' : 'string';
  return {
    nom,
    titre: champJson.title,
    description: champJson.description,
    exemple: champJson.example,
    obligatoire: champJson.constraints.required === true,
    type,
    liste: valeurs !== null || LISTES_NON_ENUMEREES.includes(nom),
    motif: motifTexte && !enumeration ? new RegExp(motifTexte, 'u') : null,
    longueurMax: champJson.constraints.maxLength ?? null,
    valeurs,
  };
}

const definitions: readonly DefinitionChamp[] = (schemaOfficiel.fields as ChampJson[]).map(deriver);
if (definitions.length !== Object.keys(GABARIT_CHAMPS).length) {
  throw new Error(`schema: ${definitions.length} champs au lieu de ${Object.keys(GABARIT_CHAMPS).length}`);
}

/** The 32 field names in the standard's column order (the order of an exported CSV). */
export const CHAMPS: readonly Champ[] = Object.freeze(definitions.map((d) => d.nom));

export const DEFINITIONS: Readonly<Record<Champ, DefinitionChamp>> = Object.freeze(
  Object.fromEntries(definitions.map((d) => [d.nom, Object.freeze(d)])) as Record<Champ, DefinitionChamp>,
);

export const CHAMPS_OBLIGATOIRES: readonly Champ[] = Object.freeze(definitions.filter((d) => d.obligatoire).map((d) => d.nom));
export const CHAMPS_LISTE: readonly Champ[] = Object.freeze(definitions.filter((d) => d.liste).map((d) => d.nom));

function enumerations(): Record<ChampEnumere, readonly string[]> {
  const resultat: Partial<Record<Champ, readonly string[]>> = {};
  for (const d of definitions) if (d.valeurs) resultat[d.nom] = Object.freeze([...d.valeurs]);
  return resultat as Record<ChampEnumere, readonly string[]>;
}

/** Allowed values per enumerated field (search filters, pages, OpenAPI use these). */
export const ENUMERATIONS: Readonly<Record<ChampEnumere, readonly string[]>> = Object.freeze(enumerations());

const PAR_CLE: Readonly<Record<string, ReadonlyMap<string, string>>> = Object.fromEntries(
  Object.entries(ENUMERATIONS).map(([champ, valeurs]) => [champ, new Map(valeurs.map((v) => [cleComparaison(v), v]))]),
);

const EXACTES: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(ENUMERATIONS).map(([champ, valeurs]) => [champ, new Set(valeurs)]),
);

/** The allowed value equal to `valeur` up to case, accents and spacing, if any. */
export function valeurAutorisee(champ: Champ, valeur: string): string | undefined {
  // Exact spellings first: they are nearly every value of a v1 file, and the normalisation costs µs each.
  if (EXACTES[champ]?.has(valeur)) return valeur;
  return PAR_CLE[champ]?.get(cleComparaison(valeur));
}

export function estChampEnumere(champ: string): champ is ChampEnumere {
  return Object.hasOwn(ENUMERATIONS, champ);
}

/** The French title of a field (« Code postal »), or the raw name for a non-standard column. */
export function titreChamp(champ: string): string {
  return Object.hasOwn(DEFINITIONS, champ) ? DEFINITIONS[champ as Champ].titre : champ;
}
