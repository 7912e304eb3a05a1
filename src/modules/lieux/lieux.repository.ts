import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { LieuEnregistre } from './lieux.ts';
import type { LieuxTable } from './lieux.tables.ts';
import { CHAMPS } from './standard/schema.ts';

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

/**
 * Upserts a batch by (source, id) in one statement. `xmax = 0` tells a fresh insert from an update (true on
 * every PostgreSQL version and on PGlite); `modifie_le = now()` tells an update that changed something, since
 * now() is the transaction's start time and an unchanged row keeps its older modifie_le.
 */
export async function ecrireLieux(db: Executeur, lignes: LigneLieu[]): Promise<{ crees: number; misAJour: number; inchanges: number }> {
  if (lignes.length === 0) return { crees: 0, misAJour: 0, inchanges: 0 };
  const ancien = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`lieux.${c}`)));
  const nouveau = sql.join(COLONNES_CONTENU.map((c) => sql.ref(`excluded.${c}`)));
  const rows = await db
    .insertInto('lieux')
    .values(lignes)
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
