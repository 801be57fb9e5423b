import { expect } from 'chai';
import { retryPresenter } from '../../../src/output/verifyProgress.js';
import type { Connection, SfError } from '@salesforce/core';
import { EXIT_WAIT_EXPIRED, verifyApp, type VerifyInput, type VerifyUi } from '../../../src/jobs/verify.js';
import { specWith } from '../../helpers/appSpecs.js';
import { expectRejection } from '../../helpers/expectError.js';
import { json, startStub, type Stub } from '../../helpers/stubServer.js';

const ORG_ID = '00D5g0000ECAEMUAAA';
const USER_ID = '005000000000001AAA';

/** Just what verifyApp asks of the target org's connection. */
function fakeConnection(instanceUrl: string): Connection {
  return {
    instanceUrl,
    getApiVersion: () => '62.0',
    getUsername: () => 'admin@acme.test',
    query: () =>
      Promise.resolve({
        totalSize: 1,
        done: true,
        records: [{ Id: '0xI000000000001AAA', Username: 'integration@acme.test' }],
      }),
    request: (req: { url: string }) =>
      Promise.resolve(
        req.url.includes('part=')
          ? { id: '0Cs000000000001AAA', key: '3MVG9KEY', secret: 'org-secret' }
          : { consumers: [{ id: '0Cs000000000001AAA', key: '3MVG9KEY' }] },
      ),
  } as unknown as Connection;
}

function recordingUi(): VerifyUi & { lines: string[] } {
  const lines: string[] = [];
  const noop = (): void => undefined;
  const ui: VerifyUi & { lines: string[] } = {
    lines,
    log: (l) => lines.push(l),
    warn: (w) => lines.push(`WARN ${w}`),
    start: noop,
    stop: noop,
    // Retry lines go through ui.log, so a test that replaces ui.log sees them too (as the command binds them).
    onRetry: retryPresenter({ log: (l) => ui.log(l), status: noop }, { countdown: false }),
    authorizeUrl: noop,
    browse: () => Promise.resolve(),
  };
  return ui;
}

describe('verifyApp', () => {
  let stub: Stub;
  let propagatedAfter: number;
  let calls: number;
  beforeEach(async () => {
    calls = 0;
    stub = await startStub((req, res) => {
      if (req.path === '/services/oauth2/token') {
        calls++;
        if (calls <= propagatedAfter)
          return json(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
        return json(res, 200, {
          access_token: '00D5g0000ECAEMU!AQ.tok',
          instance_url: stub.url,
          id: `${stub.url}/id/${ORG_ID}/${USER_ID}`,
          token_type: 'Bearer',
          scope: 'api',
        });
      }
      if (req.path.startsWith('/services/data/v62.0/')) return json(res, 200, {});
      if (req.path === '/services/oauth2/introspect')
        return json(res, 200, { active: true, username: 'integration@acme.test' });
      return json(res, 200, {});
    });
  });
  afterEach(() => stub.close());

  const input = (change: Partial<VerifyInput> = {}): VerifyInput => {
    let t = 0;
    return {
      spec: specWith({
        oauth: { flows: ['client-credentials'], scopes: ['Api'] },
        policies: { runAsUser: 'integration@acme.test' },
      }),
      connection: fakeConnection(stub.url),
      targetOrg: 'admin@acme.test',
      targetOrgId: ORG_ID,
      secretFromStdin: false,
      waitMs: 60_000,
      openBrowser: false,
      keepToken: false,
      showSecrets: false,
      env: {},
      retry: { now: () => t, sleep: (ms) => ((t += ms), Promise.resolve()), random: () => 0.5 },
      ...change,
    };
  };

  it('shows each refused attempt while the app propagates, then reports attempts and time', async () => {
    propagatedAfter = 2;
    const ui = recordingUi();
    const result = await verifyApp(input(), ui);
    expect(result.attempts).to.equal(3);
    expect(result.elapsedMs).to.equal(10_000);
    expect(result.secretSource).to.equal('org');
    const retries = ui.lines.filter((l) => l.startsWith('Attempt '));
    expect(retries).to.have.length(2);
    expect(retries[0]).to.equal(
      'Attempt 1 refused (invalid_client_id: client identifier invalid); next try in 5 s, 1 min left.',
    );
    // Why waiting helps is said once, before the first retry line.
    const explanations = ui.lines.filter((l) => /propagated.*Retrying every 5 s for up to 1 min\./.test(l));
    expect(explanations).to.have.length(1);
    expect(ui.lines.indexOf(explanations[0])).to.be.lessThan(ui.lines.indexOf(retries[0]));
  });

  it('names the org by its alias in the progress lines and by its username in the result', async () => {
    const ui = recordingUi();
    ui.start = (text) => void ui.lines.push(`START ${text}`);
    const result = await verifyApp(input({ orgLabel: 'my-org' }), ui);
    expect(ui.lines).to.include("START Reading the app's credentials from my-org");
    expect(ui.lines[0]).to.equal(
      "Verifying Billing_Sync in my-org with the client credentials flow (the one the app's files enable).",
    );
    expect(ui.lines.join('\n')).not.to.include('admin@acme.test');
    expect(result.targetOrg).to.equal('admin@acme.test');
  });

  it('exits 69 when --wait runs out, with the attempts and time in the error data', async () => {
    propagatedAfter = 1000;
    const error = (await expectRejection(verifyApp(input({ waitMs: 20_000 }), recordingUi()))) as SfError;
    expect(error.name).to.equal('WaitExpiredError');
    expect(error.exitCode).to.equal(EXIT_WAIT_EXPIRED);
    expect(error.data).to.deep.include({
      app: 'Billing_Sync',
      flow: 'client-credentials',
      tokenEndpoint: `${stub.url}/services/oauth2/token`,
    });
    expect((error.data as { attempts: number }).attempts).to.be.greaterThan(2);
  });

  it('stops on Ctrl-C with exit code 130', async () => {
    propagatedAfter = 1000;
    const aborter = new AbortController();
    const ui = recordingUi();
    ui.log = (line) => (line.startsWith('Attempt 1') ? aborter.abort() : undefined);
    const error = (await expectRejection(
      verifyApp(input({ signal: aborter.signal, retry: undefined }), ui),
    )) as SfError;
    expect(error.name).to.equal('InterruptedError');
    expect(error.exitCode).to.equal(130);
  });
});
