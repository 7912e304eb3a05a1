import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Commune, Departement, Epci, Region, TypeCommune } from './territoires.ts';

/** Built by scripts/build-territoires.ts; see data/README.md for its origin. */
export const FICHIER_TERRITOIRES = new URL('../../../data/territoires/territoires.json.gz', import.meta.url);

export interface DonneesTerritoires {
  readonly regions: readonly Region[];
  readonly departements: readonly Departement[];
  readonly epcis: readonly Epci[];
  readonly communes: readonly Commune[];
  /** Former INSEE code → current commune code (mergers, chef-lieu changes). */
  readonly anciensCodes: ReadonlyMap<string, string>;
  /** Other names still found in files: communes déléguées/associées, merged communes, former spellings. */
  readonly autresNoms: ReadonlyArray<readonly [nom: string, code: string]>;
}

/** Format 2: every table is column-oriented, one '|'-joined string per column (see the build script). */
type Colonnes<K extends string> = Record<K, string>;
interface Brut {
  format: number;
  regions: Colonnes<'code' | 'nom'>;
  departements: Colonnes<'code' | 'nom' | 'region'>;
  epci: Colonnes<'code' | 'nom' | 'type'>;
  communes: Colonnes<
    'code' | 'nom' | 'type' | 'departement' | 'region' | 'epci' | 'parente' | 'codesPostaux' | 'latitude' | 'longitude' | 'population'
  >;
  anciensCodes: Colonnes<'ancien' | 'actuel'>;
  autresNoms: Colonnes<'nom' | 'code'>;
}

/** Splits each column; every column of a table must have the same length, or the file is corrupt. */
function lire<K extends string>(table: Colonnes<K>, noms: readonly K[], fichier: string): { n: number; col: Record<K, string[]> } {
  const col = {} as Record<K, string[]>;
  for (const nom of noms) {
    if (typeof table[nom] !== 'string') throw new Error(`${fichier} : colonne ${nom} absente, relancer scripts/build-territoires.ts`);
    col[nom] = table[nom] === '' ? [] : table[nom].split('|');
  }
  const n = col[noms[0]!].length;
  if (noms.some((nom) => col[nom].length !== n)) throw new Error(`${fichier} : colonnes de longueurs différentes`);
  return { n, col };
}

const nombre = (v: string | undefined): number | null => (v ? Number(v) : null);
const texte = (v: string | undefined): string | null => (v ? v : null);

/**
 * Reads the compact file. It is ours and versioned with the code, so only its shape is checked, not every cell.
 */
export function chargerDonneesTerritoires(fichier: URL | string = FICHIER_TERRITOIRES): DonneesTerritoires {
  const nomFichier = String(fichier);
  const brut = JSON.parse(gunzipSync(readFileSync(fichier)).toString('utf8')) as Brut;
  if (brut.format !== 2) throw new Error(`${nomFichier} : format ${brut.format} inattendu, relancer scripts/build-territoires.ts`);
  const c = lire(brut.communes, ['code', 'nom', 'type', 'departement', 'region', 'epci', 'parente', 'codesPostaux', 'latitude', 'longitude', 'population'], nomFichier);
  const communes: Commune[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const postaux = c.col.codesPostaux[i];
    communes[i] = Object.freeze({
      code: c.col.code[i]!,
      nom: c.col.nom[i]!,
      type: c.col.type[i] as TypeCommune,
      departement: c.col.departement[i]!,
      region: c.col.region[i]!,
      epci: texte(c.col.epci[i]),
      communeParente: texte(c.col.parente[i]),
      codesPostaux: Object.freeze(postaux ? postaux.split(' ') : []),
      latitude: nombre(c.col.latitude[i]),
      longitude: nombre(c.col.longitude[i]),
      population: nombre(c.col.population[i]),
    });
  }
  const r = lire(brut.regions, ['code', 'nom'], nomFichier);
  const d = lire(brut.departements, ['code', 'nom', 'region'], nomFichier);
  const e = lire(brut.epci, ['code', 'nom', 'type'], nomFichier);
  const a = lire(brut.anciensCodes, ['ancien', 'actuel'], nomFichier);
  const n = lire(brut.autresNoms, ['nom', 'code'], nomFichier);
  const indices = (k: number) => Array.from({ length: k }, (_, i) => i);
  return {
    regions: indices(r.n).map((i) => Object.freeze({ code: r.col.code[i]!, nom: r.col.nom[i]! })),
    departements: indices(d.n).map((i) => Object.freeze({ code: d.col.code[i]!, nom: d.col.nom[i]!, region: d.col.region[i]! })),
    epcis: indices(e.n).map((i) => Object.freeze({ code: e.col.code[i]!, nom: e.col.nom[i]!, type: e.col.type[i]! })),
    communes,
    anciensCodes: new Map(indices(a.n).map((i) => [a.col.ancien[i]!, a.col.actuel[i]!])),
    autresNoms: indices(n.n).map((i) => [n.col.nom[i]!, n.col.code[i]!] as const),
  };
}
