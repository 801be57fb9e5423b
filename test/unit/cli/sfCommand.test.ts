/*
 * The org-free base must be indistinguishable from SfCommand in what a user or a script sees: the same commands
 * run through both bases must print the same stdout and stderr, set the same exit code and produce the same --json.
 * If sf-plugins-core changes its contract, these tests (or sfCommandContract.test.ts) fail and the base follows.
 * What only a fresh process shows (SFDX_CONTENT_TYPE, colour on a terminal) is in freshProcess.test.ts.
 */
import { expect } from 'chai';
import { Flags as OclifFlags } from '@oclif/core';
import { SfError } from '@salesforce/core/sfError';
import { TestContext } from '@salesforce/core/testSetup';
import { SfCommand as CoreSfCommand } from '@salesforce/sf-plugins-core';
import { Flags, SfCommand as LeanSfCommand, SfCommandError as LeanSfCommandError } from '../../../src/cli/sfCommand.js';
import {
  type Outcome,
  type ProbeCommand,
  capture,
  comparable,
  multipleApiErrors,
  wrappedMultipleApiErrors,
} from './parity.js';

type Body = (command: ProbeCommand) => Promise<unknown>;
type State = 'beta' | 'preview' | undefined;

const flags = {
  name: OclifFlags.string({ summary: 'a name', char: 'n' }),
  required: OclifFlags.string({ summary: 'a required flag' }),
};

/** The same command on both bases; both classes are named Probe, as the JSON names the command class. */
function probes(
  body: Body,
  options: { requireFlag?: boolean; state?: State } = {},
): Array<{ base: string; run: (argv: string[]) => Promise<unknown> }> {
  const commandFlags = options.requireFlag
    ? { ...flags, required: Flags.string({ summary: 'a required flag', required: true }) }
    : flags;
  const sf = class Probe extends CoreSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly flags = commandFlags;
    public static override readonly state = options.state;
    public async run(): Promise<unknown> {
      await this.parse(Probe);
      return body(this);
    }
  };
  const lean = class Probe extends LeanSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly flags = commandFlags;
    public static override readonly state = options.state;
    public async run(): Promise<unknown> {
      await this.parse(Probe);
      return body(this);
    }
  };
  return [
    { base: 'SfCommand', run: (argv) => sf.run(argv) },
    { base: 'lean SfCommand', run: (argv) => lean.run(argv) },
  ];
}

const sfError = (): SfError =>
  new SfError(
    'The run-as user is missing.',
    'RunAsUserMissingError',
    ['Pass --run-as-user.', 'Or leave the flow out.'],
    1,
  );
const withExit = (): SfError =>
  Object.assign(new SfError('Still deploying.', 'DeployWaitExpired', ['sf project deploy report --job-id 0Af'], 69), {
    data: { deployId: '0Af' },
  });

type Case = {
  what: string;
  argv: string[];
  body: Body;
  requireFlag?: boolean;
  state?: State;
  exit: number | undefined;
};

const CASES: Case[] = [
  {
    what: 'a result with a plain and a structured warning',
    argv: ['--name', 'x'],
    body: async (c) => {
      c.log('wrote 5 files');
      c.warn('plain warning');
      c.warn({
        name: 'KeyNotIgnored',
        message: 'The key is not ignored by git.',
        actions: ['Add .eca-keys/ to .gitignore.'],
      });
      return { files: 5 };
    },
    exit: undefined,
  },
  {
    what: 'info lines (plain and with actions) and a success line',
    argv: [],
    body: async (c) => {
      c.info('plain info');
      c.info({ name: 'NextStep', message: 'Deploy it next.', actions: ['sf eca deploy --name x'] });
      c.logSuccess('Generated.');
      return { ok: true };
    },
    exit: undefined,
  },
  {
    what: 'sensitive output',
    argv: [],
    body: async (c) => (c.logSensitive('client secret: 5EC2E7'), { shown: true }),
    exit: undefined,
  },
  { what: 'a beta command', argv: [], body: async () => ({ ok: true }), state: 'beta', exit: undefined },
  {
    what: 'a preview command that fails',
    argv: [],
    body: async () => Promise.reject(sfError()),
    state: 'preview',
    exit: 1,
  },
  { what: 'an SfError with actions', argv: [], body: async () => Promise.reject(sfError()), exit: 1 },
  {
    what: 'an SfError with its own exit code and data',
    argv: [],
    body: async () => Promise.reject(withExit()),
    exit: 69,
  },
  { what: 'a plain Error', argv: [], body: async () => Promise.reject(new Error('something broke')), exit: 1 },
  {
    what: 'an error with a numeric code (kept a number in the JSON)',
    argv: [],
    body: async () => Promise.reject(Object.assign(new Error('numbered'), { code: 3 })),
    exit: 3,
  },
  {
    what: 'a TypeError (exit 10)',
    argv: [],
    body: async () => Promise.reject(new TypeError('x is undefined')),
    exit: 10,
  },
  {
    what: 'an internal server error (gack, exit 20)',
    argv: [],
    body: async () => Promise.reject(new Error('An unexpected error occurred. 123456789-12345 (-1234567)')),
    exit: 20,
  },
  {
    what: 'a multi-error REST answer (MULTIPLE_API_ERRORS: the table)',
    argv: [],
    body: async () => Promise.reject(wrappedMultipleApiErrors()),
    exit: 1,
  },
  {
    what: "jsforce's own multi-error error (its code is the exit code: no table)",
    argv: [],
    body: async () => Promise.reject(multipleApiErrors()),
    exit: 1,
  },
  { what: 'a missing required flag (exit 2)', argv: [], body: async () => ({}), requireFlag: true, exit: 2 },
  {
    what: 'an unquoted value with spaces (exit 2, quoting suggested)',
    argv: ['--name', 'Billing', 'Sync'],
    body: async () => ({}),
    exit: 2,
  },
];

