import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { LieuxTable } from '../lieux/lieux.tables.ts';

/** What the index keeps of a place: the searchable and filterable columns, plus its territory. */
export type LigneIndex = Pick<
  LieuxTable,
  | 'uid' | 'nom' | 'commune' | 'code_postal' | 'code_insee' | 'latitude' | 'longitude' | 'typologie' | 'horaires'
  | 'structure_parente' | 'itinerance' | 'services' | 'publics_specifiquement_adresses' | 'prise_en_charge_specifique'
  | 'frais_a_charge' | 'dispositif_programmes_nationaux' | 'formations_labels' | 'modalites_acces'
  | 'modalites_accompagnement' | 'fiche_acces_libre' | 'prise_rdv' | 'date_maj'
> & {
  modifie_le: Date;
  /** Filled by the service from the territories (not stored in `lieux`). */
  departement?: string | null;
  region?: string | null;
  commune_parente?: string | null;
};

const LISTES_INDEX = [
  'typologie', 'itinerance', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'modalites_acces', 'modalites_accompagnement',
] as const;
// Unit separator: never inside a value of the standard (its own separator is `|`).
const US = '\u001f';

/**
 * Lists travel as one delimited string and modifie_le as epoch milliseconds: the drivers' array and timestamp
 * parsing was more than half the time of reading the register for the index (measured on PGlite, 20 k rows).
 */
function selectionIndex(db: Db) {
  return db
    .selectFrom('lieux_publies as l')
    .select([
      'l.uid', 'l.nom', 'l.commune', 'l.code_postal', 'l.code_insee', 'l.latitude', 'l.longitude', 'l.horaires',
      'l.structure_parente', 'l.fiche_acces_libre', 'l.prise_rdv', 'l.date_maj',
      sql<number>`(extract(epoch from l.modifie_le) * 1000)::float8`.as('modifie_ms'),
      ...LISTES_INDEX.map((c) => sql<string | null>`array_to_string(${sql.ref(`l.${c}`)}, chr(31))`.as(c)),
    ]);
}

type LigneBrute = Omit<LigneIndex, (typeof LISTES_INDEX)[number] | 'modifie_le'> & { modifie_ms: number } & Record<(typeof LISTES_INDEX)[number], string | null>;

function versLigne(b: LigneBrute): LigneIndex {
  const l = { ...b, modifie_le: new Date(Number(b.modifie_ms)) } as unknown as LigneIndex & { modifie_ms?: number };
  delete l.modifie_ms;
  for (const c of LISTES_INDEX) {
    const v = b[c];
    l[c] = v === null ? null : v === '' ? [] : v.split(US);
  }
  return l;
}

/*
 * Every read here is of the published register (view lieux_publies): each merged place once, with its merged
 * fields, under the uid of its representative record.
 */

/**
 * The view's per-record lookups make PostgreSQL's cost estimate cross jit_above_cost, and compiling then costs
 * more than the query (88 ms vs 39 ms for a 5,000-row page at 20,000 places): JIT off for these reads.
 */
function sansJit<T>(db: Db, lire: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return lire(trx);
  });
}

/**
 * The whole register in keyset batches on the primary key: memory stays bounded by one batch on the
 * database side and no OFFSET scan grows with the table.
 */
export async function* lireToutPourIndex(db: Db, taille = 5000): AsyncGenerator<LigneIndex[]> {
  let apres: string | null = null;
  for (;;) {
    const depuis = apres;
    const lignes = (await sansJit(db, (trx) => {
      let q = selectionIndex(trx).orderBy('l.uid').limit(taille);
      if (depuis !== null) q = q.where('l.uid', '>', depuis);
      return q.execute() as Promise<LigneBrute[]>;
    })).map(versLigne);
    if (lignes.length === 0) return;
    yield lignes;
    apres = lignes[lignes.length - 1]!.uid;
    if (lignes.length < taille) return;
  }
}

