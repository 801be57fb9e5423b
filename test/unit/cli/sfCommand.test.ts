/*
 * LeanCommand must be indistinguishable from SfCommand in what a user or a script sees: the same commands run
 * through both bases must print the same stdout and stderr, set the same exit code and produce the same --json.
 * If sf-plugins-core changes its contract, these tests fail and LeanCommand follows.
 */
import { expect } from 'chai';
import { Flags as OclifFlags } from '@oclif/core';
import { SfError } from '@salesforce/core/sfError';
import { TestContext } from '@salesforce/core/testSetup';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lifecycle } from '@salesforce/core/lifecycle';
import { SfCommand as CoreSfCommand } from '@salesforce/sf-plugins-core';
import { Flags, SfCommand as LeanSfCommand, SfCommandError as LeanSfCommandError } from '../../../src/cli/sfCommand.js';
import { SfCommand as OrgSfCommand } from '../../../src/cli/sfOrgCommand.js';

type Outcome = { stdout: string; stderr: string; exitCode: number | undefined; thrown?: { exit?: number; skip?: boolean; name?: string; message?: string } };
type Body = (command: { warn(input: string | { name: string; message: string; actions?: string[] }): unknown; log(line: string): void }) => Promise<unknown>;

const flags = {
  name: OclifFlags.string({ summary: 'a name', char: 'n' }),
  required: OclifFlags.string({ summary: 'a required flag' }),
};

/** The same command on both bases; both classes are named Probe, as the JSON names the command class. */
function probes(body: Body, options: { requireFlag?: boolean } = {}): Array<{ base: string; run: (argv: string[]) => Promise<unknown> }> {
  const commandFlags = options.requireFlag ? { ...flags, required: Flags.string({ summary: 'a required flag', required: true }) } : flags;
  const sf = class Probe extends CoreSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly flags = commandFlags;
    public async run(): Promise<unknown> {
      await this.parse(Probe);
      return body(this);
    }
  };
  const lean = class Probe extends LeanSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly flags = commandFlags;
    public async run(): Promise<unknown> {
      await this.parse(Probe);
      return body(this);
    }
  };
  return [
    { base: 'SfCommand', run: (argv) => sf.run(argv) },
    { base: 'LeanCommand', run: (argv) => lean.run(argv) },
  ];
}

async function capture(run: () => Promise<unknown>): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  // Both bases exit 130 on a signal: drop the listeners each run adds, so repeated runs do not warn about a leak.
  const signals = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  let thrown: Outcome['thrown'];
  try {
    await run();
  } catch (error) {
    const e = error as { oclif?: { exit?: number }; skipOclifErrorHandling?: boolean; name?: string; message?: string };
    thrown = { exit: e.oclif?.exit, skip: e.skipOclifErrorHandling, name: e.name, message: e.message };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const signal of signals) process.listeners(signal).filter((l) => !before.get(signal)?.includes(l)).forEach((l) => process.removeListener(signal, l));
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout: out.join(''), stderr: err.join(''), exitCode, thrown };
}

/** Stack traces (the error's and its inspected cause's) name each base's own frames: compared without their frames. */
function comparable(outcome: Outcome): Outcome {
  const stdout = outcome.stdout.trim().startsWith('{') ? normalizeJson(outcome.stdout) : outcome.stdout;
  return { ...outcome, stdout };
}
function normalizeJson(text: string): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  if (typeof json.stack === 'string') json.stack = json.stack.split('\n')[0];
  if (typeof json.cause === 'string') json.cause = json.cause.replace(/\n\s+at .*/g, '');
  return JSON.stringify(json, null, 2);
}

const sfError = (): SfError => new SfError('The run-as user is missing.', 'RunAsUserMissingError', ['Pass --run-as-user.', 'Or leave the flow out.'], 1);
const withExit = (): SfError => Object.assign(new SfError('Still deploying.', 'DeployWaitExpired', ['sf project deploy report --job-id 0Af'], 69), { data: { deployId: '0Af' } });

const CASES: Array<{ what: string; argv: string[]; body: Body; requireFlag?: boolean; exit: number | undefined }> = [
  {
    what: 'a result with a plain and a structured warning',
    argv: ['--name', 'x'],
    body: async (c) => {
      c.log('wrote 5 files');
      c.warn('plain warning');
      c.warn({ name: 'KeyNotIgnored', message: 'The key is not ignored by git.', actions: ['Add .eca-keys/ to .gitignore.'] });
      return { files: 5 };
    },
    exit: undefined,
  },
  { what: 'an SfError with actions', argv: [], body: async () => Promise.reject(sfError()), exit: 1 },
  { what: 'an SfError with its own exit code and data', argv: [], body: async () => Promise.reject(withExit()), exit: 69 },
  { what: 'a plain Error', argv: [], body: async () => Promise.reject(new Error('something broke')), exit: 1 },
  { what: 'a TypeError (exit 10)', argv: [], body: async () => Promise.reject(new TypeError('x is undefined')), exit: 10 },
  { what: 'an internal server error (gack, exit 20)', argv: [], body: async () => Promise.reject(new Error('An unexpected error occurred. 123456789-12345 (-1234567)')), exit: 20 },
  { what: 'a missing required flag (exit 2)', argv: [], body: async () => ({}), requireFlag: true, exit: 2 },
  { what: 'an unquoted value with spaces (exit 2, quoting suggested)', argv: ['--name', 'Billing', 'Sync'], body: async () => ({}), exit: 2 },
];