/** Runs the case on both bases under `env`, and returns SfCommand's outcome and the lean base's. */
async function runBoth(
  { argv, body, requireFlag, state }: Case,
  env: Record<string, string>,
  json = false,
): Promise<[Outcome, Outcome]> {
  const outcomes: Outcome[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    for (const probe of probes(body, { requireFlag, state })) {
      outcomes.push(comparable(await capture(() => probe.run(json ? [...argv, '--json'] : argv))));
    }
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return [outcomes[0], outcomes[1]];
}

describe('lean SfCommand: the output contract of SfCommand without its imports', () => {
  const $$ = new TestContext();
  afterEach(() => $$.restore());

  const MODES = { human: {}, '--json': {}, 'SF_CONTENT_TYPE=JSON': { SF_CONTENT_TYPE: 'json' } } as const;
  for (const testCase of CASES) {
    for (const [mode, env] of Object.entries(MODES)) {
      it(`${testCase.what}: the same ${mode} output and exit code as SfCommand`, async () => {
        const [sf, lean] = await runBoth(testCase, env, mode === '--json');
        expect(sf.exitCode, 'SfCommand exit code').to.equal(testCase.exit);
        expect(lean).to.deep.equal(sf);
        if (mode !== 'human') expect(() => JSON.parse(lean.stdout) as unknown).not.to.throw();
        if (mode === 'human' && testCase.exit !== undefined) expect(lean.stderr).to.match(/Error( \(\w+\))?:/);
      });
    }
  }

  const byName = (what: string): Case => CASES.find((c) => c.what.startsWith(what))!;
  const ENVIRONMENTS: Array<{ env: Record<string, string>; cases: string[]; check: (sf: Outcome) => void }> = [
    // core's Mode.DEVELOPMENT, read by formatError from SF_ENV alone, exactly.
    {
      env: { SF_ENV: 'development' },
      cases: ['an SfError with actions', 'a multi-error'],
      check: (sf) => expect(sf.stderr).to.include('*** Internal Diagnostic ***'),
    },
    {
      env: { SFDX_ENV: 'development' },
      cases: ['an SfError with actions'],
      check: (sf) => expect(sf.stderr).not.to.include('Internal Diagnostic'),
    },
    {
      env: { SF_ENV: 'DEVELOPMENT' },
      cases: ['an SfError with actions'],
      check: (sf) => expect(sf.stderr).not.to.include('Internal Diagnostic'),
    },
    // The table narrowed to a terminal's width (@oclif/table reads the override, else stdout's columns).
    {
      env: { OCLIF_TABLE_COLUMN_OVERRIDE: '60' },
      cases: ['a multi-error'],
      check: (sf) => expect(sf.stderr).to.include('…'),
    },
    // SF_CONTENT_TYPE is not case-sensitive; any other value is human output.
    { env: { SF_CONTENT_TYPE: 'JSON' }, cases: ['a result'], check: (sf) => expect(sf.stdout).to.match(/^{/) },
    {
      env: { SF_CONTENT_TYPE: 'text' },
      cases: ['a result'],
      check: (sf) => expect(sf.stdout).to.equal('wrote 5 files\n'),
    },
  ];
  for (const { env, cases, check } of ENVIRONMENTS) {
    for (const what of cases) {
      it(`${what} under ${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}: the same output as SfCommand`, async () => {
        const [sf, lean] = await runBoth(byName(what), env);
        check(sf);
        expect(lean).to.deep.equal(sf);
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
    expect(error.toJson()).to.include({
      name: 'DeployWaitExpired',
      exitCode: 69,
      status: 69,
      code: 'DeployWaitExpired',
      commandName: 'Probe',
      context: 'Probe',
    });
    expect(error.toJson().data).to.deep.equal({ deployId: '0Af' });
    expect(error.oclif).to.deep.equal({ exit: 69 });
  });
});
