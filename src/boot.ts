import { mkdir } from 'node:fs/promises';
import { loadConfig, type Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createDeps } from './deps.ts';
import { createLogger, type Logger } from './logger.ts';

/** Shared by the server and the CLI: config → logger → database (migrated) → deps. */
export async function boot(options: { env?: NodeJS.ProcessEnv; logger?: Logger; migrate?: boolean } = {}) {
  const config: Config = loadConfig(options.env);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL) await mkdir(config.MAILLAGE_DATA_DIR, { recursive: true });
  const database = await connectDatabase({ url: config.DATABASE_URL, dataDir: config.MAILLAGE_DATA_DIR });
  if (options.migrate !== false) {
    const applied = await migrateToLatest(database.db);
    if (applied.length) logger.info({ applied }, 'migrations appliquées');
  }
  const deps = await createDeps(config, logger, database);
  return {
    config,
    logger,
    deps,
    async close() {
      await deps.close();
      await database.close();
    },
  };
}
