import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/app.ts';
import type { Engine } from '../../src/db/connect.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from './db.ts';

/** The real app on a fresh database, called in-process with app.request(). */
export async function createTestApp(options: { engine?: Engine; env?: Record<string, string> } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAILLAGE_DEMO: 'non', ...options.env });
  const logger = createLogger('silent');
  const database = await createTestDatabase(options.engine);
  const deps = await createDeps(config, logger, database);
  const app = createApp(deps);
  return {
    app,
    deps: deps as Deps,
    async close() {
      await deps.close();
      await database.close();
    },
  };
}
