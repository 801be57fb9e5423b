/*
 * sf eca verify, end to end with the client credentials flow: the built CLI against the local org emulator, in an
 * isolated HOME: generate -> deploy -> verify.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  type EmulatorOptions,
  INTEGRATION_USERNAME,
  type StoredComponent,
  findApp,
  findUser,
} from '@plugin-eca/org-emulator';
import {
  APP,
  CLIENT_CREDENTIALS_APP,
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
  NO_WAITING_MS,
} from './verifySetup.js';

const policiesOf = (w: World): StoredComponent =>
  findApp(w.emulator.state, APP)!.components.ExtlClntAppOauthConfigurablePolicies!;
const tokenRequestCount = (w: World): number => w.emulator.countRequests('POST', '/services/oauth2/token');
/** A configuration error must be reported without waiting: one attempt, well inside --wait. */

describe('sf eca verify, client credentials (e2e)', function () {
  // Each test keeps within 40 s (a retry comes every 5 s); the set-up (emulator, login, generate, deploy) gets longer in before().
  this.timeout(40_000);
  // One app, generated and deployed once; each test sets the org up the way it needs and the next one resets it.
  const options: EmulatorOptions = {};
  let world: World;
  let runAsUser: unknown;

  before(async function () {
    world = await deployedWorld(this, CLIENT_CREDENTIALS_APP, options);
    runAsUser = policiesOf(world).fields.clientCredentialsFlowUser;
  });
  after(async () => endWorld(world));

  beforeEach(() => {
    resetOrg(world);
    findUser(world.emulator.state, INTEGRATION_USERNAME)!.isActive = true;
    policiesOf(world).fields.clientCredentialsFlowUser = runAsUser;
    options.actAsLoginHost = false;
  });

  /** The app as the emulator keeps it: deployed moments ago, so its credentials propagate for `delayMs`. */
  function justDeployed(delayMs: number): void {
    findApp(world.emulator.state, APP)!.createdAt = new Date();
    world.emulator.faults.propagationDelayMs = delayMs;
  }

  it('succeeds after the app propagates, showing each retry, and --json holds neither secret nor token', async () => {
    const w = world;
    // The org refuses the first two token requests as "not propagated yet".
    w.emulator.faults.unpropagatedRequests = 2;
    const human = await verify(w, ['--wait', '2']);
    expect(human.code, explain(human)).to.equal(0);
    expect(human.stdout).to.match(/Attempt 1 refused \(invalid_client_id/);
    expect(human.stdout).to.match(/Attempt 2 refused \(invalid_client_id/);
    expect(human.stdout).to.include('after 3 attempts');
    expect(human.stdout).to.match(/Token obtained with the client credentials flow from .* after \d+ attempts in/);
    expect(human.stdout).to.include(`User: ${INTEGRATION_USERNAME}`);
    expect(human.stdout).to.include("the app's run-as user");
    expect(human.stdout).to.include('The token was revoked.');

    expect(liveAppTokens(w.emulator)).to.deep.equal([]);

    const json = await verify(w, ['--json', '--keep-token']);
    expect(json.code, explain(json)).to.equal(0);
    expect(liveAppTokens(w.emulator)).to.have.length(1);
    const result = json.json!.result as Record<string, unknown>;
    const user = findUser(w.emulator.state, INTEGRATION_USERNAME)!;
    expect(result).to.deep.include({
      app: APP,
      flow: 'client-credentials',
      tokenEndpoint: `${w.emulator.url}/services/oauth2/token`,
      orgId: w.emulator.state.orgId,
      orgMatches: true,
      instanceUrl: w.emulator.url,
      revoked: false,
      user: { id: user.id, username: INTEGRATION_USERNAME, isRunAsUser: true },
    });
    expect(result.apiCall).to.deep.include({ status: 200 });
    expect((result.scopes as { app: string[] }).app).to.deep.equal(['api']);
    expect(result).not.to.have.property('accessToken');
    expect(result).not.to.have.property('clientSecret');
    expectNoSecrets(human, secretsOf(w.emulator));
    expectNoSecrets(json, secretsOf(w.emulator));
  });

  it('takes the secret from standard input, and shows it and the token only with --show-secrets', async () => {
    const w = world;
    w.emulator.state.settings.enableClientSecretInRestApiAccess = false;
    const secret = findApp(w.emulator.state, APP)!.consumerSecret;
    const hidden = await verify(w, ['--client-secret-stdin', '--json'], { input: `${secret}\n` });
    expect(hidden.code, explain(hidden)).to.equal(0);
    expect((hidden.json!.result as { secretSource: string }).secretSource).to.equal('stdin');
    expectNoSecrets(hidden, secretsOf(w.emulator));

    const shown = await verify(w, ['--client-secret-stdin', '--show-secrets', '--json'], { input: secret });
    expect(shown.code, explain(shown)).to.equal(0);
    const result = shown.json!.result as { clientSecret?: string; accessToken?: string };
    expect(result.clientSecret).to.equal(secret);
    expect(result.accessToken).to.match(/^00D/);
  });

  it('says so when the credentials API is closed, gives both ways forward, and leaves the setting off', async () => {
    const w = world;
    w.emulator.state.settings.enableClientSecretInRestApiAccess = false;
    const tokenRequests = tokenRequestCount(w);
    const outcome = await verify(w, ['--json']);
    expect(outcome.code, explain(outcome)).to.equal(1);
    const error = outcome.json as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('SecretApiClosedError');
    expect(error.actions.join('\n')).to.include('SF_ECA_CLIENT_SECRET');
    expect(error.actions.join('\n')).to.match(/turn the setting off again/i);
    expect(w.emulator.state.settings.enableClientSecretInRestApiAccess).to.equal(false);
    expect(tokenRequestCount(w) - tokenRequests).to.equal(0);
  });

  it('names a wrong secret: exit 1 "the secret is wrong", not 69', async () => {
    const w = world;
    const outcome = await verify(w, ['--wait', '0', '--json'], {
      env: { SF_ECA_CLIENT_SECRET: 'not-the-secret-of-this-app' },
    });
    expect(outcome.code, explain(outcome)).to.equal(1);
    const error = outcome.json as { message: string; actions: string[] };
    expect(error.message)
      .to.match(/^The secret is wrong/)
      .and.include('invalid client credentials');
    expect(error.actions.join('\n')).to.include('SF_ECA_CLIENT_SECRET');
    expectNoSecrets(outcome, secretsOf(w.emulator));
  });

  it('an inactive run-as user fails at once with the fix, without waiting', async () => {
    const w = world;
    findUser(w.emulator.state, INTEGRATION_USERNAME)!.isActive = false;
    const outcome = await verify(w, ['--wait', '10', '--json']);
    expect(expectFailedAtOnce(outcome, 'authentication failure', 'Check the user is active').name).to.equal(
      'TokenEndpointError',
    );
  });

  it('a run-as user cleared in the org fails at once with the fix', async () => {
    const w = world;
    delete policiesOf(w).fields.clientCredentialsFlowUser;
    const outcome = await verify(w, ['--wait', '10', '--json']);
    expectFailedAtOnce(outcome, 'no client credentials user enabled', 'Set the run-as user');
  });

  it('a login host instead of My Domain fails at once: use My Domain', async () => {
    const w = world;
    // The emulator reads its options on every request: from now on it answers as login.salesforce.com would.
    options.actAsLoginHost = true;
    const outcome = await verify(w, ['--wait', '10', '--json']);
    expectFailedAtOnce(outcome, 'not supported on this domain', 'My Domain');
  });

  it('with --wait 0, a still-propagating app gets one attempt, exit 69 and the advice to wait longer, once', async () => {
    const w = world;
    justDeployed(10 * 60_000);
    const tokenRequests = tokenRequestCount(w);
    const outcome = await verify(w, ['--wait', '0', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(69);
    const actions = (outcome.json as { actions: string[] }).actions;
    expect(actions.filter((a) => a.includes('longer --wait'))).to.have.length(1);
    expect(outcome.stdout).not.to.match(/\n\s+at /);
    expect(tokenRequestCount(w) - tokenRequests).to.equal(1);
  });

  it('an app switched off in its policies: says so at once and exits 71, without waiting', async () => {
    const w = world;
    const files = readdirSync(join(w.projectDir, 'force-app'), { recursive: true, encoding: 'utf8' });
    const policiesFile = join(
      w.projectDir,
      'force-app',
      files.find((f) => f.endsWith('.ecaPlcy-meta.xml'))!,
    );
    const original = readFileSync(policiesFile, 'utf8');
    const appPolicies = findApp(w.emulator.state, APP)!.components.ExtlClntAppConfigurablePolicies!;
    writeFileSync(policiesFile, original.replace('<isEnabled>true</isEnabled>', '<isEnabled>false</isEnabled>'));
    appPolicies.fields.isEnabled = 'false';
    try {
      const outcome = await verify(w, ['--wait', '10', '--json']);
      expect(outcome.code, explain(outcome)).to.equal(71);
      const error = outcome.json as { name: string; message: string; actions: string[] };
      expect(error.name).to.equal('AppDisabledError');
      expect(error.message).to.include('switched off in its policies').and.include('app must be installed into org');
      expect(error.actions.join('\n')).to.include(`sf eca deploy --name ${APP} --target-org emu`);
      expect(outcome.elapsedMs).to.be.lessThan(NO_WAITING_MS);
    } finally {
      writeFileSync(policiesFile, original);
      appPolicies.fields.isEnabled = 'true';
    }
  });

  it('the credentials API closed: SF_ECA_CLIENT_SECRET alone works (the key is still readable); --client-id alone gets the secret advice', async () => {
    const w = world;
    w.emulator.state.settings.enableClientSecretInRestApiAccess = false;
    const secret = findApp(w.emulator.state, APP)!.consumerSecret;
    const envOnly = await verify(w, ['--wait', '10'], { env: { SF_ECA_CLIENT_SECRET: secret } });
    expect(envOnly.code, explain(envOnly)).to.equal(0);
    const idOnly = await verify(w, [
      '--wait',
      '10',
      '--json',
      '--client-id',
      findApp(w.emulator.state, APP)!.consumerKey,
    ]);
    expect(idOnly.code, explain(idOnly)).to.equal(1);
    const error = idOnly.json as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('SecretApiClosedError');
    expect(error.message).to.include('Allow access to External Client App consumer secrets via REST API');
    expect(error.actions.join('\n')).to.include('SF_ECA_CLIENT_SECRET').and.include('--client-secret-stdin');
    expect(error.actions.join('\n')).not.to.match(/pass the consumer key with --client-id\.$/m);
    expectNoSecrets(idOnly, secretsOf(w.emulator));
  });

  it('exits 69 when --wait runs out while the app is still propagating', async () => {
    const w = world;
    justDeployed(10 * 60_000);
    const outcome = await verify(w, ['--wait', '8s']);
    expect(outcome.code, explain(outcome)).to.equal(69);
    expect(outcome.stdout).to.match(/Attempt 2 refused/);
    expect(outcome.stderr).to.match(/Gave up after \d+ attempts/);
  });
});
