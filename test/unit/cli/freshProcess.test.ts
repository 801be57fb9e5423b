/*
 * What only a fresh process shows, run through SfCommand, the lean base and the org base, each in a process of
 * its own (test/unit/cli/fixtures/probeCommand.ts): SFDX_CONTENT_TYPE, which @salesforce/core resolves when it is
 * loaded (with Node's deprecation warning), and colour, which ansis and ink's chalk decide when they are loaded
 * (FORCE_COLOR, NO_COLOR, a terminal).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparable } from './parity.js';

type Run = { stdout: string; stderr: string; exitCode: number | null };

const PROBE = fileURLToPath(new URL('fixtures/probeCommand.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BASES = ['SfCommand', 'lean', 'org'] as const;
const DEPRECATED = 'Warning: Deprecated environment variable: SFDX_CONTENT_TYPE. Please use SF_CONTENT_TYPE instead.';

/** The variables of this process that would change the output, left out; a home of its own. */
function environment(extra: Record<string, string>, home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SF_|SFDX_|FORCE_COLOR$|NO_COLOR$|OCLIF_|NODE_OPTIONS$)/.test(key),
    ),
  );
  return { ...env, HOME: home, USERPROFILE: home, SF_DISABLE_LOG_FILE: 'true', SF_DISABLE_TELEMETRY: 'true', ...extra };
}

async function probe(base: string, scenario: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', PROBE, base, scenario, ...argv], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) =>
    child.on('error', reject).on('close', resolve),
  );
  return {
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err)
      .toString()
      .replace(/\(node:\d+\)/g, '(node:PID)'),
    exitCode,
  };
}

type Case = { what: string; scenario: string; argv?: string[]; env: Record<string, string>; check: (sf: Run) => void };

const isJson = (run: Run): void => {
  expect(() => JSON.parse(run.stdout) as unknown).not.to.throw();
};
const ESC = '\u001B[';

const CASES: Case[] = [
  {
    what: 'SFDX_CONTENT_TYPE=JSON: JSON, after the deprecation warning',
    scenario: 'result',
    env: { SFDX_CONTENT_TYPE: 'JSON' },
    check: (sf) => (isJson(sf), expect(sf.stderr).to.include(DEPRECATED)),
  },
  {
    what: 'SFDX_CONTENT_TYPE=json and an error',
    scenario: 'error',
    env: { SFDX_CONTENT_TYPE: 'json' },
    check: (sf) => (isJson(sf), expect(sf.exitCode).to.equal(1)),
  },
  {
    what: 'both names, the same value: JSON, no warning',
    scenario: 'result',
    env: { SFDX_CONTENT_TYPE: 'JSON', SF_CONTENT_TYPE: 'JSON' },
    check: (sf) => (isJson(sf), expect(sf.stderr).to.equal('')),
  },
  {
    what: 'both names, different values: SF_CONTENT_TYPE wins, with the disagreement warning',
    scenario: 'result',
    env: { SFDX_CONTENT_TYPE: 'JSON', SF_CONTENT_TYPE: 'human' },
    check: (sf) => (
      expect(sf.stdout).to.equal('wrote 5 files\n'),
      expect(sf.stderr).to.include('The value from SF_CONTENT_TYPE will be used.')
    ),
  },
  {
    what: 'FORCE_COLOR=1: a coloured warning',
    scenario: 'result',
    env: { FORCE_COLOR: '1' },
    check: (sf) => expect(sf.stderr).to.include(`${ESC}1m${ESC}33mWarning:`),
  },
  {
    what: 'FORCE_COLOR=1: a coloured error and table',
    scenario: 'apiErrors',
    env: { FORCE_COLOR: '1' },
    check: (sf) => expect(sf.stderr).to.include(`│${ESC}1m${ESC}34m Error Code`),
  },
  {
    what: 'FORCE_COLOR=1: coloured --json',
    scenario: 'result',
    argv: ['--json'],
    env: { FORCE_COLOR: '1' },
    check: (sf) => expect(sf.stdout).to.include(`${ESC}94m"status"`),
  },
  {
    what: 'FORCE_COLOR=0: no colour',
    scenario: 'apiErrors',
    env: { FORCE_COLOR: '0' },
    check: (sf) => expect(sf.stderr).not.to.include(ESC),
  },
  // A terminal as ansis sees it (stdout.isTTY). ink's chalk and oclif's colorizeJson (supports-color) ask the file
  // descriptor, still a pipe here: the table's headings and the JSON stay plain, as they do under SfCommand.
  {
    what: 'a terminal 60 columns wide: a coloured error, the table narrowed, its headings plain',
    scenario: 'apiErrors',
    env: { PROBE_TTY: '60' },
    check: (sf) =>
      expect(sf.stderr).to.include(`${ESC}1m${ESC}31mError`).and.include('…').and.include('│ Error Code      │'),
  },
  {
    what: 'a terminal: --json',
    scenario: 'result',
    argv: ['--json'],
    env: { PROBE_TTY: '100' },
    check: (sf) => (isJson(sf), expect(sf.stderr).to.equal('')),
  },
  {
    what: 'a terminal with NO_COLOR: no colour',
    scenario: 'error',
    env: { PROBE_TTY: '100', NO_COLOR: '1' },
    check: (sf) => expect(sf.stderr).not.to.include(ESC),
  },
];

describe('fresh processes: environment and colour decided when the libraries load', function () {
  this.timeout(180_000);
  const runs = new Map<string, Run[]>();
  let home: string;
  after(() => rmSync(home, { recursive: true, force: true }));

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'eca-probe-home-'));
    const jobs = CASES.flatMap((c) =>
      BASES.map((base) => ({
        key: c.what,
        base,
        run: () => probe(base, c.scenario, c.argv ?? [], environment(c.env, home)),
      })),
    );
    const results = new Map<string, Run>();
    // A few processes at a time: each loads its base (SfCommand's takes over a second).
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          results.set(`${job.key}|${job.base}`, await job.run());
        }
      }),
    );
    for (const c of CASES)
      runs.set(
        c.what,
        BASES.map((base) => results.get(`${c.what}|${base}`)!),
      );
  });

  for (const c of CASES) {
    it(`${c.what}: the same output from SfCommand, the lean base and the org base`, () => {
      const [sf, lean, org] = runs.get(c.what)!.map(comparable);
      c.check(sf);
      expect(lean, 'lean base').to.deep.equal(sf);
      expect(org, 'org base').to.deep.equal(sf);
    });
  }
});
