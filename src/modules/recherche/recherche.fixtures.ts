import type { Db } from '../../db/connect.ts';
import type { LieuxTable } from '../lieux/lieux.tables.ts';
import type { Insertable } from 'kysely';

/** Test fixtures: places written straight into `lieux` (the search reads the table, whoever wrote it). */
export type LieuFixture = Partial<Omit<Insertable<LieuxTable>, 'hors_standard'>> & { uid: string; nom: string };

export async function insererLieux(db: Db, lieux: readonly LieuFixture[], source = 'test'): Promise<void> {
  await db.insertInto('sources').values({ cle: source, nom: 'Source de test' }).onConflict((oc) => oc.column('cle').doNothing()).execute();
  if (lieux.length === 0) return;
  await db
    .insertInto('lieux')
    .values(
      lieux.map((l) => ({
        source_cle: source,
        id: l.uid,
        pivot: '12345678901234',
        commune: 'Paris',
        code_postal: '75001',
        adresse: '1 rue de test',
        date_maj: '2026-01-15',
        hors_standard: '{}',
        ...l,
      })),
    )
    .execute();
}
