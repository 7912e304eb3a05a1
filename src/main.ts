import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { boot } from './boot.ts';
import { ConfigError } from './config.ts';
import { prepareFirstStart } from './first-start.ts';

async function main(): Promise<void> {
  const started = await boot();
  const { config, logger, deps } = started;
  await prepareFirstStart(deps);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info({ url: `http://localhost:${info.port}`, base: deps.database.engine }, 'Maillage est démarré');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'arrêt en cours');
    // Stop accepting connections, let in-flight requests finish, then close the database.
    server.close(async () => {
      await started.close();
      logger.info('arrêté');
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Démarrage impossible :', err instanceof Error ? err.message : err);
  process.exit(1);
});
