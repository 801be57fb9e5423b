import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { type AnyJson } from '@salesforce/ts-types';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { type CommandUx, stubCommandUx } from '../../helpers/commandUx.js';
import EcaRotate, { type RotateResult } from '../../../src/commands/eca/rotate.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { clientCredentialsSpec } from '../../helpers/appSpecs.js';
import { removeCommandProject, setUpCommandProject } from '../../helpers/commandProject.js';
import { json, startStub, type Stub } from '../../helpers/stubServer.js';

const ORG_ID = '00D5g0000ECAEMUAAA';
const USER_ID = '005000000000001AAA';
const RUN_AS = 'integration@eca-test.example';
const APP_ID = '0xI000000000001AAA';
const CONSUMER = `/services/data/v64.0/apps/oauth/credentials/${APP_ID}/0Cs000000000001AAA`;
const NEW_KEY = '3MVG9NEWKEY-THAT-GOES-ONLY-TO-THE-FILE';
const NEW_SECRET = 'NEW-SECRET-THAT-MUST-NOT-LEAK';
const ACCESS = '00D5g0000ECAEMU!AQ.ACCESS-TOKEN-THAT-MUST-NOT-LEAK';

describe('sf eca rotate (command)', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  testOrg.orgId = ORG_ID;
  let oauth: Stub;
  let ux: CommandUx;
  let folder: string;
  let orgRequests: string[];
  let staged: Record<string, unknown> | undefined;

  const output = (): string =>
    [...ux.log.args.flat(), ...ux.logSensitive.args.flat(), ...ux.warn.args.flat()].map(String).join('\n');
  const run = async (...args: string[]): Promise<RotateResult> =>
    (await EcaRotate.run(['--target-org', 'my-org', '--login-url', oauth.url, '--wait', '0', ...args])) as RotateResult;

  before(async () => {
    oauth = await startStub((req, res) => {
      if (req.path === '/services/oauth2/token') {
        const sent = new URLSearchParams(req.body);
        if (sent.get('client_id') !== NEW_KEY || sent.get('client_secret') !== NEW_SECRET)
          return json(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
        return json(res, 200, {
          access_token: ACCESS,
          instance_url: oauth.url,
          id: `${oauth.url}/id/${ORG_ID}/${USER_ID}`,
          token_type: 'Bearer',
        });
      }
      if (req.path.startsWith('/services/data/v')) return json(res, 200, {});
      if (req.path === '/services/oauth2/introspect') return json(res, 200, { active: true, username: RUN_AS });
      if (req.path === '/services/oauth2/revoke') return json(res, 200, {});
      json(res, 404, {});
    });
  });
  after(async () => {
    await oauth.close();
    removeCommandProject($$);
  });

  beforeEach(async () => {
    const projectDir = await setUpCommandProject($$, testOrg);
    for (const file of renderAppFiles(clientCredentialsSpec(RUN_AS))) {
      const path = join(projectDir, 'force-app/main/default', file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.xml);
    }
    folder = mkdtempSync(join(tmpdir(), 'wt-rotate-command-'));
    orgRequests = [];
    staged = undefined;
    oauth.requests.length = 0;
    ux = stubCommandUx($$.SANDBOX, EcaRotate);
    $$.fakeConnectionRequest = (request: AnyJson): Promise<AnyJson> => {
      const { url, method = 'GET' } = (typeof request === 'string' ? { url: request } : request) as {
        url: string;
        method?: string;
      };
      orgRequests.push(`${method} ${url}`);
      if (url.includes('/query'))
        return Promise.resolve({ totalSize: 1, done: true, records: [{ Id: APP_ID }] } as AnyJson);
      if (url.endsWith(`/credentials/${APP_ID}`))
        return Promise.resolve({
          consumers: [{ id: '0Cs000000000001AAA', url: CONSUMER, stagedCredentialsUrl: `${CONSUMER}/staged` }],
        } as AnyJson);
      if (method === 'POST' && url.endsWith('/staged')) {
        staged = {
          id: '0Hz000000000001AAA',
          key: NEW_KEY,
          secret: NEW_SECRET,
          state: 'Active',
          url: `${CONSUMER}/staged/0Hz000000000001AAA`,
        };
        return Promise.resolve({ stagedCredentials: [staged] } as AnyJson);
      }
      if (method === 'GET' && url.includes('/staged?'))
        return Promise.resolve({ stagedCredentials: staged ? [staged] : [] } as AnyJson);
      if (method === 'PATCH') {
        staged = { ...staged, key: '3MVG9OLD', state: 'Rotated', expirationDate: '2026-12-31T00:00:00.000Z' };
        return Promise.resolve({ stagedCredentials: [staged] } as AnyJson);
      }
      return Promise.reject(new Error(`unexpected request ${method} ${url}`));
    };
  });
  afterEach(() => {
    $$.restore();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stages, proves, writes the secret file, rotates; the result and the output hold no key or secret', async () => {
    const file = join(folder, 'billing.env');
    const result = await run('--secret-file', file, '--no-prompt');
    expect(result.steps.map((s) => `${s.step}:${s.outcome}`)).to.deep.equal([
      'stage:done',
      'prove:done',
      'handOver:done',
      'rotate:done',
      'retire:notRun',
    ]);
    expect(result.oldCredentials).to.deep.equal({ state: 'working', until: '2026-12-31T00:00:00.000Z' });
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(readFileSync(file, 'utf8')).to.include(`SF_ECA_CLIENT_SECRET=${NEW_SECRET}`);
    expect(orgRequests.filter((r) => r.startsWith('POST') || r.startsWith('PATCH'))).to.have.length(2);
    expect(
      orgRequests.some((r) => r.includes('part=keyandsecret')),
      'the current secret is never read',
    ).to.equal(false);
    for (const secret of [NEW_SECRET, NEW_KEY, ACCESS]) {
      expect(output()).not.to.include(secret);
      expect(JSON.stringify(result)).not.to.include(secret);
    }
    expect(output()).to.include('[rotate] The new credentials are now current');
  });

  it('--dry-run reads the state with three requests and changes nothing', async () => {
    const result = await run('--dry-run');
    expect(result.dryRun).to.equal(true);
    expect(result.steps.map((s) => s.outcome)).to.deep.equal(['planned', 'planned', 'planned', 'planned', 'notRun']);
    // The Organization query is the test org's own (MockTestOrgData), not the command's.
    const mine = orgRequests.filter((r) => !r.includes('FROM%20Organization'));
    expect(
      mine.map((r) => r.split(' ')[0]),
      mine.join('\n'),
    ).to.deep.equal(['GET', 'GET', 'GET']);
  });

  it('--skip-proof warns, asks for no token, and rotates', async () => {
    const result = await run('--show-secrets', '--no-prompt', '--skip-proof');
    expect(result.steps[1]).to.deep.equal({ step: 'prove', outcome: 'skipped' });
    expect(oauth.requests.filter((r) => r.path === '/services/oauth2/token')).to.have.length(0);
    expect(ux.warn.args.flat().join('\n')).to.include('--skip-proof');
    expect(ux.logSensitive.args.flat().join('\n')).to.include(`New consumer secret: ${NEW_SECRET}`);
  });
});
