/*
 * The plugin against a real Salesforce org (run with `npm run test:nuts`; test/nuts/env.ts names the variables):
 *   1. generate -> deploy -> verify of a client credentials app;
 *   2. the same for a JWT bearer app (with ECA_NUT_JWT_USERNAME);
 *   3. the facts the local org emulator (packages/org-emulator) imitates, checked against the org, each named in its
 *      title;
 *   4. clean-up: the run's apps are deleted through the Metadata API, the secret setting is put back as it was.
 * Every app is new (NUT_<kind>_<timestamp>), so each run waits for propagation: expect 5-30 minutes in all.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { JWT_PERMISSION_SET, readNutEnv } from './env.js';
import {
  APP_TYPE,
  CROSS_REFERENCE,
  type SdrDeploy,
  awaitSecretAccess,
  deleteApps,
  deployPaths,
  describeAnswer,
  findAppId,
  listConsumers,
  loginHostFor,
  readConsumerPart,
  readSecretSetting,
  requestToken,
  writeSecretSetting,
} from './helpers/org.js';
import {
  ALIAS,
  type CliRun,
  type Nut,
  envelopeOf,
  explain,
  note,
  runCli,
  runStamp,
  startNut,
} from './helpers/session.js';

type DeployResult = {
  app: string;
  status: string;
  twoPhase: boolean;
  consumerKey?: string;
  componentFailures: Array<{ type: string; fullName: string; problem: string }>;
};

type VerifyResult = {
  app: string;
  flow: string;
  clientId: string;
  secretSource: string;
  attempts: number;
  elapsedMs: number;
  user: { id?: string; username?: string; isRunAsUser: boolean };
  orgId?: string;
  orgMatches: boolean;
  instanceUrl: string;
  apiCall: { url: string; status: number };
  revoked: boolean;
  accessToken?: string;
  clientSecret?: string;
};

const checked = readNutEnv();
const env = checked.ok ? checked.env : undefined;
const stamp = runStamp();
const APPS = {
  cc: `NUT_CC_${stamp}`,
  jwt: `NUT_JWT_${stamp}`,
  oneShot: `NUT_1S_${stamp}`,
  twoPhase: `NUT_2P_${stamp}`,
};
const CALLBACK = 'https://integration.example.com/oauth/callback';
const CONTACT = 'integrations@example.com';
/** The same 15 characters: the org id in a token's id URL may be the 15- or the 18-character form. */
const sameOrg = (a: string | undefined, b: string): boolean => a !== undefined && a.slice(0, 15) === b.slice(0, 15);
/** Metadata type folders of the generated files. */
const APP_FOLDER = 'externalClientApps';
const SATELLITE_FOLDERS = [
  'extlClntAppGlobalOauthSets',
  'extlClntAppOauthSettings',
  'extlClntAppOauthPolicies',
  'extlClntAppPolicies',
];

