// `npm run bench`: every bench/*.bench.ts, one after the other (never in parallel: they measure the machine),
// each in its own process so that one's peak memory does not show in the next. Exit code 1 if any failed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dossier = path.dirname(fileURLToPath(import.meta.url));
const benchs = readdirSync(dossier).filter((f) => f.endsWith('.bench.ts')).sort();
const echecs: string[] = [];
for (const f of benchs) {
  console.log(`\n━━ ${f}`);
  const r = spawnSync(process.execPath, [path.join(dossier, f), ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) echecs.push(f);
}
if (echecs.length) {
  console.error(`\nÉchec : ${echecs.join(', ')}`);
  process.exit(1);
}
