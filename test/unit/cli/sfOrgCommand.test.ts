/*
 * The org base must print what SfCommand prints for the org plumbing it carries: the spinner, the project,
 * Lifecycle warnings, sensitive output, and (inherited from the org-free base) errors and state warnings.
 */
import { stripVTControlCharacters } from 'node:util';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lifecycle } from '@salesforce/core/lifecycle';
import { SfError } from '@salesforce/core/sfError';
import { TestContext } from '@salesforce/core/testSetup';
import { SfCommand as CoreSfCommand } from '@salesforce/sf-plugins-core';
import { SfCommand as OrgSfCommand } from '../../../src/cli/sfOrgCommand.js';
import { type Outcome, type ProbeCommand, capture, comparable, wrappedMultipleApiErrors } from './parity.js';

type OrgBody = (
  command: ProbeCommand & { spinner: { start(action: string): void; stop(message?: string): void; status?: string } },
) => Promise<unknown>;

/** The same org command on SfCommand and on the org base (both named OrgProbe). */
function orgProbes(
  body: OrgBody,
  requiresProject: boolean,
  state?: 'beta' | 'preview',
): Array<(argv: string[]) => Promise<unknown>> {
  const sf = class OrgProbe extends CoreSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly requiresProject = requiresProject;
    public static override readonly state = state;
    public async run(): Promise<unknown> {
      await this.parse(OrgProbe);
      return body(this as unknown as Parameters<OrgBody>[0]);
    }
  };
  const org = class OrgProbe extends OrgSfCommand<unknown> {
    public static override readonly summary = 'probe';
    public static override readonly requiresProject = requiresProject;
    public static override readonly state = state;
    public async run(): Promise<unknown> {
      await this.parse(OrgProbe);
      return body(this as unknown as Parameters<OrgBody>[0]);
    }
  };
  return [(argv) => sf.run(argv), (argv) => org.run(argv)];
}

const ORG_CASES: Array<{
  what: string;
  body: OrgBody;
  requiresProject: boolean;
  inProject: boolean;
  state?: 'beta' | 'preview';
}> = [
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
    what: 'a multi-error REST answer while the spinner runs (the MULTIPLE_API_ERRORS table)',
    requiresProject: false,
    inProject: false,
    body: async (c) => {
      c.spinner.start('Checking the org');
      return Promise.reject(wrappedMultipleApiErrors());
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
  {
    what: 'a beta command in a project, with a Lifecycle warning',
    requiresProject: true,
    inProject: true,
    state: 'beta',
    body: async () => Lifecycle.getInstance().emitWarning('late warning'),
  },
  {
    what: 'a preview command that needs a project, run outside one',
    requiresProject: true,
    inProject: false,
    state: 'preview',
    body: async () => ({}),
  },
  {
    what: 'a command that needs a project, run outside one',
    requiresProject: true,
    inProject: false,
    body: async () => ({}),
  },
];

/** Outside a project: `Error (RequiresProjectError)` with Try this, or the JSON envelope, through the base's catch. */
function expectRequiresProjectError(outcome: Outcome, mode: 'human' | '--json'): void {
  expect(outcome.thrown?.name).to.equal('RequiresProjectError');
  expect(outcome.thrown?.skip, 'printed by the base, not by oclif').to.equal(true);
  expect(outcome.exitCode).to.equal(1);
  if (mode === '--json') {
    const json = JSON.parse(outcome.stdout) as { name: string; status: number; actions: string[] };
    expect(json).to.include({ name: 'RequiresProjectError', status: 1 });
    expect(json.actions.join(' ')).to.include('sfdx-project.json');
  } else {
    // Coloured under CI=true (sf colours its error lines where colour is on): compare the text.
    const stderr = stripVTControlCharacters(outcome.stderr);
    expect(stderr).to.match(/^Error \(RequiresProjectError\): This command is required to run from within/m);
    expect(stderr).to.include('Try this:');
    expect(outcome.stderr).to.include('sfdx-project.json');
  }
}

describe("org SfCommand: SfCommand's org plumbing without its terminal UI libraries", () => {
  const $$ = new TestContext();
  let cwd: string;
  let dir: string | undefined;
  beforeEach(() => (cwd = process.cwd()));
  afterEach(() => {
    process.chdir(cwd);
    $$.restore();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const { what, body, requiresProject, inProject, state } of ORG_CASES) {
    for (const mode of ['human', '--json'] as const) {
      it(`${what}: the same ${mode} output, exit code and error as SfCommand`, async () => {
        dir = mkdtempSync(join(tmpdir(), 'eca-orgprobe-'));
        if (inProject)
          writeFileSync(
            join(dir, 'sfdx-project.json'),
            JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
          );
        process.chdir(dir);
        $$.inProject(inProject);
        const outcomes: Outcome[] = [];
        for (const run of orgProbes(body, requiresProject, state)) {
          outcomes.push(comparable(await capture(() => run(mode === '--json' ? ['--json'] : []))));
        }
        const [sf, org] = outcomes;
        expect(sf.stdout + sf.stderr + JSON.stringify(sf.thrown), 'the case shows something').not.to.equal('');
        if (requiresProject && !inProject) {
          // The one chosen difference: SfCommand throws this before its catch (oclif's raw block, no JSON).
          expect(sf.thrown?.name).to.equal('RequiresProjectError');
          expect(sf.thrown?.skip, 'SfCommand leaves it to oclif').to.equal(undefined);
          expectRequiresProjectError(org, mode);
        } else expect(org).to.deep.equal(sf);
      });
    }
  }
});
