import { sql, type Insertable, type InsertQueryBuilder, type InsertResult } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { LieuEnregistre } from './lieux.ts';
import type { LieuxTable } from './lieux.tables.ts';
import { CHAMPS, CHAMPS_LISTE } from './standard/schema.ts';

/** Anything that runs queries: the database or a transaction. */
export type Executeur = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom'>;

export async function enregistrerSource(db: Executeur, source: { cle: string; nom: string; format: string; demo?: boolean }): Promise<void> {
  await db
    .insertInto('sources')
    .values({ cle: source.cle, nom: source.nom, format: source.format, demo: source.demo ?? false, dernier_import: new Date() })
    .onConflict((oc) => oc.column('cle').doUpdateSet({ format: source.format, dernier_import: new Date() }))
    .execute();
}

export async function creerImport(db: Executeur, imp: { sourceCle: string; fichier: string; format: string }): Promise<number> {
  const r = await db.insertInto('imports').values({ source_cle: imp.sourceCle, fichier: imp.fichier, format: imp.format }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function terminerImport(db: Executeur, id: number, bilan: { lus: number; crees: number; misAJour: number; rejetes: number }): Promise<void> {
  await db
    .updateTable('imports')
    .set({ termine_le: new Date(), lus: bilan.lus, crees: bilan.crees, mis_a_jour: bilan.misAJour, rejetes: bilan.rejetes })
    .where('id', '=', id)
    .execute();
}

export type LigneLieu = Insertable<LieuxTable>;

// What "the record changed" means: any standard field, what we deduced, or what the source had outside the
// standard. importe_le/import_id/fichier move on every import; modifie_le only when one of these differs.
const COLONNES_CONTENU = [...CHAMPS, 'hors_standard', 'coordonnees_approchees', 'code_insee_deduit', 'demo'] as const;
const COLONNES_MISES_A_JOUR = [...COLONNES_CONTENU, 'fichier', 'import_id'] as const;

// Every column an upsert writes, in one fixed order (columns left out keep their defaults: timestamps).
const COLONNES_ECRITES = ['uid', 'source_cle', ...CHAMPS, 'coordonnees_approchees', 'code_insee_deduit', 'fichier', 'import_id', 'hors_standard', 'demo'] as const;
type ColonneEcrite = (typeof COLONNES_ECRITES)[number];
const LISTES = new Set<string>(CHAMPS_LISTE);
const TYPES: Partial<Record<ColonneEcrite, string>> = {
  latitude: 'float8', longitude: 'float8', date_maj: 'date', coordonnees_approchees: 'bool', code_insee_deduit: 'bool', demo: 'bool', import_id: 'int4',
};
const DEFAUTS: Partial<Record<ColonneEcrite, unknown>> = { coordonnees_approchees: false, code_insee_deduit: false, demo: false, hors_standard: '{}' };

/** One array element, quoted: exact whatever the text holds (the same escaping as pg's own array serialiser). */
function entreGuillemets(v: string): string {
  return v.includes('\\') || v.includes('"') ? `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : `"${v}"`;
}

/** A text[] as a PostgreSQL array literal, every element quoted. */
function litteralTableau(valeurs: readonly string[]): string {
  let r = '{';
  for (let i = 0; i < valeurs.length; i++) r += (i ? ',' : '') + entreGuillemets(valeurs[i]!);
  return `${r}}`;
}

/**
 * A text[] cell as an element of its column's array: what entreGuillemets(litteralTableau(v)) gives, without
 * escaping the whole inner literal a second time (it always holds quotes, so that cost two replaceAll per cell).
 */
function listeDansTableau(valeurs: readonly string[]): string {
  let r = '"{';
  for (let i = 0; i < valeurs.length; i++) {
    if (i) r += ',';
    const v = valeurs[i]!;
    r += v.includes('\\') || v.includes('"') ? entreGuillemets(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"') : `\\"${v}\\"`;
  }
  return `${r}}"`;
}