describe('LeanCommand: the output contract of SfCommand without its imports', () => {
  const $$ = new TestContext();
  afterEach(() => {
    delete process.env.SF_CONTENT_TYPE;
    $$.restore();
  });

  for (const { what, argv, body, requireFlag, exit } of CASES) {
    for (const mode of ['human', '--json', 'SF_CONTENT_TYPE=JSON'] as const) {
      it(`${what}: the same ${mode} output and exit code as SfCommand`, async () => {
        const outcomes: Outcome[] = [];
        for (const probe of probes(body, { requireFlag })) {
          if (mode === 'SF_CONTENT_TYPE=JSON') process.env.SF_CONTENT_TYPE = 'json';
          outcomes.push(comparable(await capture(() => probe.run(mode === '--json' ? [...argv, '--json'] : argv))));
        }
        const [sf, lean] = outcomes;
        expect(sf.exitCode, 'SfCommand exit code').to.equal(exit);
        expect(lean).to.deep.equal(sf);
        if (mode !== 'human') expect(() => JSON.parse(lean.stdout) as unknown).not.to.throw();
        if (mode === 'human' && exit !== undefined) expect(lean.stderr).to.match(/Error( \(\w+\))?:/);
      });
    }
  }

  it('suggests the quoted flag for an unquoted value', async () => {
    const [, lean] = probes(async () => ({}));
    const outcome = await capture(() => lean.run(['--name', 'Billing', 'Sync']));
    expect(outcome.stderr).to.include('Unexpected argument: Sync').and.include('--name "Billing Sync"');
  });

  it('builds its error from the same fields as SfCommandError', () => {
    const error = LeanSfCommandError.from(withExit(), 'Probe', ['a warning']);
    expect(error.toJson()).to.include({ name: 'DeployWaitExpired', exitCode: 69, status: 69, code: 'DeployWaitExpired', commandName: 'Probe', context: 'Probe' });
    expect(error.toJson().data).to.deep.equal({ deployId: '0Af' });
    expect(error.oclif).to.deep.equal({ exit: 69 });
  });
});

type OrgBody = (command: {
  spinner: { start(action: string): void; stop(message?: string): void; status?: string };
  logSensitive(message: string): void;
  log(line: string): void;
}) => Promise<unknown>;

/** The same org command on SfCommand and on OrgCommand (both named OrgProbe). */
function orgProbes(body: OrgBody, requiresProject: boolean): Array<(argv: string[]) => Promise<unknown>> {
  const sf = class OrgProbe extends CoreSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly requiresProject = requiresProject;
    public async run(): Promise<unknown> {
      await this.parse(OrgProbe);
      return body(this as unknown as Parameters<OrgBody>[0]);
    }
  };
  const org = class OrgProbe extends OrgSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly requiresProject = requiresProject;
    public async run(): Promise<unknown> {
      await this.parse(OrgProbe);
      return body(this as unknown as Parameters<OrgBody>[0]);
    }
  };
  return [(argv) => sf.run(argv), (argv) => org.run(argv)];
}

const ORG_CASES: Array<{ what: string; body: OrgBody; requiresProject: boolean; inProject: boolean }> = [
  {
    what: 'a spinner, a status and a Lifecycle warning from the org layers',
    requiresProject: true,
    inProject: true,
    body: async (c) => {
      c.spinner.start('Deploying');
      c.spinner.status = 'InProgress 2/5';
      await Lifecycle.getInstance().emitWarning('The org is on an older API version.');
      c.spinner.stop('Succeeded');
      c.log('done');
      return { ok: true };
    },
  },
  {
    what: 'an error while the spinner runs',
    requiresProject: false,
    inProject: false,
    body: async (c) => {
      c.spinner.start('Deploying');
      return Promise.reject(new SfError('The org rejected the deploy.', 'DeployFailedError', ['Fix the files.'], 1));
    },
  },
  {
    what: 'sensitive output (--show-secrets)',
    requiresProject: false,
    inProject: false,
    body: async (c) => {
      c.logSensitive('access token: 00D!secret');
      return { shown: true };
    },
  },
  { what: 'a command that needs a project, run outside one', requiresProject: true, inProject: false, body: async () => ({}) },
];

describe('OrgCommand: SfCommand\'s org plumbing without its terminal UI libraries', () => {
  const $$ = new TestContext();
  let cwd: string;
  beforeEach(() => (cwd = process.cwd()));
  afterEach(() => {
    process.chdir(cwd);
    $$.restore();
  });

  for (const { what, body, requiresProject, inProject } of ORG_CASES) {
    for (const mode of ['human', '--json'] as const) {
      it(`${what}: the same ${mode} output, exit code and error as SfCommand`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'eca-orgprobe-'));
        if (inProject) writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }));
        process.chdir(dir);
        $$.inProject(inProject);
        const outcomes: Outcome[] = [];
        for (const run of orgProbes(body, requiresProject)) {
          outcomes.push(comparable(await capture(() => run(mode === '--json' ? ['--json'] : []))));
        }
        const [sf, org] = outcomes;
        expect(org).to.deep.equal(sf);
        expect(sf.stdout + sf.stderr + JSON.stringify(sf.thrown), 'the case shows something').not.to.equal('');
        if (requiresProject && !inProject) expect(org.thrown?.name).to.equal('RequiresProjectError');
      });
    }
  }
});