/**
 * Published places changed at or after `depuis` (the caller skips those it already holds at the same
 * modifie_le): records written since, and merged places re-merged since. Asked by uid through the indexed base
 * columns, never by the view's computed modifie_le (that would read the whole register at every refresh). A
 * record merged away is not in the view, so it is not returned; a new generation makes the caller rebuild.
 */
export async function lireModifiesDepuis(db: Db, depuis: Date): Promise<LigneIndex[]> {
  const changes = db.selectFrom('lieux').select('uid').where('modifie_le', '>=', depuis)
    .union(db.selectFrom('clusters as c').innerJoin('registre_actif as r', 'r.generation', 'c.generation')
      .select(sql<string>`substr(c.id, 2)`.as('uid')).where('c.taille', '>', 1).where('c.modifie_le', '>=', depuis));
  return (await sansJit(db, (trx) => selectionIndex(trx).where('l.uid', 'in', changes).orderBy('l.modifie_le').orderBy('l.uid').execute() as Promise<LigneBrute[]>)).map(versLigne);
}

/** Published places by uid (those still published; in batches, so a long list stays one bounded query each). */
export async function lireParUid(db: Db, uids: readonly string[]): Promise<LigneIndex[]> {
  const lignes: LigneIndex[] = [];
  for (let i = 0; i < uids.length; i += 5000) {
    const lot = uids.slice(i, i + 5000);
    lignes.push(...(await sansJit(db, (trx) => selectionIndex(trx).where('l.uid', 'in', lot).execute() as Promise<LigneBrute[]>)).map(versLigne));
  }
  return lignes;
}

/** DELETE statements on `lieux` so far (migration 202611240800): when it moves, some places may be gone. */
export async function compteurSuppressions(db: Db): Promise<number> {
  const r = await db.selectFrom('lieux_suppressions').select('compteur').executeTakeFirst();
  return Number(r?.compteur ?? 0);
}

export async function tousLesUid(db: Db): Promise<string[]> {
  const r = await db.selectFrom('lieux_publies').select('uid').execute();
  return r.map((x) => x.uid);
}

/**
 * The next refresh watermark. `modifie_le` is set to now(), the START of the writing transaction, so a long
 * import commits rows stamped before a refresh that ran in the meantime. Going back to the start of the
 * oldest transaction still open makes sure those rows are read at the next refresh.
 */
export async function filigrane(db: Db): Promise<Date> {
  try {
    const r = await sql<{ t: Date; plus_ancien: Date | null }>`select now() as t, (select min(xact_start) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null) as plus_ancien`.execute(db);
    const { t, plus_ancien } = r.rows[0]!;
    return new Date(Math.min(new Date(t).getTime(), plus_ancien ? new Date(plus_ancien).getTime() : Infinity));
  } catch {
    const r = await sql<{ t: Date }>`select now() - interval '10 minutes' as t`.execute(db);
    return new Date(r.rows[0]!.t);
  }
}

export type FicheLieu = Omit<LieuxTable, 'hors_standard' | 'coordonnees_approchees' | 'code_insee_deduit' | 'demo' | 'importe_le' | 'cree_le' | 'modifie_le'> & {
  demo: boolean;
  modifie_le: Date;
  /** Source records merged into this place (1: none). */
  fusion_taille: number;
};

/** Full rows for one page of results (merged places with their merged fields). */
export async function lireFiches(db: Db, uids: readonly string[]): Promise<FicheLieu[]> {
  if (uids.length === 0) return [];
  return (await db
    .selectFrom('lieux_publies')
    .select([
      'uid', 'source_cle', 'id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse',
      'latitude', 'longitude', 'typologie', 'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume',
      'presentation_detail', 'source', 'itinerance', 'structure_parente', 'date_maj', 'services',
      'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'dispositif_programmes_nationaux',
      'formations_labels', 'autres_formations_labels', 'modalites_acces', 'modalites_accompagnement', 'fiche_acces_libre',
      'prise_rdv', 'fichier', 'import_id', 'demo', 'modifie_le', 'fusion_taille',
    ])
    .where('uid', 'in', uids)
    .execute()) as FicheLieu[];
}
