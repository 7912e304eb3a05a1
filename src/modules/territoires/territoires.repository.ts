import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CommunesTable, DepartementsTable, EpciTable, RegionsTable } from './territoires.tables.ts';

type Executeur = Kysely<Database> | Transaction<Database>;

export type TableTerritoire = 'regions' | 'departements' | 'epci' | 'communes';

export async function compterLignes(db: Executeur, table: TableTerritoire): Promise<number> {
  const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

// PostgreSQL accepts at most 65 535 parameters per statement: 11 columns × 2 000 rows stays well under it,
// and larger batches do not go faster on PGlite.
const LOT = 2000;

async function insererParLots<T extends TableTerritoire>(
  db: Executeur,
  table: T,
  cle: 'code' | 'code_insee',
  lignes: ReadonlyArray<Insertable<Database[T]>>,
): Promise<number> {
  let inserees = 0;
  for (let i = 0; i < lignes.length; i += LOT) {
    // ON CONFLICT DO NOTHING: two processes starting on the same empty database both fill it without failing.
    const resultat = await db
      .insertInto(table)
      .values(lignes.slice(i, i + LOT) as Array<Insertable<Database[T]>>)
      .onConflict((oc) => oc.column(cle as never).doNothing())
      .executeTakeFirst();
    inserees += Number(resultat.numInsertedOrUpdatedRows ?? 0);
  }
  return inserees;
}

export const insererRegions = (db: Executeur, lignes: ReadonlyArray<Insertable<RegionsTable>>) => insererParLots(db, 'regions', 'code', lignes);
export const insererDepartements = (db: Executeur, lignes: ReadonlyArray<Insertable<DepartementsTable>>) =>
  insererParLots(db, 'departements', 'code', lignes);
export const insererEpci = (db: Executeur, lignes: ReadonlyArray<Insertable<EpciTable>>) => insererParLots(db, 'epci', 'code', lignes);
export const insererCommunes = (db: Executeur, lignes: ReadonlyArray<Insertable<CommunesTable>>) =>
  insererParLots(db, 'communes', 'code_insee', lignes);

/** One commune row as stored (used by tests and by modules that join on communes in SQL). */
export async function lireCommune(db: Executeur, codeInsee: string) {
  return db.selectFrom('communes').selectAll().where('code_insee', '=', codeInsee).executeTakeFirst();
}
