import { expect } from 'chai';
import { confirmToken, type ConfirmInput } from '../../../src/oauth/confirmToken.js';
import { expectRejection } from '../../helpers/expectError.js';
import { json, startStub, type Stub } from '../../helpers/stubServer.js';

const ORG = '00D5g0000ECAEMUAAA';
const USER = '005000000000001AAA';
const ACCESS = '00D5g0000ECAEMU!AQ.token';

type Behaviour = { api?: number; introspect?: number; revoke?: number };
let revoked: string[] = [];
/** The access token the stub org accepts. */
let accepted = ACCESS;

async function org(behaviour: Behaviour): Promise<Stub> {
  return startStub((req, res) => {
    if (req.path.startsWith('/services/data/')) {
      const ok = req.headers.authorization === `Bearer ${accepted}` && (behaviour.api ?? 200) === 200;
      return ok
        ? json(res, 200, { sobjects: '/x' })
        : json(res, behaviour.api ?? 401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
    }
    if (req.path === '/services/oauth2/introspect') {
      const status = behaviour.introspect ?? 200;
      return status === 200
        ? json(res, 200, { active: true, scope: 'api', username: 'integration@acme.test', exp: 1_900_000_000 })
        : json(res, status, { error: 'invalid_client' });
    }
    if (req.path === '/services/oauth2/revoke') {
      revoked.push(new URLSearchParams(req.body).get('token') ?? '');
      return json(res, behaviour.revoke ?? 200, {});
    }
    json(res, 404, {});
  });
}

describe('verify: confirming the token', () => {
  let stub: Stub | undefined;
  beforeEach(() => {
    revoked = [];
    accepted = ACCESS;
  });
  afterEach(async () => stub?.close());

  const input = (base: string, change: Partial<ConfirmInput> = {}): ConfirmInput => ({
    token: { access_token: ACCESS, instance_url: base, id: `${base}/id/${ORG}/${USER}` },
    base,
    apiVersion: '62.0',
    clientId: '3MVG9KEY',
    clientSecret: 'the-secret',
    keepToken: false,
    lookupUsername: () => Promise.resolve('looked-up@acme.test'),
    http: { serverRetryDelaysMs: [0, 0] },
    ...change,
  });

  it('proves a JWT-format access token (isNamedUserJwtEnabled) the same way, decoding nothing', async () => {
    // A payload that is not JSON: anything that decoded the token would fail on it (docs/salesforce-facts.md §2.7).
    accepted = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjIzOCJ9.bm90LWpzb24.c2lnbmF0dXJl';
    stub = await org({});
    const base = stub.url;
    const found = await confirmToken(
      input(base, { token: { access_token: accepted, instance_url: base, id: `${base}/id/${ORG}/${USER}` } }),
    );
    expect(found.apiCall.status).to.equal(200);
    expect(found.identity).to.deep.include({ orgId: ORG, userId: USER });
    expect(found.username).to.equal('integration@acme.test');
    expect(revoked).to.deep.equal([accepted]);

    // Without an identity URL the org id is not guessed from the token: it is simply unknown.
    revoked = [];
    const bare = await confirmToken(input(base, { token: { access_token: accepted, instance_url: base } }));
    expect(bare.apiCall.status).to.equal(200);
    expect(bare.identity).to.equal(undefined);
    expect(revoked).to.deep.equal([accepted]);
  });

  it('calls the versioned API, introspects, takes the username from introspection and revokes', async () => {
    stub = await org({});
    const found = await confirmToken(input(stub.url));
    expect(found.apiCall).to.deep.equal({ url: `${stub.url}/services/data/v62.0/`, status: 200 });
    expect(found.identity).to.deep.include({ orgId: ORG, userId: USER });
    expect(found.username).to.equal('integration@acme.test');
    expect(found.introspection?.active).to.equal(true);
    expect(found.revoked).to.equal(true);
    expect(found.notes).to.deep.equal([]);
    expect(stub.requests.map((r) => r.path)).to.deep.equal([
      '/services/data/v62.0/',
      '/services/oauth2/introspect',
      '/services/oauth2/revoke',
    ]);
    expect(revoked).to.deep.equal([ACCESS]);
  });

  it('revokes the refresh token when one came with the access token', async () => {
    stub = await org({});
    const base = stub.url;
    const found = await confirmToken(
      input(base, {
        token: {
          access_token: ACCESS,
          instance_url: base,
          id: `${base}/id/${ORG}/${USER}`,
          refresh_token: '5Aep861REFRESH',
        },
      }),
    );
    expect(found.revoked).to.equal(true);
    expect(revoked).to.deep.equal(['5Aep861REFRESH']);
  });

  it('without a secret: no introspection, the username from the org', async () => {
    stub = await org({});
    const found = await confirmToken(input(stub.url, { clientSecret: undefined }));
    expect(found.introspection).to.equal(undefined);
    expect(found.username).to.equal('looked-up@acme.test');
  });

  it('notes an introspection the app refuses and a failed revoke, and --keep-token revokes nothing', async () => {
    stub = await org({ introspect: 400, revoke: 500 });
    const found = await confirmToken(input(stub.url));
    expect(found.revoked).to.equal(false);
    expect(found.notes.map((n) => n.about)).to.deep.equal(['introspection', 'revoke']);
    expect(JSON.stringify(found.notes)).not.to.include(ACCESS);
    const kept = await confirmToken(input(stub.url, { keepToken: true }));
    expect(kept.notes.map((n) => n.about)).to.deep.equal(['introspection']);
    // The 500 is repeated twice before the revoke counts as failed; --keep-token sends none.
    expect(stub.requests.filter((r) => r.path === '/services/oauth2/revoke')).to.have.length(3);
  });

  it('a failed API call is an error, and the token is still revoked', async () => {
    stub = await org({ api: 403 });
    const error = await expectRejection(confirmToken(input(stub.url)));
    expect(error.name).to.equal('ApiProbeFailedError');
    expect(error.message).not.to.include(ACCESS);
    expect(stub.requests.map((r) => r.path)).to.include('/services/oauth2/revoke');
  });
});
