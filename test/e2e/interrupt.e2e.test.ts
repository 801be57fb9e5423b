/*
 * Ctrl-C, for real: a SIGINT sent to the built CLI while it waits. Each command ends with exit code 130, one line
 * saying what was left undone, no stack trace, nothing left open in the org or on disk.
 */
import { readdirSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { expect } from 'chai';
import { runCliAndInterrupt, type InterruptedRun } from '../helpers/interruptCli.js';
import {
  ALIAS,
  APP,
  CLIENT_CREDENTIALS_APP,
  type World,
  cli,
  endWorld,
  resetOrg,
  explain,
  deployedWorld,
  liveAppTokens,
} from './verifySetup.js';

const STACK_TRACE = /^\s+at .+[(:]\d+/m;

function expectCleanStop(run: InterruptedRun): void {
  expect(run.signalled, `the run ended before the signal could be sent:\n${explain(run)}`).to.equal(true);
  expect(run.code, explain(run)).to.equal(130);
  expect(run.stderr, 'no stack trace').not.to.match(STACK_TRACE);
  expect(run.stderr).not.to.include('EEXIT');
  expect(readdirSync(run.tmpDir), 'temporary files left behind').to.deep.equal([]);
}

describe('Ctrl-C (e2e: a real SIGINT to bin/run.js)', function () {
  // Each test keeps within 15 s; the set-up (emulator, login, generate, deploy) gets longer in before().
  this.timeout(15_000);
  let world: World;
  const tmpDirs: string[] = [];

  before(async function () {
    world = await deployedWorld(this, CLIENT_CREDENTIALS_APP);
  });
  after(async () => {
    await endWorld(world);
    tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  beforeEach(() => resetOrg(world));

  const interrupt = async (
    args: string[],
    when: RegExp | number,
    signal: NodeJS.Signals = 'SIGINT',
  ): Promise<InterruptedRun> => {
    const run = await runCliAndInterrupt(args, { cwd: world.projectDir, home: world.home, when, signal });
    tmpDirs.push(run.tmpDir);
    return run;
  };

  it('verify, while waiting for the app to propagate: stops at once, no token left live', async () => {
    world.emulator.faults.unpropagatedRequests = 1000;
    const started = Date.now();
    const run = await interrupt(
      ['eca', 'verify', '--name', APP, '--target-org', ALIAS, '--wait', '5'],
      /Attempt 1 refused/,
    );
    expectCleanStop(run);
    expect(run.stderr).to.match(/Stopped \(Ctrl-C\) before a token was obtained: nothing was left running or open/);
    expect(Date.now() - started, 'stopped without waiting out the backoff').to.be.lessThan(20_000);
    expect(liveAppTokens(world.emulator)).to.deep.equal([]);
  });

  it('verify --json, while waiting: the error envelope with exit code 130', async () => {
    world.emulator.faults.unpropagatedRequests = 1000;
    const run = await interrupt(['eca', 'verify', '--name', APP, '--target-org', ALIAS, '--wait', '5', '--json'], 3000);
    expectCleanStop(run);
    const envelope = JSON.parse(run.stdout) as { status: number; name: string; message: string };
    expect(envelope).to.include({ status: 130 });
    expect(envelope.message).to.match(/Stopped \(Ctrl-C\)/);
  });

  it('deploy, while the org deploys: names the deploy still running and how to follow it', async function () {
    // Two runs: the one stopped, and the one that picks its deploy up.
    this.timeout(40_000);
    // Long enough for Ctrl-C to come first (a status check a second), short enough for the re-run to see the end.
    world.emulator.faults.slowDeployPolls = 5;
    const run = await interrupt(['eca', 'deploy', '--name', APP, '--target-org', ALIAS], /Deploying|InProgress/);
    expectCleanStop(run);
    const deployId = /deploying (0Af\w+)/.exec(run.stderr)?.[1];
    expect(deployId, explain(run)).to.be.a('string');
    expect(run.stderr).to.include(`sf project deploy report --job-id ${deployId} --target-org ${ALIAS}`);

    // The same command again picks that deploy up instead of starting a second one.
    const jobs = world.emulator.deployJobs().length;
    const again = await cli(world, ['eca', 'deploy', '--name', APP, '--target-org', ALIAS, '--json']);
    expect(again.code, explain(again)).to.equal(0);
    expect((JSON.parse(again.stdout) as { result: { resumed?: string } }).result.resumed).to.equal(deployId);
    expect(world.emulator.deployJobs()).to.have.length(jobs);
  });

  it('SIGTERM stops verify the same way', async () => {
    world.emulator.faults.unpropagatedRequests = 1000;
    const run = await interrupt(
      ['eca', 'verify', '--name', APP, '--target-org', ALIAS, '--wait', '5'],
      /Attempt 1 refused/,
      'SIGTERM',
    );
    expectCleanStop(run);
    expect(run.stderr).to.match(/Stopped \(Ctrl-C\) before a token was obtained/);
  });

  it('verify, web server flow, while waiting for the browser: closes its loopback server', async () => {
    const port = await freePort();
    const callback = `http://localhost:${port}/OauthRedirect`;
    const generated = await cli(world, [
      'eca',
      'generate',
      '--name',
      'Release Tool',
      '--contact-email',
      'devops@example.com',
      '--flow',
      'web-server',
      '--callback-url',
      callback,
      '--profile',
      'Standard User',
    ]);
    expect(generated.code, explain(generated)).to.equal(0);
    const deployed = await cli(world, ['eca', 'deploy', '--name', 'Release_Tool', '--target-org', ALIAS]);
    expect(deployed.code, explain(deployed)).to.equal(0);

    const run = await interrupt(
      ['eca', 'verify', '--name', 'Release_Tool', '--target-org', ALIAS, '--no-browser'],
      /log in and allow access/,
    );
    expectCleanStop(run);
    expect(run.stderr).to.match(/Stopped \(Ctrl-C\)/);
    expect(await canListen(port), 'the loopback port is free again').to.equal(true);
  });
});

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
