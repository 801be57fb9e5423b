/*
 * The check that every test file removes what it makes in the temporary directory (test/helpers/tempDirGuard.ts,
 * loaded by .mocharc.json): a run whose file leaves a folder fails, naming the file and the folder; a tidy run passes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const MOCHA = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** The temporary directory, without tsx's cache (which the child's tsx may add). */
const listing = (): string[] =>
  readdirSync(tmpdir())
    .filter((name) => !/^tsx-\d+$/.test(name))
    .sort();

function mocha(file: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [MOCHA, join('test/unit/setup/fixtures', file)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the temporary-directory check of the test runs', function () {
  this.timeout(90_000);

  it('fails a run whose test file leaves a folder, naming the file and the folder, and removes it', () => {
    const before = listing();
    const run = mocha('leaky.fixture.ts');
    expect(run.status, run.output).to.equal(1);
    expect(run.output).to.include('Tests left 1 entries in the temporary directory');
    expect(run.output).to.match(/test\/unit\/setup\/fixtures\/leaky\.fixture\.ts left \S+\/eca-leaky-\w+/);
    expect(run.output).not.to.include('eca-tidy-');
    const leftover = /left (\S+eca-leaky-\w+)/.exec(run.output)![1];
    expect(existsSync(leftover), 'the run removes its own temporary directory').to.equal(false);
    expect(listing()).to.deep.equal(before);
  });

  it('passes a run whose files clean up', () => {
    const run = mocha('tidy.fixture.ts');
    expect(run.status, run.output).to.equal(0);
    expect(run.output).to.include('1 passing');
  });
});
