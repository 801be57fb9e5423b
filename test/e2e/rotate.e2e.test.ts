/*
 * sf eca rotate, end to end with a client credentials app: the built CLI against the local org emulator, in an
 * isolated HOME: generate -> deploy -> rotate. The old credentials are captured by the test from the org's state
 * (the command never reads them); each rotation is checked with real token requests.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { INTEGRATION_USERNAME, findApp, findUser, setProfilePermission } from '@plugin-eca/org-emulator';
import {
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
  readSecretFile,
  removeAll,
  rotate,
  secretsFolder,
  stepsOf,
} from './rotateSetup.js';

describe('sf eca rotate, client credentials (e2e)', function () {
  this.timeout(30_000);
  let world: World;
  let folder: string;
  let runs: Outcome[];
  let secrets: string[];

  before(async function () {
    world = await deployedWorld(this, CLIENT_CREDENTIALS_APP);
    folder = secretsFolder();
  });
  after(async () => {
    await endWorld(world);
    removeAll([folder].filter(Boolean));
  });
  beforeEach(() => {
    resetOrg(world);
    const app = findApp(world.emulator.state, APP)!;
    delete app.staged;
    delete app.namespacePrefix;
    findUser(world.emulator.state, INTEGRATION_USERNAME)!.isActive = true;
    runs = [];
    secrets = [currentCredentials(world.emulator).secret];
  });
  afterEach(() => {
    const staged = findApp(world.emulator.state, APP)?.staged;
    if (staged) secrets.push(staged.secret);
    expectSecretsNowhere(world, runs, [...secrets, currentCredentials(world.emulator).secret]);
  });

  const run = async (args: string[], options: Parameters<typeof rotate>[2] = {}): Promise<Outcome> => {
    const outcome = await rotate(world, args, options);
    runs.push(outcome);
    return outcome;
  };

  it('--dry-run shows the plan and the state, and changes nothing', async () => {
    const before = currentCredentials(world.emulator);
    const outcome = await run(['--dry-run', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    expect(stepsOf(outcome)).to.deep.equal({
      stage: 'planned',
      prove: 'planned',
      handOver: 'planned',
      rotate: 'planned',
      retire: 'notRun',
    });
    expect(currentCredentials(world.emulator)).to.deep.equal(before);
    expect(findApp(world.emulator.state, APP)!.staged).to.equal(undefined);
    const human = await run(['--dry-run']);
    expect(human.stdout).to.include('has no staged credential');
    expect(human.stdout).to.include('Nothing was changed (--dry-run)');
  });

  it('rotates: new credentials get tokens, the old ones too until --revoke-old, then they fail with the org error', async () => {
    const old: Credentials = currentCredentials(world.emulator);
    const file = join(folder, 'billing.env');
    const requestsBefore = world.emulator.requests.length;
    const outcome = await run(['--secret-file', file, '--no-prompt', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    const requests = world.emulator.requests.slice(requestsBefore);
    expect(requests.length, requests.map((r) => `${r.method} ${r.path}${r.query}`).join('\n')).to.be.at.most(12);
    expect(
      requests.some((r) => r.query.includes('secret')),
      'the current secret is never read',
    ).to.equal(false);
    expect(stepsOf(outcome)).to.deep.equal({
      stage: 'done',
      prove: 'done',
      handOver: 'done',
      rotate: 'done',
      retire: 'notRun',
    });
    const result = outcome.json!.result as Record<string, unknown>;
    expect(result).to.deep.include({
      app: APP,
      flow: 'client-credentials',
      secretDeliveredTo: ['file'],
      secretFile: file,
    });
    expect((result.oldCredentials as { state: string }).state).to.equal('working');
    expect((result.staged as { state: string }).state).to.equal('Rotated');

    const written = readSecretFile(file);
    expect(written.mode).to.equal(0o600);
    const now = currentCredentials(world.emulator);
    expect(written).to.deep.include(now);
    expect(now.key).not.to.equal(old.key);
    expect(now.secret).not.to.equal(old.secret);
    secrets.push(old.secret);
    expect(await clientCredentialsToken(world.emulator, now)).to.equal('ok');
    expect(await clientCredentialsToken(world.emulator, old), 'old ones work in the grace period').to.equal('ok');

    const retired = await run(['--revoke-old', '--json']);
    expect(retired.code, explain(retired)).to.equal(0);
    expect(stepsOf(retired)).to.deep.include({ rotate: 'doneEarlier', retire: 'done' });
    expect(await clientCredentialsToken(world.emulator, old)).to.equal('invalid_client_id');
    expect(await clientCredentialsToken(world.emulator, now)).to.equal('ok');
    const again = await run(['--revoke-old']);
    expect(again.code, explain(again)).to.equal(0);
    expect(again.stdout).to.include('No previous credentials to retire');
    // The secret file is written where the user asked, so the search leaves it out: it is not in HOME or the project.
    expect(file.startsWith(world.projectDir)).to.equal(false);
  });

  it('--revoke-old in the same run proves the new ones again and retires the old ones at once', async () => {
    const old = currentCredentials(world.emulator);
    const requestsBefore = world.emulator.requests.length;
    const outcome = await run(['--secret-file', join(folder, 'at-once.env'), '--no-prompt', '--revoke-old', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    // The whole rotation of a live app, two proofs included: at most a dozen requests (nothing to wait for here).
    const requests = world.emulator.requests.slice(requestsBefore);
    expect(requests.length, requests.map((r) => `${r.method} ${r.path}`).join('\n')).to.be.at.most(12);
    expect(stepsOf(outcome)).to.deep.equal({
      stage: 'done',
      prove: 'done',
      handOver: 'done',
      rotate: 'done',
      retire: 'done',
    });
    expect(await clientCredentialsToken(world.emulator, old)).to.equal('invalid_client_id');
    expect(await clientCredentialsToken(world.emulator, currentCredentials(world.emulator))).to.equal('ok');
    secrets.push(old.secret);
  });

  it('with SF_LOG_LEVEL=trace, the logs under HOME hold neither the old nor the new secret', async () => {
    const outcome = await run(['--secret-file', join(folder, 'traced.env'), '--no-prompt', '--revoke-old'], {
      env: { SF_LOG_LEVEL: 'trace', SF_DISABLE_LOG_FILE: 'false' },
    });
    expect(outcome.code, explain(outcome)).to.equal(0);
    const { readdirSync, readFileSync } = await import('node:fs');
    const logs = readdirSync(join(world.home, '.sf')).filter((name) => name.endsWith('.log'));
    expect(logs, 'sf wrote a log file').to.have.length.greaterThan(0);
    expect(readFileSync(join(world.home, '.sf', logs[0]), 'utf8')).to.include('apps/oauth/credentials');
    secrets.push(currentCredentials(world.emulator).secret);
  });

  it('gives the secret to --secret-command on its standard input, the key in SF_ECA_CONSUMER_KEY', async () => {
    const out = join(folder, 'from-command');
    const outcome = await run([
      '--secret-command',
      `cat > ${out}.secret && printf %s "$SF_ECA_CONSUMER_KEY" > ${out}.key`,
      '--no-prompt',
    ]);
    expect(outcome.code, explain(outcome)).to.equal(0);
    expect(outcome.stdout).to.include('[hand over] The new consumer secret was given to --secret-command');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${out}.secret`, 'utf8')).to.equal(currentCredentials(world.emulator).secret);
    expect(readFileSync(`${out}.key`, 'utf8')).to.equal(currentCredentials(world.emulator).key);
  });

  it('shows the new secret on the terminal only with --show-secrets, never in --json', async () => {
    const outcome = await run(['--show-secrets', '--no-prompt', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    const now = currentCredentials(world.emulator);
    expect(outcome.stderr).to.include(`New consumer secret: ${now.secret}`);
    expect(outcome.stdout.includes(now.secret), '--json holds the secret').to.equal(false);
    runs.pop();
  });

  it('refuses before changing anything without a destination for the secret, or a prompt nobody can answer', async () => {
    const requestsBefore = world.emulator.requests.length;
    const none = await run(['--no-prompt', '--json']);
    expect(none.code, explain(none)).to.equal(1);
    expect(none.json).to.deep.include({ name: 'NoSecretDestinationError' });
    const noPrompt = await run(['--secret-file', join(folder, 'p.env'), '--json']);
    expect(noPrompt.json).to.deep.include({ name: 'PromptImpossibleError' });
    expect(findApp(world.emulator.state, APP)!.staged, 'nothing staged').to.equal(undefined);
    const inPackage = await run([
      '--secret-file',
      join(world.projectDir, 'force-app', 'x.env'),
      '--no-prompt',
      '--json',
    ]);
    expect(inPackage.json).to.deep.include({ name: 'SecretFileInPackageError' });
    expect(world.emulator.requests.length - requestsBefore, 'requests that change nothing').to.be.at.most(6);
  });

  it('refuses a secret file git tracks', async () => {
    const { spawnSync } = await import('node:child_process');
    const repo = join(folder, 'repo');
    spawnSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'tracked.env'), 'x\n');
    spawnSync('git', ['add', 'tracked.env'], { cwd: repo });
    const outcome = await run(['--secret-file', join(repo, 'tracked.env'), '--no-prompt', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(1);
    expect(outcome.json).to.deep.include({ name: 'SecretFileTrackedError' });
    expect(statSync(join(repo, 'tracked.env')).size).to.equal(2);
  });

  it('a failing proof rotates nothing and keeps the staged credential; the next run reuses it', async () => {
    const old = currentCredentials(world.emulator);
    findUser(world.emulator.state, INTEGRATION_USERNAME)!.isActive = false;
    const file = join(folder, 'retry.env');
    const failed = await run(['--secret-file', file, '--no-prompt', '--json']);
    expect(failed.code, explain(failed)).to.equal(1);
    const error = failed.json as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('ProofFailedError');
    expect(error.message).to.include('nothing was rotated');
    expect(error.message).to.include('authentication failure');
    expect(error.actions.join('\n')).to.include('Check the user is active');
    expect(currentCredentials(world.emulator)).to.deep.equal(old);
    const staged = findApp(world.emulator.state, APP)!.staged!;
    expect(staged.state).to.equal('Active');

    findUser(world.emulator.state, INTEGRATION_USERNAME)!.isActive = true;
    const again = await run(['--secret-file', file, '--no-prompt']);
    expect(again.code, explain(again)).to.equal(0);
    expect(again.stdout).to.include(`Reusing the credential ${staged.id}`);
    expect(currentCredentials(world.emulator).key).to.equal(staged.key);
    secrets.push(old.secret);
  });

  it("refuses another user's unfinished rotation with when it was staged; --discard-staged replaces it", async () => {
    const other = findUser(world.emulator.state, INTEGRATION_USERNAME)!;
    const app = findApp(world.emulator.state, APP)!;
    app.staged = {
      id: '0Hz5g0000000001AAA',
      key: 'someone-elses-staged-key-000000000000',
      secret: 'someone-elses-staged-secret-00000000',
      state: 'Active',
      createdById: other.id,
      createdAt: new Date('2026-11-30T10:00:00Z'),
      expiresAt: new Date(Date.now() + 86_400_000),
      liveAt: new Date(0),
    };
    secrets.push(app.staged.secret);
    const file = join(folder, 'foreign.env');
    const refused = await run(['--secret-file', file, '--no-prompt', '--json']);
    expect(refused.code, explain(refused)).to.equal(1);
    const error = refused.json as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('ForeignStagedError');
    expect(error.message).to.include(INTEGRATION_USERNAME).and.include('2026-11-30T10:00:00.000Z');
    expect(error.actions.join('\n')).to.include('--discard-staged');
    const replaced = await run(['--secret-file', file, '--no-prompt', '--discard-staged']);
    expect(replaced.code, explain(replaced)).to.equal(0);
    expect(replaced.stdout).to.include('Discarded the staged credential 0Hz5g0000000001AAA');
    expect(currentCredentials(world.emulator).key).not.to.equal('someone-elses-staged-key-000000000000');
  });

  it('refuses a packaged app, and names the closed setting and a missing permission with the fix', async () => {
    const app = findApp(world.emulator.state, APP)!;
    const file = join(folder, 'refused.env');
    app.namespacePrefix = 'acme';
    const packaged = await run(['--secret-file', file, '--no-prompt', '--json']);
    expect(packaged.json).to.deep.include({ name: 'PackagedAppError' });
    delete app.namespacePrefix;
    world.emulator.state.settings.enableClientSecretInRestApiAccess = false;
    const closed = await run(['--secret-file', file, '--no-prompt', '--json']);
    expect(closed.json).to.deep.include({ name: 'SecretApiSettingOffError' });
    expect((closed.json as { actions: string[] }).actions.join('\n')).to.include('External Client App Settings');
    world.emulator.state.settings.enableClientSecretInRestApiAccess = true;
    setProfilePermission(world.emulator.state, 'System Administrator', 'ViewClientSecret', false);
    try {
      const missing = await run(['--secret-file', file, '--no-prompt', '--json']);
      expect(missing.json).to.deep.include({ name: 'MissingPermissionError' });
      expect((missing.json as { message: string }).message).to.include('View Client Secret');
    } finally {
      setProfilePermission(world.emulator.state, 'System Administrator', 'ViewClientSecret', true);
    }
    expect(app.staged).to.equal(undefined);
  });

  it('reports the proof within one backoff step of the staged credential going live', async () => {
    world.emulator.faults.stagedPropagationDelayMs = 3000;
    const outcome = await run(['--secret-file', join(folder, 'late.env'), '--no-prompt', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    const proof = (outcome.json!.result as { proof: { attempts: number; elapsedMs: number } }).proof;
    // Attempts at about 0 s and 2 s are refused, the next one (4 s backoff, ±20 % jitter) at most 4.8 s later works.
    expect(proof.attempts).to.be.within(2, 3);
    expect(proof.elapsedMs).to.be.below(3000 + 4800 + 1000);
  });
});
