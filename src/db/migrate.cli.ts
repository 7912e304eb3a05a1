import type { Command } from '../cli/command.ts';
import { boot } from '../boot.ts';
import { createLogger } from '../logger.ts';
import { migrateToLatest } from './migrate.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Applique les migrations en attente (PGlite ou PostgreSQL selon DATABASE_URL).',
  usage: 'maillage migrate',
  async run() {
    const started = await boot({ logger: createLogger('warn'), migrate: false });
    try {
      const applied = await migrateToLatest(started.deps.database.db);
      console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base déjà à jour.');
      return 0;
    } finally {
      await started.close();
    }
  },
};
