import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { boot } from '../boot.ts';
import type { Deps } from '../deps.ts';
import { createLogger } from '../logger.ts';

/** One `maillage <name>` command. Modules export theirs from <module>.cli.ts; src/cli.ts lists them. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}

/** A user's mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/**
 * Parse flags with node:util, then validate them with a zod schema (the CLI is a boundary like any other).
 */
export function parseFlags<S extends z.ZodType>(argv: string[], options: ParseArgsConfig['options'], schema: S): z.infer<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `${i.path.join('.') || 'arguments'} : ${i.message}`).join('\n'));
  }
  return result.data;
}

/** Boot the database and services for one command, close them after. Logs go to stderr, quietly. */
export async function withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const started = await boot({ logger });
  try {
    return await fn(started.deps);
  } finally {
    await started.close();
  }
}