// Without the variables, mocha run on this file directly lists the tests as pending (the launcher does not start it).
(env ? describe : describe.skip)('plugin-eca against a real org (NUTs)', function () {
  let nut: Nut;
  const waitMinutes = env?.waitMinutes ?? 0;
  const cliTimeoutMs = (waitMinutes + 4) * 60_000;
  /** Every app a test tried to deploy: the clean-up deletes them all. */
  const deployed = new Set<string>();
  /** The secret setting as the run found it, put back at the end. */
  let originalSetting: boolean | undefined;
  let settingChanged = false;
  /** What the client credentials app's tests found, for the facts that need a working app. */
  const cc: { consumerKey?: string; verified?: boolean } = {};

  const cli = (args: string[]): Promise<CliRun> => runCli(nut, args, { timeoutMs: cliTimeoutMs });

  async function setSecretSetting(on: boolean): Promise<void> {
    if ((await readSecretSetting(nut.connection)) === on) return;
    await writeSecretSetting(nut.connection, on);
    settingChanged = true;
    note(
      `switched "Allow access to External Client App consumer secrets via REST API" ${on ? 'on' : 'off'} (restored at the end)`,
    );
  }

  /** Waits until the org gives the app's secret to the deploying user (never printed); fails naming why not. */
  async function expectSecretReadable(apiName: string): Promise<void> {
    const appId = await findAppId(nut.connection, apiName);
    expect(appId, `SOQL finds ${apiName}`).to.be.a('string');
    const [consumer] = await listConsumers(nut.connection, appId!);
    expect(consumer, `${apiName} has a consumer`).not.to.equal(undefined);
    const read = await awaitSecretAccess(nut.connection, appId!, consumer.id, true);
    if ('failure' in read) {
      expect.fail(
        `the org does not give ${nut.org.username} the consumer secret although the setting is on: ${read.failure.text}. The user needs the permissions External Client App Developer and View Client Secret (System Administrator has both in a Developer Edition org).`,
      );
    }
  }

  async function generate(apiName: string, flags: string[], outputDir?: string): Promise<void> {
    const run = await cli([
      'eca',
      'generate',
      '--name',
      apiName,
      '--api-name',
      apiName,
      '--contact-email',
      CONTACT,
      '--callback-url',
      CALLBACK,
      ...flags,
      ...(outputDir ? ['--output-dir', outputDir] : []),
      '--json',
    ]);
    expect(run.code, explain(run)).to.equal(0);
    expect(envelopeOf(run).status, explain(run)).to.equal(0);
  }

  async function deploy(apiName: string): Promise<DeployResult> {
    deployed.add(apiName);
    const run = await cli([
      'eca',
      'deploy',
      '--name',
      apiName,
      '--target-org',
      ALIAS,
      '--wait',
      String(waitMinutes),
      '--json',
    ]);
    const json = envelopeOf<DeployResult>(run);
    expect(run.code, explain(run)).to.equal(0);
    expect(json.status, explain(run)).to.equal(0);
    expect(json.result.status).to.equal('Succeeded');
    expect(json.result.consumerKey, `deploy returns the consumer key\n${explain(run)}`)
      .to.be.a('string')
      .and.match(/^\w{20,}/);
    note(
      `${apiName}: deployed in ${Math.round(run.ms / 1000)} s ${json.result.twoPhase ? 'with the two-phase fallback (the one-shot deploy failed on cross-references)' : 'in one deploy'}`,
    );
    return json.result;
  }

  async function verify(apiName: string, flags: string[]): Promise<VerifyResult> {
    const run = await cli([
      'eca',
      'verify',
      '--name',
      apiName,
      '--target-org',
      ALIAS,
      '--wait',
      String(waitMinutes),
      ...flags,
      '--json',
    ]);
    const json = envelopeOf<VerifyResult>(run);
    expect(run.code, explain(run)).to.equal(0);
    expect(json.status, explain(run)).to.equal(0);
    const result = json.result;
    note(
      `${apiName}: token after ${result.attempts} attempt(s) in ${Math.round(result.elapsedMs / 1000)} s, as ${result.user.username ?? '?'}`,
    );
    expect(result.apiCall.status, 'GET /services/data/vNN.0/ with the token').to.equal(200);
    expect(result.orgMatches).to.equal(true);
    expect(
      sameOrg(result.orgId, nut.org.orgId),
      `token of org ${result.orgId ?? '?'}, target org ${nut.org.orgId}`,
    ).to.equal(true);
    expect(result).not.to.have.property('accessToken');
    expect(result).not.to.have.property('clientSecret');
    return result;
  }

  before(async function () {
    this.timeout(5 * 60_000);
    nut = await startNut(env!);
    note(`org ${nut.org.orgId} (${nut.org.instanceUrl}) as ${nut.org.username}; apps of this run: NUT_*_${stamp}`);
    originalSetting = await readSecretSetting(nut.connection);
    note(
      `consumer secrets via REST API: ${originalSetting === undefined ? 'unknown (the org returned no ExternalClientAppSettings)' : originalSetting ? 'on' : 'off'}`,
    );
  });

  after(async function () {
    this.timeout(10 * 60_000);
    if (!nut) return;
    try {
      if (deployed.size > 0) {
        const { problems, remaining } = await deleteApps(nut.connection, [...deployed]);
        problems.forEach((problem) => note(`clean-up: ${problem}`));
        if (remaining.length > 0)
          note(`clean-up: delete by hand in Setup > External Client App Manager: ${remaining.join(', ')}`);
        deployed.clear();
      }
      if (settingChanged && originalSetting !== undefined) {
        await writeSecretSetting(nut.connection, originalSetting);
        note(`restored consumer secrets via REST API: ${originalSetting ? 'on' : 'off'}`);
      }
    } finally {
      await nut.dispose();
    }
  });

  describe('client credentials: generate -> deploy -> verify', () => {
    it('generate writes the app with the run-as user', async () => {
      await generate(APPS.cc, ['--flow', 'client-credentials', '--run-as-user', env!.runAsUser]);
    });

    it('deploy passes the pre-flight checks, deploys the app and returns its consumer key', async function () {
      const result = await deploy(APPS.cc);
      cc.consumerKey = result.consumerKey;
    });

    it("verify reads the key and secret from the org, gets a token as the run-as user and calls the target org's API", async function () {
      if (!cc.consumerKey) this.skip();
      // verify reads the secret itself (secretSource "org"), which needs the setting on, applied.
      await setSecretSetting(true);
      await expectSecretReadable(APPS.cc);
      const result = await verify(APPS.cc, []);
      expect(result).to.include({ flow: 'client-credentials', clientId: cc.consumerKey, secretSource: 'org' });
      expect(result.user.isRunAsUser).to.equal(true);
      expect(result.user.username?.toLowerCase()).to.equal(env!.runAsUser.toLowerCase());
      cc.verified = true;
    });
  });

  describe('JWT bearer: generate --generate-certificate -> deploy -> verify --username', () => {
    let consumerKey: string | undefined;

    before(function () {
      if (!env?.jwtUsername) {
        note(`skipped: set ECA_NUT_JWT_USERNAME to a user assigned the permission set ${JWT_PERMISSION_SET}`);
        this.skip();
      }
    });

    it(`generate writes the app with a new certificate, pre-authorizing the permission set ${JWT_PERMISSION_SET}`, async () => {
      await generate(APPS.jwt, [
        '--flow',
        'jwt-bearer',
        '--generate-certificate',
        '--permission-set',
        JWT_PERMISSION_SET,
      ]);
    });

    it('deploy deploys it and returns its consumer key', async () => {
      consumerKey = (await deploy(APPS.jwt)).consumerKey;
    });

    it('verify signs a JWT with the generated key, gets a token for the user and calls the API', async function () {
      if (!consumerKey) this.skip();
      const result = await verify(APPS.jwt, ['--username', env!.jwtUsername!]);
      expect(result).to.include({ flow: 'jwt-bearer', clientId: consumerKey });
      expect(result.user.username?.toLowerCase()).to.equal(env!.jwtUsername!.toLowerCase());
    });
  });

  describe('facts the local org emulator imitates', () => {
    const waitSeconds = (): number => waitMinutes * 60;
    const expectSucceeded = (what: string, deployResult: SdrDeploy): void => {
      expect(
        deployResult.status,
        `${what} (deploy ${deployResult.id}): ${JSON.stringify(deployResult.failures)}`,
      ).to.equal('Succeeded');
    };

    it("docs/salesforce-facts.md §6: a one-shot deploy of a new app's five files succeeds, or fails its satellites on the cross-reference and the two-phase fallback then succeeds", async () => {
      const dir = join(nut.scratchDir, APPS.oneShot);
      await generate(APPS.oneShot, ['--flow', 'client-credentials', '--run-as-user', env!.runAsUser], dir);
      deployed.add(APPS.oneShot);
      const all = await deployPaths(nut.connection, [dir], waitSeconds());
      if (all.status === 'Succeeded') {
        note('the one-shot deploy succeeded: the org needed no fallback');
        return;
      }
      note(
        `the one-shot deploy ${all.status}: ${all.failures.map((f) => `${f.type} ${f.fullName}: ${f.problem}`).join(' | ')}`,
      );
      expect(all.failures.length, 'a failed deploy names its failures').to.be.greaterThan(0);
      for (const failure of all.failures) {
        expect(failure.type, 'only satellites fail').not.to.equal(APP_TYPE);
        expect(failure.problem, 'a satellite fails on the cross-reference to its app').to.match(CROSS_REFERENCE);
      }
      expectSucceeded('the app alone', await deployPaths(nut.connection, [join(dir, APP_FOLDER)], waitSeconds()));
      expectSucceeded(
        'then the satellites',
        await deployPaths(
          nut.connection,
          SATELLITE_FOLDERS.map((folder) => join(dir, folder)),
          waitSeconds(),
        ),
      );
      note('the two-phase fallback succeeded');
    });

    it('docs/salesforce-facts.md §6: the two-phase deploy (the ExternalClientApplication first, its satellites second) creates a new app', async () => {
      const dir = join(nut.scratchDir, APPS.twoPhase);
      await generate(APPS.twoPhase, ['--flow', 'client-credentials', '--run-as-user', env!.runAsUser], dir);
      deployed.add(APPS.twoPhase);
      expectSucceeded('the app alone', await deployPaths(nut.connection, [join(dir, APP_FOLDER)], waitSeconds()));
      expectSucceeded(
        'the satellites',
        await deployPaths(
          nut.connection,
          SATELLITE_FOLDERS.map((folder) => join(dir, folder)),
          waitSeconds(),
        ),
      );
      expect(await findAppId(nut.connection, APPS.twoPhase), 'the org lists the app').to.be.a('string');
    });

    it('docs/salesforce-facts.md §4: client credentials with a wrong secret: invalid_client "invalid client credentials"', async function () {
      if (!cc.verified) this.skip();
      const answer = await requestToken(nut.org.instanceUrl, {
        grant_type: 'client_credentials',
        client_id: cc.consumerKey!,
        client_secret: `wrong-${randomBytes(16).toString('hex')}`,
      });
      note(`wrong secret: ${describeAnswer(answer)}`);
      expect(answer.error).to.equal('invalid_client');
      expect(answer.description).to.match(/invalid client credentials/i);
    });

    it('docs/salesforce-facts.md §4: a made-up client id: invalid_client_id', async () => {
      const answer = await requestToken(nut.org.instanceUrl, {
        grant_type: 'client_credentials',
        client_id: `3MVG9${randomBytes(40).toString('base64url').slice(0, 80)}`,
        client_secret: randomBytes(32).toString('hex'),
      });
      note(`made-up client id: ${describeAnswer(answer)}`);
      expect(answer.error).to.equal('invalid_client_id');
      expect(answer.description).to.match(/client identifier invalid/i);
    });

    it('docs/salesforce-facts.md §4: client credentials on the login host (https://login.salesforce.com; test.salesforce.com for a sandbox) instead of My Domain: invalid_grant "request not supported on this domain"', async function () {
      if (!cc.verified) this.skip();
      const appId = (await findAppId(nut.connection, APPS.cc))!;
      const [consumer] = await listConsumers(nut.connection, appId);
      // The app's real key and secret: only the host is wrong.
      await setSecretSetting(true);
      const read = await awaitSecretAccess(nut.connection, appId, consumer.id, true);
      if (!('secret' in read)) expect.fail(`reading the secret to use it failed: ${read.failure.text}`);
      const host = loginHostFor(nut.org.instanceUrl);
      const answer = await requestToken(host, {
        grant_type: 'client_credentials',
        client_id: cc.consumerKey!,
        client_secret: read.secret,
      });
      note(`client credentials on ${host}: ${describeAnswer(answer)}`);
      expect(answer.gotToken, 'no token from the login host').to.equal(false);
      expect(answer.error).to.equal('invalid_grant');
      expect(answer.description).to.match(/request not supported on this domain/i);
    });

    it('docs/salesforce-facts.md §5: with the org setting off, reading the consumer secret fails naming the setting (FUNCTIONALITY_NOT_ENABLED), and reading the key works', async function () {
      if (!cc.consumerKey) this.skip();
      const appId = await findAppId(nut.connection, APPS.cc);
      expect(appId, `SOQL finds ${APPS.cc}`).to.be.a('string');
      await setSecretSetting(false);
      const consumers = await listConsumers(nut.connection, appId!);
      expect(consumers, 'the app has one consumer').to.have.length.greaterThan(0);
      const consumer = consumers[0];
      note(`consumers: ${consumers.length}, the first one ${consumer.key ? 'with' : 'without'} its key in the list`);

      const read = await awaitSecretAccess(nut.connection, appId!, consumer.id, false);
      expect('secret' in read, 'the secret is refused with the setting off').to.equal(false);
      if ('failure' in read) {
        note(`reading the secret: ${read.failure.text}`);
        expect(read.failure.text).to.match(
          /FUNCTIONALITY_NOT_ENABLED|not currently enabled|feature is not enabled|consumer secrets? via (?:the )?REST API/i,
        );
      }

      const key = await readConsumerPart(nut.connection, appId!, consumer.id, 'key');
      expect(key.key, '?part=key still answers with the key').to.equal(cc.consumerKey);
      expect(key.secret, '?part=key never carries the secret').to.equal(undefined);
      if (consumer.key) expect(consumer.key).to.equal(cc.consumerKey);
    });
  });

  describe('clean-up', () => {
    it('deletes the apps of this run (Metadata API delete of ExternalClientApplication and its satellites)', async () => {
      const names = [...deployed];
      if (names.length === 0) return;
      const { problems, remaining } = await deleteApps(nut.connection, names);
      problems.forEach((problem) => note(`clean-up: ${problem}`));
      deployed.clear();
      remaining.forEach((name) => deployed.add(name));
      expect(
        remaining,
        `apps still in the org (delete them in Setup > External Client App Manager): ${remaining.join(', ')}`,
      ).to.deep.equal([]);
    });
  });
});
