/*
 * `npm test` on a fresh machine: the browser tests' Chromium is checked first (npm's pretest), installed when it
 * can be, and otherwise the run stops at once with the one command to run — not after the unit tests, with a
 * playwright error.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(REPO_ROOT, 'scripts', 'ensure-chromium.sh');

function ensure(env: Record<string, string>): { status: number | null; stderr: string } {
  // PATH without apt-get (nor sudo): a machine where the script cannot install.
  const run = spawnSync('/bin/bash', [SCRIPT], { env: { PATH: '/nonexistent', ...env }, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('scripts/ensure-chromium.sh (before npm test and npm run test:e2e)', () => {
  it('runs before the test scripts', () => {
    const scripts = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.pretest).to.equal('bash scripts/ensure-chromium.sh');
    expect(scripts['pretest:e2e']).to.equal('bash scripts/ensure-chromium.sh');
  });

  it('returns at once when Chromium is there', () => {
    const run = ensure({ ECA_CHROMIUM: '/bin/bash' });
    expect(run.status).to.equal(0);
    expect(run.stderr).to.equal('');
  });

  it('stops at once with the one command to run when it cannot install Chromium', () => {
    const run = ensure({ ECA_CHROMIUM: '/nonexistent/chromium' });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('the browser tests need Chromium at /nonexistent/chromium');
    expect(run.stderr).to.match(/Run this, then run the tests again:\n {2}\S/);
  });
});
