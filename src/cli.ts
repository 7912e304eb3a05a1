import { ConfigError } from './config.ts';
import { UsageError, type Command } from './cli/command.ts';
import { migrateCommand } from './db/migrate.cli.ts';
import { seedDemoCommand } from './modules/lieux/demo/demo.cli.ts';
import { exportCommand, importCommand } from './modules/lieux/lieux.cli.ts';
import { communesCommand } from './modules/territoires/territoires.cli.ts';
import { adminCreateCommand, signalementsNotifierCommand } from './modules/comptes/comptes.cli.ts';
import { clustersDecideCommand, clustersShowCommand, dedupeCommand, sourcesImportCommand, sourcesListCommand } from './modules/sources/sources.cli.ts';

// Modules add their commands here.
const commands: Command[] = [migrateCommand, importCommand, exportCommand, communesCommand, seedDemoCommand, adminCreateCommand, signalementsNotifierCommand, dedupeCommand, clustersShowCommand, clustersDecideCommand, sourcesImportCommand, sourcesListCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['Usage : maillage <commande> [options]', '', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'maillage <commande> --help pour le détail.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  // Sub-commands such as `sources import` are registered under their full name.
  const command = commands.find((c) => c.name === `${name} ${rest[0] ?? ''}`.trim()) ?? commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Commande inconnue : ${name}\n\n${help()}`);
    return 2;
  }
  const args = command.name.includes(' ') ? rest.slice(1) : rest;
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${command.summary}\n\nUsage : ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Erreur : ${err.message}\n\nUsage : ${command.usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('Erreur inattendue :', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