/**
 * One column of the batch as an array literal built here, in one pass: pg's generic serialiser (prepareValue +
 * two regex replacements per element) was ≈ 10 % of the import's CPU. Numbers and booleans are written as pg
 * writes them (String(v)); null when a value is of any other kind (e.g. a Date), for the generic path.
 */
function litteralColonne(valeurs: readonly unknown[], liste: boolean): string | null {
  let r = '{';
  for (let i = 0; i < valeurs.length; i++) {
    if (i) r += ',';
    const v = valeurs[i];
    if (v === null || v === undefined) r += 'NULL';
    else if (typeof v === 'string') r += entreGuillemets(v);
    else if (liste && Array.isArray(v)) r += listeDansTableau(v as string[]);
    else if (typeof v === 'number' || typeof v === 'boolean') r += `"${String(v)}"`;
    else return null;
  }
  return `${r}}`;
}

/**
 * Upserts a batch by (source, id) in one statement. `xmax = 0` tells a fresh insert from an update (true on
 * every PostgreSQL version and on PGlite); `modifie_le = now()` tells an update that changed something, since
 * now() is the transaction's start time and an unchanged row keeps its older modifie_le.
 *
 * Rows travel column-wise, `INSERT … SELECT FROM unnest($1::text[], $2::float8[], …)`: one parameter per column
 * whatever the batch size, instead of one per cell (a 500-row VALUES had 20,000 parameters to bind and a
 * statement to parse each time); it halved the database's share of a 100 k-row import (bench:import). Lists go
 * as array literals, one text per row, because unnest cannot yield a text[] per row from a 2-D array.
 */
export async function ecrireLieux(db: Executeur, lignes: LigneLieu[]): Promise<CompteEcriture> {
  if (lignes.length === 0) return { crees: 0, misAJour: 0, inchanges: 0 };
  const tableaux = COLONNES_ECRITES.map((c) => {
    const valeurs = lignes.map((l) => (l as Record<string, unknown>)[c] ?? DEFAUTS[c] ?? null);
    const type = sql.raw(TYPES[c] ?? 'text');
    const litteral = litteralColonne(valeurs, LISTES.has(c));
    // Sent as one text parameter and cast (text → array by the type's input function, on PostgreSQL and PGlite).
    if (litteral !== null) return sql`${sql.val(litteral)}::text::${type}[]`;
    const generiques = LISTES.has(c) ? valeurs.map((v) => (Array.isArray(v) ? litteralTableau(v as string[]) : v)) : valeurs;
    return sql`${sql.val(generiques)}::${type}[]`;
  });
  const selection = COLONNES_ECRITES.map((c) => {
    const ref = sql.ref(`u.${c}`);
    return LISTES.has(c) ? sql`${ref}::text[]` : c === 'hors_standard' ? sql`${ref}::jsonb` : ref;
  });
  const rows = await surConflit(
    db
      .insertInto('lieux')
      .columns([...COLONNES_ECRITES])
      .expression(sql`SELECT ${sql.join(selection)} FROM unnest(${sql.join(tableaux)}) AS u(${sql.join(COLONNES_ECRITES.map((c) => sql.ref(c)))})`),
  )
    .returning([sql<boolean>`xmax = 0`.as('cree'), sql<boolean>`modifie_le = now()`.as('change')])
    .execute();
  let crees = 0;
  let misAJour = 0;
  for (const r of rows) {
    if (r.cree) crees++;
    else if (r.change) misAJour++;
  }
  return { crees, misAJour, inchanges: rows.length - crees - misAJour };
}

export interface CompteEcriture {
  crees: number;
  misAJour: number;
  inchanges: number;
}

