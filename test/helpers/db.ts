import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle, type Engine } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** Engines a repository test runs on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh, migrated database: an in-memory PGlite, or a new PostgreSQL database created on the server of
 * TEST_DATABASE_URL and dropped on close. Never shared between test files, so tests can run in parallel.
 */
export async function createTestDatabase(engine: Engine = 'pglite'): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    return connectDatabase({ dataDir: 'memory', loadDataDir: await migratedTemplate() });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL manquant pour un test PostgreSQL');
  const base = await basePostgresJetable(adminUrl, 'maillage_t');
  const handle = await connectDatabase({ url: base.url, poolSize: 8 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      await base.supprimer();
    },
  };
}

/**
 * A new, empty database on the PostgreSQL server of `adminUrl` (tests and benches): its URL, and `supprimer`,
 * which drops it even while sessions are still open on it.
 */
export async function basePostgresJetable(adminUrl: string, prefixe: string): Promise<{ url: string; supprimer(): Promise<void> }> {
  const nom = `${prefixe}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await requeteAdmin(adminUrl, `CREATE DATABASE ${nom}`);
  const url = new URL(adminUrl);
  url.pathname = `/${nom}`;
  return { url: url.toString(), supprimer: () => requeteAdmin(adminUrl, `DROP DATABASE IF EXISTS ${nom} WITH (FORCE)`) };
}

async function requeteAdmin(adminUrl: string, texte: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(texte);
  } finally {
    await admin.end();
  }
}

/**
 * initdb costs ~4 s per PGlite; loading a dump of an already-migrated database costs ~1 s. The template is
 * rebuilt whenever a migration file changes (its content hash names the cache file).
 */
async function migratedTemplate(): Promise<Blob> {
  const dir = path.resolve('src/db/migrations');
  const hash = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) hash.update(f).update(await readFile(path.join(dir, f)));
  const cacheDir = path.resolve('node_modules/.cache/maillage-test');
  const file = path.join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    return await openAsBlob(file);
  } catch {
    const handle = await connectDatabase({ dataDir: 'memory' });
    await migrateToLatest(handle.db);
    const blob = await handle.dump!();
    await handle.close();
    await mkdir(cacheDir, { recursive: true });
    // Write then rename, so parallel test files never read a half-written template.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
    await rename(tmp, file);
    return blob;
  }
}
