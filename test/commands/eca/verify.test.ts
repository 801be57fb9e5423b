import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { type AnyJson } from '@salesforce/ts-types';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { type CommandUx, stubCommandUx } from '../../helpers/commandUx.js';
import EcaVerify from '../../../src/commands/eca/verify.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import type { AppSpec } from '../../../src/model/appSpec.js';
import { clientCredentialsSpec } from '../../helpers/appSpecs.js';
import { removeCommandProject, setUpCommandProject } from '../../helpers/commandProject.js';
import { json, startStub, type RecordedRequest, type Stub } from '../../helpers/stubServer.js';

const ORG_ID = '00D5g0000ECAEMUAAA';
const USER_ID = '005000000000001AAA';
const RUN_AS = 'integration@eca-test.example';
const KEY = '3MVG9CONSUMERKEY';
const SECRET = 'SECRET-THAT-MUST-NOT-LEAK';
const ACCESS = '00D5g0000ECAEMU!AQ.ACCESS-TOKEN-THAT-MUST-NOT-LEAK';

const spec = (): AppSpec => clientCredentialsSpec(RUN_AS);

type TokenAnswer = [number, Record<string, unknown>];

describe('sf eca verify (command)', () => {
  const $$ = new TestContext();
  after(() => removeCommandProject($$));
  const testOrg = new MockTestOrgData();
  testOrg.orgId = ORG_ID;
  let projectDir: string;
  let orgRequests: string[];
  let secretApiClosed: boolean;
  let tokenAnswers: TokenAnswer[];
  let tokenOrgId: string;
  let oauth: Stub;
  let ux: CommandUx;

  const output = (): string =>
    [...ux.log.args.flat(), ...ux.logSensitive.args.flat(), ...ux.warn.args.flat()].map(String).join('\n');
  const tokenRequests = (): RecordedRequest[] => oauth.requests.filter((r) => r.path === '/services/oauth2/token');
  const run = (...args: string[]): Promise<Awaited<ReturnType<typeof EcaVerify.run>>> =>
    EcaVerify.run([
      '--target-org',
      'my-org',
      '--login-url',
      oauth.url,
      ...(args.includes('--wait') ? [] : ['--wait', '0']),
      ...args,
    ]);
  const failureOf = (
    ...args: string[]
  ): Promise<Error & { actions?: string[]; data?: Record<string, unknown>; exitCode?: number }> =>
    run(...args).then(
      () => {
        throw new Error('expected the command to fail');
      },
      (caught: Error) => caught,
    );

  before(async () => {
    oauth = await startStub((req, res) => {
      if (req.path === '/services/oauth2/token') {
        const [status, body] = tokenAnswers.shift() ?? [
          200,
          {
            access_token: ACCESS,
            instance_url: oauth.url,
            id: `${oauth.url}/id/${tokenOrgId}/${USER_ID}`,
            token_type: 'Bearer',
            scope: 'api',
          },
        ];
        return json(res, status, body);
      }
      if (req.path.startsWith('/services/data/v'))
        return json(res, req.headers.authorization === `Bearer ${ACCESS}` ? 200 : 401, {});
      if (req.path === '/services/oauth2/introspect')
        return json(res, 200, { active: true, scope: 'api', username: RUN_AS, client_id: KEY });
      if (req.path === '/services/oauth2/revoke') return json(res, 200, {});
      json(res, 404, {});
    });
  });
  after(async () => oauth.close());

  beforeEach(async () => {
    projectDir = await setUpCommandProject($$, testOrg);
    for (const file of renderAppFiles(spec())) {
      const path = join(projectDir, 'force-app/main/default', file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.xml);
    }
    orgRequests = [];
    secretApiClosed = false;
    tokenAnswers = [];
    tokenOrgId = ORG_ID;
    oauth.requests.length = 0;
    delete process.env.SF_ECA_CLIENT_SECRET;
    ux = stubCommandUx($$.SANDBOX, EcaVerify);

    $$.fakeConnectionRequest = (request: AnyJson): Promise<AnyJson> => {
      const url = typeof request === 'string' ? request : String((request as { url: string }).url);
      orgRequests.push(url);
      if (url.includes('/query')) {
        const soql = decodeURIComponent(new URL(url, 'https://x').searchParams.get('q') ?? '').replace(/\+/g, ' ');
        let records: unknown[] = [];
        if (soql.includes('FROM ExternalClientApplication')) records = [{ Id: '0xI000000000001AAA' }];
        if (soql.includes('FROM User WHERE Id')) records = [{ Username: RUN_AS }];
        return Promise.resolve({ totalSize: records.length, done: true, records } as AnyJson);
      }
      if (url.includes('/apps/oauth/credentials/0xI000000000001AAA/')) {
        if (url.includes('part=keyandsecret') && secretApiClosed) {
          return Promise.reject(
            Object.assign(new Error('This feature is not currently enabled for this user.'), {
              errorCode: 'FUNCTIONALITY_NOT_ENABLED',
            }),
          );
        }
        return Promise.resolve({
          id: '0Cs000000000001AAA',
          key: KEY,
          ...(url.includes('secret') ? { secret: SECRET } : {}),
        } as AnyJson);
      }
      if (url.includes('/apps/oauth/credentials/0xI000000000001AAA')) {
        return Promise.resolve({
          consumers: [{ id: '0Cs000000000001AAA', key: KEY, name: 'Billing_Sync' }],
        } as AnyJson);
      }
      return Promise.reject(new Error(`unexpected request ${url}`));
    };
  });

  afterEach(() => {
    $$.restore();
    delete process.env.SF_ECA_CLIENT_SECRET;
  });

  it('verifies with the inferred client credentials flow: key and secret from the org, API call, introspection, revoke', async () => {
    const result = await run();
    expect(result).to.deep.include({
      app: 'Billing_Sync',
      flow: 'client-credentials',
      targetOrg: testOrg.username,
      tokenEndpoint: `${oauth.url}/services/oauth2/token`,
      clientId: KEY,
      secretSource: 'org',
      attempts: 1,
      user: { id: USER_ID, username: RUN_AS, isRunAsUser: true },
      orgId: ORG_ID,
      orgMatches: true,
      instanceUrl: oauth.url,
      tokenType: 'Bearer',
      scopes: { granted: ['api'], app: ['api'], extra: [], missing: [] },
      revoked: true,
      apiCall: { url: `${oauth.url}/services/data/v${result.apiCall.url.match(/v(\d+\.0)/)![1]}/`, status: 200 },
    });
    expect(result.introspection).to.deep.include({ active: true, username: RUN_AS });
    const sent = new URLSearchParams(tokenRequests()[0].body);
    expect(sent.get('client_id')).to.equal(KEY);
    expect(sent.get('client_secret')).to.equal(SECRET);
    expect(oauth.requests.map((r) => r.path)).to.include('/services/oauth2/revoke');
    const printed = output();
    expect(printed).to.include("with the client credentials flow (the one the app's files enable)");
    expect(printed).to.include(`User: ${RUN_AS} (${USER_ID}), the app's run-as user.`);
    for (const secret of [SECRET, ACCESS]) {
      expect(printed).not.to.include(secret);
      expect(JSON.stringify(result)).not.to.include(secret);
    }
  });

  it('takes the secret from SF_ECA_CLIENT_SECRET without asking the org for it', async () => {
    process.env.SF_ECA_CLIENT_SECRET = 'secret-from-env';
    const result = await run();
    expect(result.secretSource).to.equal('env');
    expect(new URLSearchParams(tokenRequests()[0].body).get('client_secret')).to.equal('secret-from-env');
    expect(orgRequests.some((url) => url.includes('part=keyandsecret'))).to.equal(false);
  });

  it('--client-id and --show-secrets: the key is not read from the org; the token and the secret are shown', async () => {
    process.env.SF_ECA_CLIENT_SECRET = 'secret-from-env';
    const result = await run('--client-id', '3MVG9OTHERKEY', '--show-secrets', '--keep-token');
    expect(orgRequests.some((url) => url.includes('/apps/oauth/credentials'))).to.equal(false);
    expect(result.clientId).to.equal('3MVG9OTHERKEY');
    expect(result.accessToken).to.equal(ACCESS);
    expect(result.clientSecret).to.equal('secret-from-env');
    expect(result.revoked).to.equal(false);
    expect(oauth.requests.map((r) => r.path)).not.to.include('/services/oauth2/revoke');
    expect(output()).to.include(`Access token: ${ACCESS}`);
    expect(output()).to.include('Consumer secret: secret-from-env');
  });

  it('says so when the org keeps the secret API closed, gives both ways forward, and never asks for a token', async () => {
    secretApiClosed = true;
    const error = await failureOf();
    expect(error.name).to.equal('SecretApiClosedError');
    expect(error.message).to.include('Allow access to External Client App consumer secrets via REST API');
    const actions = (error.actions ?? []).join('\n');
    expect(actions).to.include('SF_ECA_CLIENT_SECRET');
    expect(actions).to.match(/turn the setting off again/i);
    expect(tokenRequests()).to.have.length(0);
  });

  it("fails at once on a configuration error, with the table's explanation and fix", async () => {
    tokenAnswers = [[400, { error: 'invalid_grant', error_description: 'no client credentials user enabled' }]];
    const error = await failureOf('--wait', '10');
    expect(error.name).to.equal('TokenEndpointError');
    expect(error.message).to.include('no client credentials user enabled');
    expect((error.actions ?? []).join('\n')).to.include('run-as user');
    expect(error.data).to.deep.include({ app: 'Billing_Sync', flow: 'client-credentials', attempts: 1 });
    expect(tokenRequests()).to.have.length(1);
  });

  it('a wrong secret is named as such: exit 1, "the secret is wrong"', async () => {
    process.env.SF_ECA_CLIENT_SECRET = 'wrong-secret-value';
    tokenAnswers = [[400, { error: 'invalid_client', error_description: 'invalid client credentials' }]];
    const error = await failureOf();
    expect(error.message).to.match(/^The secret is wrong/);
    expect(error.exitCode).to.equal(1);
    expect(error.message).not.to.include('wrong-secret-value');
  });

  it('with --wait 0, a "not yet" answer exits 69, with the advice to wait longer, once', async () => {
    tokenAnswers = [[400, { error: 'invalid_client_id', error_description: 'client identifier invalid' }]];
    const error = await failureOf();
    expect(error.name).to.equal('WaitExpiredError');
    expect(error.exitCode).to.equal(69);
    expect((error.actions ?? []).filter((a) => a.includes('longer --wait'))).to.have.length(1);
  });

  it('refuses a token of another org', async () => {
    tokenOrgId = '00D000000000999AAA';
    const error = await failureOf();
    expect(error.name).to.equal('OrgMismatchError');
    expect(error.message).to.include('00D000000000999AAA');
    expect(oauth.requests.map((r) => r.path)).to.include('/services/oauth2/revoke');
  });

  it('refuses a flow the app does not enable before any request', async () => {
    const error = await failureOf('--flow', 'jwt-bearer');
    expect(error.name).to.equal('NoCertificateError');
    expect(orgRequests.filter((url) => /apps\/oauth|ExternalClientApplication/.test(url))).to.deep.equal([]);
    expect(oauth.requests).to.have.length(0);
  });

  it('refuses login.salesforce.com for client credentials, with the reason', async () => {
    const error = await EcaVerify.run(['--target-org', 'my-org', '--login-url', 'https://login.salesforce.com']).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.name).to.equal('GenericLoginHostError');
    expect(error?.message).to.include('request not supported on this domain');
  });
});
