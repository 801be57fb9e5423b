/*
 * `npm run test:nuts`: the real-org suite. Without the environment it needs (test/nuts/env.ts), it prints what to
 * set and exits 0 without running a test: CI runs no org tests, and a missing org is never a failure. With it, it
 * runs mocha on test/nuts/**\/*.nut.ts with timeouts long enough for a new app to propagate (2-10 minutes, at times
 * longer). Arguments after `--` go to mocha (e.g. `npm run test:nuts -- --grep "client credentials"`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { needsBlock, readNutEnv } from './env.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MOCHA = fileURLToPath(new URL('../../node_modules/mocha/bin/mocha.js', import.meta.url));
const BUILT_COMMAND = fileURLToPath(new URL('../../lib/commands/eca/verify.js', import.meta.url));

const checked = readNutEnv();
if (!checked.ok) {
  console.log(needsBlock(checked.missing));
  process.exit(0);
}

if (!process.env.TESTKIT_EXECUTABLE_PATH && !existsSync(BUILT_COMMAND)) {
  console.error('The real-org tests run the built CLI (bin/run.js), but lib/ is missing: run `npm run build` first.');
  process.exit(1);
}

// Each test may wait out a new app's propagation (verify's --wait) and then some.
const testTimeoutMs = (checked.env.waitMinutes + 5) * 60_000;
const args = [
  MOCHA,
  // Only these options: the repository's .mocharc.json names the unit and e2e tests, which must not run here.
  '--no-config',
  '--no-package',
  '--node-option',
  'import=tsx',
  '--extension',
  'ts',
  '--reporter',
  'spec',
  '--timeout',
  String(testTimeoutMs),
  '--slow',
  String(5 * 60_000),
  'test/nuts/**/*.nut.ts',
  ...process.argv.slice(2),
];

console.log(
  `Running the real-org tests (${checked.env.strategy === 'JWT' ? 'JWT' : 'auth URL'} authorization; verify waits up to ${checked.env.waitMinutes} minutes; each test times out after ${testTimeoutMs / 60_000} minutes).`,
);
const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Could not start mocha: ${error.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
