import type { DatabaseHandle } from '../../db/connect.ts';

/**
 * One dedupe run at a time. Two runs at once would each sweep the other's unfinished generation, and one could
 * delete the generation the other carries clusters from: since every import re-publishes, that is not rare.
 * Within a process, runs queue; across processes on PostgreSQL, a session advisory lock held on a dedicated
 * connection for the whole run (released by the server if the process dies). PGlite belongs to one process.
 */
export function creerVerrouDedoublonnage(database: Pick<DatabaseHandle, 'connexionDediee'>) {
  let file: Promise<void> = Promise.resolve();
  return async function exclusif<T>(travail: () => Promise<T>): Promise<T> {
    const avant = file;
    let liberer!: () => void;
    file = new Promise<void>((r) => (liberer = r));
    await avant;
    try {
      if (!database.connexionDediee) return await travail();
      return await database.connexionDediee(async (_db, client) => {
        await client.query(`SELECT pg_advisory_lock(hashtext('maillage.dedoublonnage'))`);
        try {
          return await travail();
        } finally {
          await client.query(`SELECT pg_advisory_unlock(hashtext('maillage.dedoublonnage'))`);
        }
      });
    } finally {
      liberer();
    }
  };
}
