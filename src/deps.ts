import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import type { Logger } from './logger.ts';

/**
 * Everything the app and the CLI need, built once from config + database + logger.
 * Modules add their service here; nothing is created at import time.
 */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  /** Called on shutdown, in reverse order of registration. */
  readonly onClose: (fn: () => Promise<void> | void) => void;
}

export async function createDeps(config: Config, logger: Logger, database: DatabaseHandle): Promise<Deps & { close(): Promise<void> }> {
  const closers: Array<() => Promise<void> | void> = [];
  const deps: Deps = { config, logger, database, onClose: (fn) => closers.push(fn) };
  return {
    ...deps,
    async close() {
      for (const fn of closers.reverse()) await fn();
    },
  };
}
