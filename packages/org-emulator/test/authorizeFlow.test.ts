import { expect } from 'chai';
import {
  type Emulator,
  type ExternalClientApp,
  ADMIN_USERNAME,
  INTEGRATION_USERNAME,
  STANDARD_USERNAME,
  startEmulator,
} from '../src/index.js';
import { installApp } from '../src/installApp.js';
import { errorOf, pkcePair, postForm, requestToken, restStatus } from './helpers/oauthClient.js';

const REDIRECT = 'http://localhost:1717/OauthRedirect';
const link = '<externalClientApplication>Emu_App</externalClientApplication>';
// Admin-approved for the System Administrator profile, so the admin may use the web flow.
const adminApprovedPolicy = [
  '<commaSeparatedProfile>System Administrator</commaSeparatedProfile>',
  link,
  '<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>',
];

describe('emulator: authorize page, authorization code + PKCE, refresh tokens', () => {
  let emulator: Emulator;
  let app: ExternalClientApp;

  beforeEach(async () => {
    emulator = await startEmulator();
    app = await installApp(emulator, { oauthPolicy: adminApprovedPolicy });
  });
  afterEach(() => emulator.close());

  const authorizeUrl = (params: Record<string, string>): string => {
    const url = new URL('/services/oauth2/authorize', emulator.url);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: app.consumerKey,
      redirect_uri: REDIRECT,
      ...params,
    }))
      url.searchParams.set(k, v);
    return url.toString();
  };

  /** Submits the page's form as a browser would, returning the redirect location (or the page on a 200). */
  async function decide(
    params: Record<string, string>,
    username: string,
    decision: 'allow' | 'deny',
  ): Promise<{ status: number; location?: URL; page: string }> {
    const form = {
      response_type: 'code',
      client_id: app.consumerKey,
      redirect_uri: REDIRECT,
      ...params,
      username,
      decision,
    };
    const response = await fetch(`${emulator.url}/services/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    return { status: response.status, location: location ? new URL(location) : undefined, page: await response.text() };
  }

  async function codeFor(pkce: { challenge: string }, state = 'st-1'): Promise<string> {
    const answer = await decide(
      { code_challenge: pkce.challenge, code_challenge_method: 'S256', state },
      ADMIN_USERNAME,
      'allow',
    );
    expect(answer.status).to.equal(302);
    expect(answer.location!.origin + answer.location!.pathname).to.equal(REDIRECT);
    expect(answer.location!.searchParams.get('state')).to.equal(state);
    return answer.location!.searchParams.get('code')!;
  }

  const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    requestToken(emulator.url, {
      grant_type: 'authorization_code',
      code,
      client_id: app.consumerKey,
      client_secret: app.consumerSecret,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      ...overrides,
    });

  it('shows a login page with username, Allow and Deny', async () => {
    const { challenge } = pkcePair();
    const response = await fetch(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', state: 'x' }),
    );
    expect(response.status).to.equal(200);
    const page = await response.text();
    for (const id of ['id="username"', 'id="allow"', 'id="deny"', `value="${challenge}"`]) expect(page).to.include(id);
  });

  it('takes a code_challenge without code_challenge_method as the S256 hash, as jsforce (sf org login web) sends it', async () => {
    const { challenge } = pkcePair();
    const response = await fetch(authorizeUrl({ code_challenge: challenge, state: 'x' }));
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include('id="allow"');
  });

  it('exchanges a code with the right verifier once; a second use fails', async () => {
    const pkce = pkcePair();
    const code = await codeFor(pkce);
    const answer = await exchange(code, pkce.verifier);
    expect(answer.status).to.equal(200);
    expect(answer.body.scope).to.equal('api refresh_token');
    expect(answer.body.refresh_token).to.be.a('string');
    expect(await restStatus(emulator.url, answer.body.access_token)).to.equal(200);
    expect(errorOf(await exchange(code, pkce.verifier))).to.deep.equal(['invalid_grant', 'invalid authorization code']);
  });

  const exchangeRefusals: Array<[string, (verifier: string) => Record<string, string>, [string, string]]> = [
    ['a wrong verifier', () => ({ code_verifier: pkcePair().verifier }), ['invalid_grant', 'invalid code verifier']],
    ['no verifier', () => ({ code_verifier: '' }), ['invalid_grant', 'invalid code verifier']],
    [
      'another redirect_uri',
      () => ({ redirect_uri: 'http://localhost:1717/Other' }),
      ['invalid_grant', 'redirect_uri must match configuration'],
    ],
    ['a wrong secret', () => ({ client_secret: 'nope' }), ['invalid_client', 'invalid client credentials']],
    ['an unknown client', () => ({ client_id: '3MVG9nope' }), ['invalid_client_id', 'client identifier invalid']],
  ];
  for (const [what, overrides, expected] of exchangeRefusals) {
    it(`refuses the exchange with ${what}`, async () => {
      const pkce = pkcePair();
      const answer = await exchange(await codeFor(pkce), pkce.verifier, overrides(pkce.verifier));
      expect(errorOf(answer)).to.deep.equal(expected);
    });
  }

  it('refuses an expired code', async () => {
    const pkce = pkcePair();
    const code = await codeFor(pkce);
    emulator.state.oauth.codes.get(code)!.expiresAt = new Date(Date.now() - 1);
    expect(errorOf(await exchange(code, pkce.verifier))).to.deep.equal(['invalid_grant', 'expired authorization code']);
  });

  it('redirects a denial with error=access_denied and the state', async () => {
    const answer = await decide(
      { code_challenge: pkcePair().challenge, code_challenge_method: 'S256', state: 's-9' },
      ADMIN_USERNAME,
      'deny',
    );
    expect(answer.status).to.equal(302);
    expect(Object.fromEntries(answer.location!.searchParams)).to.deep.equal({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
      state: 's-9',
    });
  });

  it('refuses a user who is not admin approved', async () => {
    const answer = await decide(
      { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' },
      STANDARD_USERNAME,
      'allow',
    );
    expect(answer.location!.searchParams.get('error_description')).to.equal(
      'user is not admin approved to access this app',
    );
  });

  it('shows the login page again for an unknown username', async () => {
    const answer = await decide(
      { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' },
      'nobody@example.com',
      'allow',
    );
    expect(answer.status).to.equal(200);
    expect(answer.page).to.include('id="login-error"');
  });

  it("refuses UI login to an API Only user with the org's page: no code, no redirect, no approval", async () => {
    const answer = await decide(
      { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' },
      INTEGRATION_USERNAME,
      'allow',
    );
    expect(answer.status).to.equal(200);
    expect(answer.location).to.equal(undefined);
    expect(answer.page).to.include('Access Restricted for API Only Users');
    expect(answer.page).to.not.include('id="allow"');
    expect(emulator.state.oauth.codes.size).to.equal(0);
    expect(emulator.state.oauth.approvals.size).to.equal(0);
  });

  it('matches a callback registered with a wildcard port (http://localhost:*/callback) on any port, and only that path', async () => {
    await emulator.close();
    emulator = await startEmulator();
    app = await installApp(emulator, {
      global: ['<callbackUrl>https://app.example.com/cb\nhttp://localhost:*/callback</callbackUrl>', link],
      oauthPolicy: adminApprovedPolicy,
    });
    const challenge = { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
    const page = await fetch(authorizeUrl({ ...challenge, redirect_uri: 'http://localhost:53123/callback' }));
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('id="allow"');
    for (const other of ['http://localhost:53123/elsewhere', 'http://evil.example.com:53123/callback']) {
      const refused = await fetch(authorizeUrl({ ...challenge, redirect_uri: other }), { redirect: 'manual' });
      expect(await refused.text(), other).to.include('error=redirect_uri_mismatch');
    }
  });

  it('never redirects to an unregistered redirect_uri, and needs a known client_id', async () => {
    const mismatch = await fetch(
      authorizeUrl({ redirect_uri: 'https://evil.example.com/cb', code_challenge: 'x', code_challenge_method: 'S256' }),
      { redirect: 'manual' },
    );
    expect(mismatch.status).to.equal(400);
    expect(await mismatch.text()).to.include('error=redirect_uri_mismatch');
    const unknown = await fetch(authorizeUrl({ client_id: 'nope' }), { redirect: 'manual' });
    expect(await unknown.text()).to.include('error=invalid_client_id');
  });

  it('requires a S256 code challenge when PKCE is required', async () => {
    const missing = await fetch(authorizeUrl({ state: 'a' }), { redirect: 'manual' });
    expect(missing.status).to.equal(302);
    expect(new URL(missing.headers.get('location')!).searchParams.get('error')).to.equal('invalid_request');
    const plain = await fetch(authorizeUrl({ code_challenge: 'abc', code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error_description')).to.equal(
      'invalid code challenge method',
    );
  });

  it('rotates refresh tokens: the new one works, the old one is refused, the secret is required', async () => {
    const pkce = pkcePair();
    const first = (await exchange(await codeFor(pkce), pkce.verifier)).body.refresh_token;
    const refresh = (token: string, secret?: string) =>
      requestToken(emulator.url, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: app.consumerKey,
        ...(secret ? { client_secret: secret } : {}),
      });
    expect(errorOf(await refresh(first))).to.deep.equal(['invalid_client', 'invalid client credentials']);
    const rotated = await refresh(first, app.consumerSecret);
    expect(rotated.status).to.equal(200);
    expect(rotated.body.refresh_token).to.be.a('string').and.not.equal(first);
    expect(errorOf(await refresh(first, app.consumerSecret))).to.deep.equal([
      'invalid_grant',
      'expired access/refresh token',
    ]);
    expect((await refresh(rotated.body.refresh_token, app.consumerSecret)).status).to.equal(200);
  });

  it('revoking a refresh token ends the sessions issued from it', async () => {
    const pkce = pkcePair();
    const answer = (await exchange(await codeFor(pkce), pkce.verifier)).body;
    expect((await postForm(`${emulator.url}/services/oauth2/revoke`, { token: answer.refresh_token })).status).to.equal(
      200,
    );
    expect(await restStatus(emulator.url, answer.access_token)).to.equal(401);
  });
});
