/*
 * sf eca rotate, end to end with a JWT bearer app: the proof signs an assertion for the staged consumer key with the
 * key generate wrote (the certificate stays; the consumer key changes), as a pre-authorized user.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { INTEGRATION_USERNAME, STANDARD_USERNAME, findApp } from '@plugin-eca/org-emulator';
import {
  APP,
  JWT_BEARER_APP,
  type Outcome,
  type World,
  deployedWorld,
  endWorld,
  explain,
  resetOrg,
} from './verifySetup.js';
import {
  currentCredentials,
  expectSecretsNowhere,
  jwtBearerToken,
  readSecretFile,
  removeAll,
  rotate,
  secretsFolder,
  stepsOf,
} from './rotateSetup.js';

describe('sf eca rotate, JWT bearer (e2e)', function () {
  this.timeout(30_000);
  let world: World;
  let folder: string;
  let privateKey: string;

  before(async function () {
    world = await deployedWorld(this, JWT_BEARER_APP);
    privateKey = readFileSync(join(world.projectDir, '.eca-keys', APP, `${APP}.key`), 'utf8');
    folder = secretsFolder();
  });
  after(async () => {
    await endWorld(world);
    removeAll([folder].filter(Boolean));
  });
  beforeEach(() => resetOrg(world));

  it('rotates: the new key gets tokens, the old one too until --revoke-old, then it fails with the org error', async () => {
    const old = currentCredentials(world.emulator);
    const file = join(folder, 'jwt.env');
    // The staged key propagates for a moment: the proof waits for it with verify's backoff.
    world.emulator.faults.stagedPropagationDelayMs = 1500;
    const runs: Outcome[] = [];
    const rotated = await rotate(world, [
      '--username',
      INTEGRATION_USERNAME,
      '--secret-file',
      file,
      '--no-prompt',
      '--json',
    ]);
    runs.push(rotated);
    expect(rotated.code, explain(rotated)).to.equal(0);
    expect(stepsOf(rotated)).to.deep.include({ stage: 'done', prove: 'done', handOver: 'done', rotate: 'done' });
    const result = rotated.json!.result as { flow: string; proof: { attempts: number; introspected: boolean } };
    expect(result.flow).to.equal('jwt-bearer');
    expect(result.proof.attempts).to.be.at.least(2);
    expect(result.proof.introspected).to.equal(true);
    const now = currentCredentials(world.emulator);
    expect(readSecretFile(file)).to.deep.include(now);
    expect(now.key).not.to.equal(old.key);

    expect(await jwtBearerToken(world.emulator, now.key, privateKey, INTEGRATION_USERNAME)).to.equal('ok');
    expect(await jwtBearerToken(world.emulator, old.key, privateKey, INTEGRATION_USERNAME)).to.equal('ok');

    const human = await rotate(world, ['--username', INTEGRATION_USERNAME, '--revoke-old']);
    runs.push(human);
    expect(human.code, explain(human)).to.equal(0);
    expect(human.stdout).to.include('[retire] The previous credentials were revoked');
    expect(await jwtBearerToken(world.emulator, old.key, privateKey, INTEGRATION_USERNAME)).to.equal(
      'invalid_client_id',
    );
    expect(await jwtBearerToken(world.emulator, now.key, privateKey, INTEGRATION_USERNAME)).to.equal('ok');
    expectSecretsNowhere(world, runs, [old.secret, now.secret]);
  });

  it('a user the app does not pre-authorize fails the proof with the fix, and nothing is rotated', async () => {
    const before = currentCredentials(world.emulator);
    const outcome = await rotate(world, [
      '--username',
      STANDARD_USERNAME,
      '--secret-file',
      join(folder, 'refused.env'),
      '--no-prompt',
      '--json',
    ]);
    expect(outcome.code, explain(outcome)).to.equal(1);
    const error = outcome.json as { name: string; message: string };
    expect(error.name).to.equal('ProofFailedError');
    expect(error.message).to.include('not admin approved');
    expect(currentCredentials(world.emulator)).to.deep.equal(before);
    expect(findApp(world.emulator.state, APP)!.staged?.state).to.equal('Active');
    delete findApp(world.emulator.state, APP)!.staged;
  });

  it('needs --username for the proof, before any change', async () => {
    const outcome = await rotate(world, ['--secret-file', join(folder, 'x.env'), '--no-prompt', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(1);
    expect(outcome.json).to.deep.include({ name: 'JwtUsernameRequiredError' });
    expect(findApp(world.emulator.state, APP)!.staged).to.equal(undefined);
  });
});
