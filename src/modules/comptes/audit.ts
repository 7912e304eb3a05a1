import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface EntreeAudit {
  acteur: number | null;
  action: string;
  objet_type: string;
  objet_id?: string | number | null;
  avant?: unknown;
  apres?: unknown;
}

/**
 * One line of the append-only audit log, written in the same transaction as the change it describes (so a
 * change without its line, or a line without its change, cannot happen). Never put secrets in avant/apres.
 */
export async function journaliser(trx: Kysely<Database>, e: EntreeAudit): Promise<void> {
  await trx
    .insertInto('journal_audit')
    .values({
      acteur_id: e.acteur,
      action: e.action,
      objet_type: e.objet_type,
      objet_id: e.objet_id === undefined || e.objet_id === null ? null : String(e.objet_id),
      avant: e.avant === undefined ? null : JSON.stringify(e.avant),
      apres: e.apres === undefined ? null : JSON.stringify(e.apres),
    })
    .execute();
}

export async function lireJournal(db: Kysely<Database>, o: { avant?: number | undefined; limite: number; acteur?: number | undefined }) {
  let q = db.selectFrom('journal_audit').selectAll().orderBy('id', 'desc').limit(o.limite);
  if (o.avant !== undefined) q = q.where('id', '<', o.avant);
  if (o.acteur !== undefined) q = q.where('acteur_id', '=', o.acteur);
  return q.execute();
}
