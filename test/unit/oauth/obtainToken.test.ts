import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { SfError } from '@salesforce/core';
import { WaitExpiredError, type RetryEvent } from '../../../src/oauth/waitForToken.js';
import { obtainToken, READINESS_PROBE_CODE, type TokenRun } from '../../../src/oauth/obtainToken.js';
import { expectRejection } from '../../helpers/expectError.js';
import { browserGet, freePort, json, startStub, type RecordedRequest, type Stub } from '../../helpers/stubServer.js';

const TOKEN = {
  access_token: '00D5g0000ECAEMU!AQ.token',
  instance_url: 'http://127.0.0.1:1',
  token_type: 'Bearer',
  scope: 'api',
};

/** A clock that only moves when the code under test sleeps. */
function fakeTime(): NonNullable<TokenRun['retry']> {
  let t = 1_000_000;
  return { now: () => t, sleep: (ms: number) => ((t += ms), Promise.resolve()), random: () => 0.5 };
}

type Answer = [number, unknown];
const notYet: Answer = [400, { error: 'invalid_client_id', error_description: 'client identifier invalid' }];
const noRunAsUser: Answer = [400, { error: 'invalid_grant', error_description: 'no client credentials user enabled' }];
const badCode: Answer = [400, { error: 'invalid_grant', error_description: 'invalid authorization code' }];

/** A token endpoint that gives the scripted answers in order, the last one for every further request. */
async function tokenEndpoint(
  answers: Answer[],
  onRequest?: (req: RecordedRequest) => Answer | undefined,
): Promise<Stub> {
  let next = 0;
  return startStub((req, res) => {
    const special = onRequest?.(req);
    const [status, body] = special ?? answers[Math.min(next++, answers.length - 1)];
    json(res, status, body);
  });
}

const form = (req: RecordedRequest): URLSearchParams => new URLSearchParams(req.body);

describe('verify: obtaining the token', () => {
  let stub: Stub | undefined;
  afterEach(async () => stub?.close());

  function ccRun(base: string, change: Partial<TokenRun> = {}): TokenRun {
    return {
      plan: { flow: 'client-credentials', requested: false, needsSecret: true },
      base,
      clientId: '3MVG9KEY',
      clientSecret: 'the-secret',
      waitMs: 600_000,
      retry: fakeTime(),
      ...change,
    };
  }

  it('client credentials: retries while the app propagates and counts the attempts', async () => {
    stub = await tokenEndpoint([notYet, notYet, [200, TOKEN]]);
    const events: RetryEvent[] = [];
    const obtained = await obtainToken(ccRun(stub.url, { onRetry: (e) => events.push(e) }));
    expect(obtained.token.access_token).to.equal(TOKEN.access_token);
    expect(obtained.attempts).to.equal(3);
    // An attempt every 5 s.
    expect(obtained.elapsedMs).to.equal(10_000);
    expect(events.filter((e) => e.type === 'retrying')).to.have.length(2);
    expect(stub.requests.map((r) => form(r).get('grant_type'))).to.deep.equal([
      'client_credentials',
      'client_credentials',
      'client_credentials',
    ]);
    expect(form(stub.requests[0]).get('client_secret')).to.equal('the-secret');
  });

  it('fails at once on a configuration error, with the fix and the attempt count in its data', async () => {
    stub = await tokenEndpoint([noRunAsUser]);
    const error = (await expectRejection(obtainToken(ccRun(stub.url)))) as SfError;
    expect(error.name).to.equal('TokenEndpointError');
    expect(error.actions?.join(' ')).to.include('run-as user');
    expect(error.data).to.deep.equal({ attempts: 1, elapsedMs: 0 });
    expect(stub.requests).to.have.length(1);
  });

  it('gives up when --wait runs out', async () => {
    stub = await tokenEndpoint([notYet]);
    const error = await expectRejection(obtainToken(ccRun(stub.url, { waitMs: 10_000 })));
    expect(error).to.be.instanceOf(WaitExpiredError);
    expect((error as WaitExpiredError).attempts).to.be.greaterThan(1);
  });

  describe('web server', () => {
    async function webRun(
      base: string,
      browse: (url: string) => Promise<void>,
      change: Partial<TokenRun> = {},
    ): Promise<TokenRun> {
      const port = await freePort();
      return {
        plan: {
          flow: 'web-server',
          requested: true,
          redirectUri: `http://127.0.0.1:${port}/OauthRedirect`,
          needsSecret: true,
        },
        base,
        clientId: '3MVG9KEY',
        clientSecret: 'the-secret',
        waitMs: 600_000,
        retry: fakeTime(),
        browser: { timeoutMs: 5000, onAuthorizeUrl: () => undefined, open: browse },
        ...change,
      };
    }

    /** Plays the person: allows access, so the authorization server redirects to the callback with a code. */
    const allow = async (authorizeUrl: string): Promise<void> => {
      const url = new URL(authorizeUrl);
      const redirect = new URL(url.searchParams.get('redirect_uri')!);
      redirect.searchParams.set('code', 'aPrxREALCODE');
      redirect.searchParams.set('state', url.searchParams.get('state')!);
      challenges.push(url.searchParams.get('code_challenge')!);
      await browserGet(redirect.href);
    };
    let challenges: string[] = [];
    beforeEach(() => (challenges = []));

    it('waits with a readiness probe until the app is known, then opens the browser once and exchanges the code', async () => {
      let opened = 0;
      stub = await tokenEndpoint([notYet, notYet, badCode], (req) => {
        const sent = form(req);
        if (sent.get('code') !== 'aPrxREALCODE') return undefined;
        const verifierMatches =
          createHash('sha256')
            .update(sent.get('code_verifier') ?? '')
            .digest('base64url') === challenges[0];
        return verifierMatches
          ? [200, TOKEN]
          : [400, { error: 'invalid_grant', error_description: 'invalid code verifier' }];
      });
      const run = await webRun(stub.url, async (url) => {
        opened++;
        await allow(url);
      });
      const obtained = await obtainToken(run);
      expect(obtained.token.access_token).to.equal(TOKEN.access_token);
      expect(obtained.attempts).to.equal(3);
      expect(opened).to.equal(1);
      const codes = stub.requests.map((r) => form(r).get('code'));
      expect(codes).to.deep.equal([READINESS_PROBE_CODE, READINESS_PROBE_CODE, READINESS_PROBE_CODE, 'aPrxREALCODE']);
      expect(form(stub.requests[3]).get('redirect_uri')).to.equal(run.plan.redirectUri);
    });

    it('does not send the person to the browser when the callback URL is not registered', async () => {
      let opened = 0;
      stub = await tokenEndpoint([
        [400, { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' }],
      ]);
      const run = await webRun(stub.url, async () => {
        opened++;
      });
      const error = (await expectRejection(obtainToken(run))) as SfError;
      expect(error.message).to.include('redirect_uri');
      expect(opened).to.equal(0);
    });

    it('a denial in the browser fails the flow', async () => {
      stub = await tokenEndpoint([badCode]);
      const run = await webRun(stub.url, async (authorizeUrl) => {
        const url = new URL(authorizeUrl);
        const redirect = new URL(url.searchParams.get('redirect_uri')!);
        redirect.searchParams.set('error', 'access_denied');
        redirect.searchParams.set('state', url.searchParams.get('state')!);
        await browserGet(redirect.href);
      });
      const error = await expectRejection(obtainToken(run));
      expect(error.name).to.equal('AuthorizationDeniedError');
      expect(stub.requests).to.have.length(1);
    });
  });
});
