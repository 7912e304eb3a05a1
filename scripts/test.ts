// `npm test`: the type check, then every test file with node's test runner.
// Usage: npm test [-- <file or glob>…]   (files narrow the run; the type check always runs)
import { spawnSync } from 'node:child_process';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const files = process.argv.slice(2);
if (!process.env.SKIP_TYPECHECK) {
  console.log('› tsc --noEmit');
  if (run('tsc', ['--noEmit', '-p', '.']) !== 0) process.exit(1);
}
const patterns = files.length ? files : ['src/**/*.test.ts', 'test/**/*.test.ts'];
// Each file gets its own process; two cores, so two at a time keeps browser and database tests from starving.
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
process.exit(run(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...patterns]));
