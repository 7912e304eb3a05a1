#!/usr/bin/env node
// Launcher for `npx maillage`: the CLI is TypeScript run by Node 24's type stripping. When an older Node
// answers to `node`, hand over to the Node 24 that the project pins in node_modules/.bin.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'src', 'cli.ts');
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  await import(cli);
} else {
  const node24 = path.join(root, 'node_modules', '.bin', 'node');
  const r = spawnSync(node24, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) {
    console.error(`Maillage demande Node 24 : lancez \`npm install\` dans ${root}.`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}
