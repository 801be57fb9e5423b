/*
 * Ctrl-C (a real SIGINT to bin/run.js) at each step of sf eca rotate, and a dropped connection: the command ends
 * with exit 130 (or 1 for the connection), no stack trace, one line saying where the rotation stands; the next run
 * reads the org's state and completes the rotation. The emulator holds each step's request back so that the signal
 * arrives while it is in flight; the org still carries it out, as a real org would.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { findApp } from '@plugin-eca/org-emulator';
import { runCliAndInterrupt, type InterruptedRun } from '../helpers/interruptCli.js';
import {
  ALIAS,
  APP,
  CLIENT_CREDENTIALS_APP,
  type Outcome,
  type World,
  deployedWorld,
  endWorld,
  resetOrg,
  explain,
} from './verifySetup.js';
import {
  type Credentials,
  clientCredentialsToken,
  currentCredentials,
  expectSecretsNowhere,
  removeAll,
  rotate,
  secretsFolder,
  stepsOf,
} from './rotateSetup.js';

const STACK_TRACE = /^\s+at .+[(:]\d+/m;

describe('sf eca rotate, interrupted at each step (e2e)', function () {
  this.timeout(40_000);
  let world: World;
  let folder: string;
  const tmpDirs: string[] = [];
  let old: Credentials;
  let outputs: Outcome[];

  before(async function () {
    world = await deployedWorld(this, CLIENT_CREDENTIALS_APP);
    folder = secretsFolder();
  });
  after(async () => {
    await endWorld(world);
    removeAll([folder, ...tmpDirs].filter(Boolean));
  });
  beforeEach(() => {
    resetOrg(world);
    delete findApp(world.emulator.state, APP)!.staged;
    old = currentCredentials(world.emulator);
    outputs = [];
  });
  afterEach(() => {
    const staged = findApp(world.emulator.state, APP)?.staged;
    expectSecretsNowhere(world, outputs, [
      old.secret,
      currentCredentials(world.emulator).secret,
      ...(staged ? [staged.secret] : []),
    ]);
  });

  const args = (...extra: string[]): string[] => [
    'eca',
    'rotate',
    '--name',
    APP,
    '--target-org',
    ALIAS,
    '--secret-file',
    join(folder, 'rotated.env'),
    '--no-prompt',
    ...extra,
  ];
  /** Whether the org has received such a request since this was called. */
  const requested = (method: string, path: RegExp): (() => boolean) => {
    const from = world.emulator.requests.length;
    return () => world.emulator.requests.slice(from).some((r) => r.method === method && path.test(r.path));
  };

  async function interrupt(when: RegExp | (() => boolean), extra: string[] = []): Promise<InterruptedRun> {
    const run = await runCliAndInterrupt(args(...extra), { cwd: world.projectDir, home: world.home, when });
    tmpDirs.push(run.tmpDir);
    outputs.push({ ...run, elapsedMs: 0 });
    expect(run.signalled, `the run ended before the signal:\n${explain(run)}`).to.equal(true);
    expect(run.code, explain(run)).to.equal(130);
    expect(run.stderr, 'no stack trace').not.to.match(STACK_TRACE);
    expect(readdirSync(run.tmpDir), 'temporary files left behind').to.deep.equal([]);
    return run;
  }

  async function rerun(extra: string[] = []): Promise<Outcome> {
    const outcome = await rotate(world, args(...extra).slice(6), {});
    outputs.push(outcome);
    expect(outcome.code, explain(outcome)).to.equal(0);
    return outcome;
  }

  async function expectRotated(): Promise<void> {
    const now = currentCredentials(world.emulator);
    expect(now.key).not.to.equal(old.key);
    expect(await clientCredentialsToken(world.emulator, now)).to.equal('ok');
  }

  it('stage: stopped while the org stages; the next run takes the staged credential up', async () => {
    world.emulator.faults.delayNext(/\/staged$/, 2500);
    const run = await interrupt(requested('POST', /\/staged$/));
    expect(run.stderr).to.include('Stopped (Ctrl-C) during the stage step');
    await new Promise((resolve) => setTimeout(resolve, 2700));
    expect(findApp(world.emulator.state, APP)!.staged?.state, 'the org staged it all the same').to.equal('Active');
    const again = await rerun(['--json']);
    expect(stepsOf(again)).to.deep.include({ stage: 'reused', rotate: 'done' });
    await expectRotated();
  });

  it('prove: stopped while waiting for the staged credential to propagate; the next run proves it again', async () => {
    world.emulator.faults.stagedPropagationDelayMs = 600_000;
    const run = await interrupt(/Attempt 1 refused/);
    expect(run.stderr).to.include('during the prove step: nothing was rotated');
    expect(currentCredentials(world.emulator)).to.deep.equal(old);
    findApp(world.emulator.state, APP)!.staged!.liveAt = new Date();
    const again = await rerun(['--json']);
    expect(stepsOf(again)).to.deep.include({ stage: 'reused', prove: 'done', rotate: 'done' });
    await expectRotated();
  });

  it('hand over: stopped while --secret-command runs (and the command with it); the next run hands over again', async () => {
    const marker = join(folder, 'slow-command-finished');
    const run = await interrupt(/\[prove\]/, ['--secret-command', `sleep 8 && touch ${marker}`]);
    expect(run.stderr).to.include('during the hand over step: nothing was rotated');
    expect(currentCredentials(world.emulator)).to.deep.equal(old);
    const again = await rerun(['--json']);
    expect(stepsOf(again)).to.deep.include({ stage: 'reused', handOver: 'done', rotate: 'done' });
    await expectRotated();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readdirSync(folder)).not.to.include('slow-command-finished');
  });

  it('rotate: stopped while the org rotates; the next run finds the rotation done', async () => {
    world.emulator.faults.delayNext(/\/staged\/\w+$/, 2500);
    const run = await interrupt(requested('PATCH', /\/staged\/\w+$/));
    expect(run.stderr).to.include('during the rotate step: the rotation may or may not have happened');
    await new Promise((resolve) => setTimeout(resolve, 2700));
    const again = await rerun(['--json']);
    expect(stepsOf(again)).to.deep.include({ rotate: 'doneEarlier' });
    await expectRotated();
    expect(await clientCredentialsToken(world.emulator, old), 'old ones in their grace period').to.equal('ok');
  });

  it('retire: stopped while the org revokes the old credentials; the next --revoke-old run completes', async () => {
    await rerun();
    world.emulator.faults.delayNext(/\/staged\/\w+$/, 2500);
    const run = await interrupt(requested('DELETE', /\/staged\/\w+$/), ['--revoke-old']);
    expect(run.stderr).to.include('during the retire step');
    await new Promise((resolve) => setTimeout(resolve, 2700));
    const again = await rotate(world, ['--revoke-old']);
    outputs.push(again);
    expect(again.code, explain(again)).to.equal(0);
    expect(await clientCredentialsToken(world.emulator, old)).to.equal('invalid_client_id');
    await expectRotated();
  });

  it('a dropped connection while rotating: exit 1 saying so; the next run finds the rotation done', async () => {
    world.emulator.faults.dropReplyNext(/\/staged\/\w+$/);
    const dropped = await rotate(world, args('--json').slice(6));
    outputs.push(dropped);
    expect(dropped.code, explain(dropped)).to.equal(1);
    expect(dropped.json, JSON.stringify(dropped.json)).to.deep.include({ name: 'ConnectionLostError' });
    expect((dropped.json as { message: string }).message).to.include('rotate request');
    const again = await rerun(['--json']);
    expect(stepsOf(again)).to.deep.include({ rotate: 'doneEarlier' });
    await expectRotated();
  });
});
