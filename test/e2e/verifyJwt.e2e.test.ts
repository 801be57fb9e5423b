/*
 * sf eca verify, end to end with the JWT bearer flow: generate --generate-certificate -> deploy -> verify with
 * the key generate wrote, against the local org emulator.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { INTEGRATION_USERNAME, STANDARD_USERNAME, findApp } from '@plugin-eca/org-emulator';
import {
  APP,
  JWT_BEARER_APP,
  type World,
  explain,
  expectNoSecrets,
  liveAppTokens,
  secretsOf,
  deployedWorld,
  endWorld,
  resetOrg,
  verify,
  expectFailedAtOnce,
} from './verifySetup.js';

describe('sf eca verify, JWT bearer (e2e)', function () {
  // Each test keeps within 40 s (a retry comes every 5 s); the set-up (emulator, login, generate, deploy) gets longer in before().
  this.timeout(40_000);
  // One app, generated and deployed once; the key is the one generate wrote.
  let w: World;
  let key: string;

  before(async function () {
    w = await deployedWorld(this, JWT_BEARER_APP);
    key = join(w.projectDir, '.eca-keys', APP, `${APP}.key`);
  });
  after(async () => endWorld(w));

  beforeEach(() => resetOrg(w));

  it('infers the flow from the certificate, waits for the app to propagate, and proves the token', async () => {
    // The org refuses the first two token requests as "not propagated yet".
    w.emulator.faults.unpropagatedRequests = 2;
    // No --jwt-key-file: the key generate wrote in the project is the default.
    const human = await verify(w, ['--username', INTEGRATION_USERNAME, '--wait', '2']);
    expect(human.code, explain(human)).to.equal(0);
    expect(human.stdout).to.include('with the JWT bearer flow');
    expect(human.stdout).to.match(/Attempt 1 refused \(invalid_client_id/);
    expect(human.stdout).to.include(`User: ${INTEGRATION_USERNAME}`);

    expect(liveAppTokens(w.emulator)).to.deep.equal([]);

    const json = await verify(w, ['--username', INTEGRATION_USERNAME, '--jwt-key-file', key, '--json', '--keep-token']);
    expect(json.code, explain(json)).to.equal(0);
    expect(liveAppTokens(w.emulator)).to.have.length(1);
    const result = json.json!.result as Record<string, unknown>;
    expect(result).to.deep.include({ flow: 'jwt-bearer', orgMatches: true, revoked: false });
    expect(result.introspection).to.deep.include({ active: true });
    expectNoSecrets(human, secretsOf(w.emulator));
    expectNoSecrets(json, secretsOf(w.emulator));
  });

  it('a wrong audience fails at once with the fix', async () => {
    const outcome = await verify(w, [
      '--username',
      INTEGRATION_USERNAME,
      '--jwt-key-file',
      key,
      '--audience',
      'https://test.salesforce.com',
      '--wait',
      '10',
      '--json',
    ]);
    expectFailedAtOnce(outcome, 'audience', 'https://login.salesforce.com');
  });

  it("a key that is not the certificate's: says the key does not match, at once", async () => {
    const other = join(w.projectDir, 'other.key');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(other, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const outcome = await verify(w, [
      '--username',
      INTEGRATION_USERNAME,
      '--jwt-key-file',
      other,
      '--wait',
      '10',
      '--json',
    ]);
    const error = expectFailedAtOnce(
      outcome,
      /does not belong to the certificate in the app's files/,
      '--jwt-key-file',
    );
    expect(error.name).to.equal('KeyNotCertificatesError');
  });

  it('a certificate the org does not hold (regenerated, not deployed): says to deploy again, at once', async () => {
    const global = findApp(w.emulator.state, APP)!.components.ExtlClntAppGlobalOauthSettings!;
    const certificate = global.fields.certificate;
    delete global.fields.certificate;
    try {
      const outcome = await verify(w, ['--username', INTEGRATION_USERNAME, '--wait', '10', '--json']);
      const error = expectFailedAtOnce(outcome, /the org holds another certificate/, `sf eca deploy --name ${APP}`);
      expect(error.name).to.equal('CertificateNotInOrgError');
    } finally {
      global.fields.certificate = certificate;
    }
  });

  it('a user who is not admin-approved fails at once with the fix', async () => {
    const outcome = await verify(w, ['--username', STANDARD_USERNAME, '--jwt-key-file', key, '--wait', '10', '--json']);
    expectFailedAtOnce(outcome, /admin.approved|approved this consumer/, /profile or (a )?permission set/);
  });
});
