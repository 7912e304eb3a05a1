import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
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
export async function ecrireLieux(db: Executeur, lignes: LigneLieu[]): Promise<{ crees: number; misAJour: number; inchanges: number }> {
  if (lignes.length === 0) return { crees: 0, misAJour: 0, inchanges: 0 };
  const ancien = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`lieux.${c}`)));
  const nouveau = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`excluded.${c}`)));
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
  const rows = await db
    .insertInto('lieux')
    .columns([...COLONNES_ECRITES])
    .expression(sql`SELECT ${sql.join(selection)} FROM unnest(${sql.join(tableaux)}) AS u(${sql.join(COLONNES_ECRITES.map((c) => sql.ref(c)))})`)
    .onConflict((oc) =>
      oc.columns(['source_cle', 'id']).doUpdateSet((eb) => {
        const set: Record<string, unknown> = {};
        for (const c of COLONNES_MISES_A_JOUR) set[c] = eb.ref(`excluded.${c}`);
        set.importe_le = sql`now()`;
        set.modifie_le = sql`CASE WHEN (${ancien}) IS DISTINCT FROM (${nouveau}) THEN now() ELSE lieux.modifie_le END`;
        return set as never;
      }),
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