/** Upsert by (source, id); `modifie_le` moves only when the content really differs (see ecrireLieux). */
function surConflit(q: InsertQueryBuilder<Database, 'lieux', InsertResult>): InsertQueryBuilder<Database, 'lieux', InsertResult> {
  const ancien = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`lieux.${c}`)));
  const nouveau = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`excluded.${c}`)));
  return q.onConflict((oc) =>
    oc.columns(['source_cle', 'id']).doUpdateSet((eb) => {
      const set: Record<string, unknown> = {};
      for (const c of COLONNES_MISES_A_JOUR) set[c] = eb.ref(`excluded.${c}`);
      set.importe_le = sql`now()`;
      set.modifie_le = sql`CASE WHEN (${ancien}) IS DISTINCT FROM (${nouveau}) THEN now() ELSE lieux.modifie_le END`;
      return set as never;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL write path of the import: rows streamed with COPY into a temporary table, then one set-based
// upsert per batch. COPY hands each value to its type's input function once (no array literal parsed twice,
// no 34 parameters to bind), and the client writes one line per row instead of 34 literals per batch.

/** What varies per row; the import's constants (source, file, import, demo) are added by the INSERT. */
const COLONNES_LIGNE = ['uid', ...CHAMPS, 'coordonnees_approchees', 'code_insee_deduit', 'hors_standard'] as const;
export const TABLE_IMPORT = 'import_lieux';

/** The import's staging table: the columns of COLONNES_LIGNE, no index nor constraint, dropped at commit or rollback. */
export async function creerTableImport(db: Db): Promise<void> {
  await sql`CREATE TEMP TABLE ${sql.table(TABLE_IMPORT)} ON COMMIT DROP AS SELECT ${sql.join(COLONNES_LIGNE.map((c) => sql.ref(c)))} FROM lieux WITH NO DATA`.execute(db);
}

const A_ECHAPPER = /[\\\t\n\r]/;
const ECHAPPEMENTS: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const A_ECHAPPER_TOUS = /[\\\t\n\r]/g;

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function texteCopie(v: string): string {
  return A_ECHAPPER.test(v) ? v.replace(A_ECHAPPER_TOUS, (c) => ECHAPPEMENTS[c]!) : v;
}

const A_ECHAPPER_ELEMENT = /[\\"\t\n\r]/;

/** A text[] as its array literal (every element quoted, as pg writes them), in COPY's text format. */
function listeCopie(valeurs: readonly string[]): string {
  let r = '{';
  for (let i = 0; i < valeurs.length; i++) {
    if (i) r += ',';
    const v = valeurs[i]!;
    r += A_ECHAPPER_ELEMENT.test(v) ? texteCopie(entreGuillemets(v)) : `"${v}"`;
  }
  return `${r}}`;
}

/**
 * One row in COPY's text format, newline included: the columns of COLONNES_LIGNE, then `suffixe` (the import's
 * constants, for copieDirecte; empty for the staging table).
 */
export function ligneCopie(l: LigneLieu, suffixe = ''): string {
  const valeurs = l as unknown as Record<string, unknown>;
  let r = '';
  for (let i = 0; i < COLONNES_LIGNE.length; i++) {
    const c = COLONNES_LIGNE[i]!;
    const v = valeurs[c] ?? DEFAUTS[c];
    if (i) r += '\t';
    if (v === null || v === undefined) r += '\\N';
    else if (typeof v === 'string') r += texteCopie(v);
    else if (typeof v === 'number') r += String(v);
    else if (typeof v === 'boolean') r += v ? 't' : 'f';
    else if (Array.isArray(v)) r += listeCopie(v as string[]);
    else throw new TypeError(`ligneCopie : valeur inattendue pour ${c}`);
  }
  return `${r}${suffixe}\n`;
}

/** Whether the source has no record yet (its first import, or every record deleted since). */
export async function sourceSansLieux(db: Executeur, source: string): Promise<boolean> {
  const r = await db.selectFrom('lieux').select('uid').where('source_cle', '=', source).limit(1).executeTakeFirst();
  return r === undefined;
}

/**
 * A source's first import, on PostgreSQL: each batch is one `COPY lieux FROM STDIN`, with no staging table and
 * no upsert. Nothing can conflict: the source has no record (sourceSansLieux, checked after enregistrerSource,
 * whose row lock makes a concurrent import of the same source wait for this one), and a file's repeated ids are
 * rejected before writing. The import's constants end each line (`suffixe`, for ligneCopie). Measured on
 * 100,000 rows: the staging COPY plus the INSERT … SELECT … ON CONFLICT cost the server ≈ 6–8 µs more per row
 * than this COPY into the same indexed table (docs/benchmarks.md).
 */
export function copieDirecte(constantes: { source: string; fichier: string; importId: number; demo: boolean }): { requete: string; suffixe: string } {
  const colonnes = [...COLONNES_LIGNE, 'source_cle', 'fichier', 'import_id', 'demo'];
  const suffixe = `\t${texteCopie(constantes.source)}\t${texteCopie(constantes.fichier)}\t${Math.trunc(constantes.importId)}\t${constantes.demo ? 't' : 'f'}`;
  return { requete: `COPY lieux (${colonnes.map((c) => `"${c}"`).join(', ')}) FROM STDIN`, suffixe };
}

/**
 * One batch's statements, as one simple-protocol query: COPY of ligneCopie's lines into the staging table, the
 * upsert from it into the register, and TRUNCATE. Sent as one message (copie-pg.ts), the server runs them back
 * to back: no round trip through this process between them (which, busy validating the next batch, would answer
 * late). The import's constants are written as literals (a simple query has no parameters), once per import.
 * Its one result row is lireCompteLot's input.
 */
export function requeteLotImport(db: Db, constantes: { source: string; fichier: string; importId: number; demo: boolean }): string {
  const valeurs: Partial<Record<ColonneEcrite, unknown>> = {
    source_cle: sql`${sql.lit(constantes.source)}::text`,
    fichier: sql`${sql.lit(constantes.fichier)}::text`,
    import_id: sql`${sql.lit(Math.trunc(constantes.importId))}::int4`,
    demo: sql`${sql.lit(constantes.demo)}::bool`,
  };
  const selection = COLONNES_ECRITES.map((c) => (valeurs[c] as ReturnType<typeof sql>) ?? sql.ref(`t.${c}`));
  const insertion = surConflit(
    db
      .insertInto('lieux')
      .columns([...COLONNES_ECRITES])
      .expression(sql`SELECT ${sql.join(selection)} FROM ${sql.table(TABLE_IMPORT)} AS t`),
  ).returning([sql<boolean>`xmax = 0`.as('cree'), sql<boolean>`modifie_le = now()`.as('change')]);
  const upsert = sql`WITH r AS (${insertion}) SELECT count(*) FILTER (WHERE cree) AS crees, count(*) FILTER (WHERE NOT cree AND change) AS changes, count(*) AS total FROM r`.compile(db);
  if (upsert.parameters.length) throw new Error('requeteLotImport : paramètre inattendu');
  const copie = `COPY ${TABLE_IMPORT} (${COLONNES_LIGNE.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  return `${copie};\n${upsert.sql};\nTRUNCATE ${TABLE_IMPORT}`;
}

/** The counts of one batch from the rows requeteLotImport's statements returned (text cells). */
export function lireCompteLot(lignes: readonly (readonly (string | null)[])[]): CompteEcriture {
  if (lignes.length !== 1 || lignes[0]!.length !== 3) throw new Error('lireCompteLot : une ligne de trois comptes attendue');
  const [crees, changes, total] = lignes[0]!.map(Number) as [number, number, number];
  return { crees, misAJour: changes, inchanges: total - crees - changes };
}

export async function lieuParUid(db: Executeur, uid: string): Promise<LieuEnregistre | undefined> {
  return db.selectFrom('lieux').selectAll().where('uid', '=', uid).executeTakeFirst();
}

export async function compterLieux(db: Executeur, sourceCle?: string): Promise<number> {
  let q = db.selectFrom('lieux').select((eb) => eb.fn.countAll<number>().as('n'));
  if (sourceCle) q = q.where('source_cle', '=', sourceCle);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** One keyset page in (id, uid) order — see migration 202611240430 for why this order. */
export async function pageLieux(db: Executeur, apres: { id: string; uid: string } | undefined, limite: number): Promise<LieuEnregistre[]> {
  let q = db.selectFrom('lieux').selectAll();
  if (apres) q = q.where((eb) => eb(eb.refTuple('id', 'uid'), '>', eb.tuple(apres.id, apres.uid)));
  return q.orderBy('id').orderBy('uid').limit(limite).execute();
}
