import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import {
  type Emulator,
  type ExternalClientApp,
  INACTIVE_USERNAME,
  INTEGRATION_USERNAME,
  findUser,
  startEmulator,
} from '../src/index.js';
import { installApp } from '../src/installApp.js';
import { errorOf, postForm, requestToken, restStatus } from './helpers/oauthClient.js';
import { type FixtureOptions, appFiles } from '../src/fixtures.js';

const link = '<externalClientApplication>Emu_App</externalClientApplication>';
const lines = (index: number): string[] =>
  appFiles()
    [index].xml.split('\n')
    .slice(2, -2)
    .map((l) => l.trim());

describe('emulator: token endpoint, client credentials and refresh', () => {
  let emulator: Emulator;
  let app: ExternalClientApp;
  const cc = (overrides: Record<string, string> = {}) =>
    requestToken(emulator.url, {
      grant_type: 'client_credentials',
      client_id: app.consumerKey,
      client_secret: app.consumerSecret,
      ...overrides,
    });

  beforeEach(async () => {
    emulator = await startEmulator();
    app = await installApp(emulator);
  });
  afterEach(() => emulator.close());

  it("issues a token for the run-as user, shaped like the org's answer, that works on the REST API", async () => {
    const answer = await cc();
    expect(answer.status).to.equal(200);
    const user = findUser(emulator.state, INTEGRATION_USERNAME)!;
    const { access_token: token, ...rest } = answer.body;
    expect(token).to.match(/^00D[A-Za-z0-9]{12}!/);
    expect(rest).to.include({
      instance_url: emulator.url,
      id: `${emulator.url}/id/${emulator.state.orgId}/${user.id}`,
      token_type: 'Bearer',
      scope: 'api',
    });
    expect(rest).to.not.have.property('refresh_token');
    expect(rest.signature).to.equal(
      createHmac('sha256', app.consumerSecret)
        .update(rest.id + rest.issued_at)
        .digest('base64'),
    );
    expect(await restStatus(emulator.url, token)).to.equal(200);
    const me = (await (
      await fetch(`${emulator.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { preferred_username: string };
    expect(me.preferred_username).to.equal(INTEGRATION_USERNAME);
  });

  it('accepts the client credentials in an HTTP Basic header', async () => {
    const basic = Buffer.from(`${app.consumerKey}:${app.consumerSecret}`).toString('base64');
    const answer = await postForm(
      `${emulator.url}/services/oauth2/token`,
      { grant_type: 'client_credentials' },
      { Authorization: `Basic ${basic}` },
    );
    expect(answer.status).to.equal(200);
  });

  const refusals: Array<[string, FixtureOptions | undefined, Record<string, string>, [string, string]]> = [
    ['a wrong secret', undefined, { client_secret: 'F'.repeat(64) }, ['invalid_client', 'invalid client credentials']],
    ['an unknown key', undefined, { client_id: '3MVG9unknown' }, ['invalid_client_id', 'client identifier invalid']],
    [
      'the flow off in Global',
      { global: [link, '<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>'] },
      {},
      ['unsupported_grant_type', 'grant type not supported'],
    ],
    [
      'no run-as user in the policy',
      { oauthPolicy: [link, '<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>'] },
      {},
      ['invalid_grant', 'no client credentials user enabled'],
    ],
    [
      'the flow off in the policy',
      { oauthPolicy: [lines(3)[0], link, '<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>'] },
      {},
      ['invalid_grant', 'no client credentials user enabled'],
    ],
    [
      'a disabled app',
      { policy: [link, '<isEnabled>false</isEnabled>'] },
      {},
      ['invalid_client', 'app must be installed into org'],
    ],
    [
      'a password grant (not supported by ECAs)',
      undefined,
      { grant_type: 'password', username: 'a', password: 'b' },
      ['unsupported_grant_type', 'grant type not supported'],
    ],
  ];
  for (const [what, fixture, overrides, expected] of refusals) {
    it(`refuses ${what}: ${expected.join(' / ')}`, async () => {
      if (fixture) {
        emulator.state.apps.length = 0;
        app = await installApp(emulator, fixture);
      }
      const answer = await cc(overrides);
      expect(answer.status).to.equal(400);
      expect(errorOf(answer)).to.deep.equal(expected);
    });
  }

  it('refuses an inactive run-as user with authentication failure', async () => {
    emulator.state.apps.length = 0;
    app = await installApp(emulator, {
      oauthPolicy: [
        `<clientCredentialsFlowUser>${INACTIVE_USERNAME}</clientCredentialsFlowUser>`,
        link,
        '<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>',
      ],
    });
    expect(errorOf(await cc())).to.deep.equal(['invalid_grant', 'authentication failure']);
  });

  it('refuses a body that is not form-encoded', async () => {
    const response = await fetch(`${emulator.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(await response.json()).to.deep.equal({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
  });

  it("rejects a new app's credentials as invalid_client_id during the propagation delay", async () => {
    emulator.faults.propagationDelayMs = 400;
    emulator.state.apps.length = 0;
    app = await installApp(emulator);
    expect(errorOf(await cc())).to.deep.equal(['invalid_client_id', 'client identifier invalid']);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await cc()).status).to.equal(200);
  });

  it('refuses the next N requests as not propagated with unpropagatedRequests, whatever the clock', async () => {
    emulator.faults.unpropagatedRequests = 2;
    expect(errorOf(await cc())).to.deep.equal(['invalid_client_id', 'client identifier invalid']);
    expect(errorOf(await cc())).to.deep.equal(['invalid_client_id', 'client identifier invalid']);
    expect((await cc()).status).to.equal(200);
  });

  it('answers client credentials as login.salesforce.com would: request not supported on this domain', async () => {
    const login = await startEmulator({ actAsLoginHost: true });
    try {
      const answer = await requestToken(login.url, {
        grant_type: 'client_credentials',
        client_id: 'x',
        client_secret: 'y',
      });
      expect(errorOf(answer)).to.deep.equal(['invalid_grant', 'request not supported on this domain']);
    } finally {
      await login.close();
    }
  });

  it('limits an app token without the api scope: the REST API refuses it', async () => {
    emulator.state.apps.length = 0;
    app = await installApp(emulator, {
      oauth: ['<commaSeparatedOauthScopes>OpenID</commaSeparatedOauthScopes>', link],
    });
    const answer = await cc();
    expect(answer.body.scope).to.equal('openid');
    const response = await fetch(`${emulator.url}/services/data/v66.0/`, {
      headers: { Authorization: `Bearer ${answer.body.access_token}` },
    });
    expect(response.status).to.equal(401);
    expect(await response.json()).to.deep.equal([
      { message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' },
    ]);
  });

  describe('introspect and revoke', () => {
    const introspect = (token: string, secret = app.consumerSecret) =>
      postForm(`${emulator.url}/services/oauth2/introspect`, {
        token,
        token_type_hint: 'access_token',
        client_id: app.consumerKey,
        client_secret: secret,
      });

    it('introspects an active token, then revoking it ends it', async () => {
      const token = (await cc()).body.access_token;
      const active = await introspect(token);
      expect(active.body).to.include({
        active: true,
        scope: 'api',
        client_id: app.consumerKey,
        username: INTEGRATION_USERNAME,
        token_type: 'access_token',
      });
      expect(Number(active.body.exp)).to.be.greaterThan(Date.now() / 1000);
      expect(active.body.sub).to.match(/\/id\/00D/);
      const revoked = await postForm(`${emulator.url}/services/oauth2/revoke`, { token });
      expect(revoked.status).to.equal(200);
      expect((await introspect(token)).body).to.deep.equal({ active: false });
      expect(await restStatus(emulator.url, token)).to.equal(401);
    });

    it('refuses introspection with a wrong secret', async () => {
      const token = (await cc()).body.access_token;
      const answer = await introspect(token, 'nope');
      expect([answer.status, ...errorOf(answer)]).to.deep.equal([401, 'invalid_client', 'invalid client credentials']);
    });

    it("does not show another client's token unless isIntrospectAllTokens", async () => {
      const cliToken = emulator.openSession().token;
      expect((await introspect(cliToken)).body).to.deep.equal({ active: false });
    });

    it('answers 400 for revoking an unknown token', async () => {
      expect((await postForm(`${emulator.url}/services/oauth2/revoke`, { token: 'nope' })).status).to.equal(400);
    });
  });
});
