import { expect } from 'chai';
import {
  introspect,
  normaliseApiVersion,
  parseIdentityUrl,
  probeApi,
  revoke,
  sameSalesforceId,
} from '../../../src/oauth/apiProbe.js';
import { expectRejection } from '../../helpers/expectError.js';
import { json, startStub, type Stub } from '../../helpers/stubServer.js';

const TOKEN = '00D000000000001!AQ8AQSecretAccessToken';

describe('apiProbe', () => {
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('calls the versioned data resource with the bearer token', async () => {
    stub = await startStub((req, res) =>
      req.headers.authorization === `Bearer ${TOKEN}`
        ? json(res, 200, { sobjects: '/services/data/v62.0/sobjects' })
        : json(res, 401, [{ errorCode: 'INVALID_SESSION_ID' }]),
    );
    const result = await probeApi(`${stub.url}/`, TOKEN, '62.0');
    expect(result).to.deep.equal({ url: `${stub.url}/services/data/v62.0/`, status: 200 });
    expect(stub.requests[0].method).to.equal('GET');
    expect(stub.requests[0].path).to.equal('/services/data/v62.0/');
  });

  it('a refused token is an error with the status, never the token', async () => {
    stub = await startStub((_req, res) =>
      json(res, 401, [{ message: `Session expired or invalid ${TOKEN}`, errorCode: 'INVALID_SESSION_ID' }]),
    );
    const error = await expectRejection(probeApi(stub.url, TOKEN, 'v66.0'));
    expect(error.name).to.equal('ApiProbeFailedError');
    expect(error.message).to.contain('401').and.contain('INVALID_SESSION_ID').and.contain('/services/data/v66.0/');
    expect(error.message).to.not.contain(TOKEN);
    expect(error.message).to.not.contain('AQ8AQSecret');
  });

  it('never sends the token over plain http to a remote instance', async () => {
    const error = await expectRejection(
      probeApi('http://evil.example.com', TOKEN, '62.0', {
        fetch: () => Promise.reject(new Error('must not be called')),
      }),
    );
    expect(error.name).to.equal('LoginUrlNotHttpsError');
  });

  const versions: Array<[string, string | undefined]> = [
    ['62.0', '62.0'],
    ['v62.0', '62.0'],
    ['66', '66.0'],
    ['62.5', undefined],
    ['latest', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of versions) {
    it(`API version "${input}" -> ${expected ?? 'refused'}`, () => {
      if (expected) expect(normaliseApiVersion(input)).to.equal(expected);
      else expect(() => normaliseApiVersion(input)).to.throw(/not an API version/);
    });
  }

  const ids: Array<[string | undefined, ReturnType<typeof parseIdentityUrl>]> = [
    [
      'https://login.salesforce.com/id/00D5g000000ABCDEAA/0055g000001XYZWAA4',
      { host: 'login.salesforce.com', orgId: '00D5g000000ABCDEAA', userId: '0055g000001XYZWAA4' },
    ],
    [
      'http://127.0.0.1:4567/id/00D5g000000ABCD/0055g000001XYZW',
      { host: '127.0.0.1:4567', orgId: '00D5g000000ABCD', userId: '0055g000001XYZW' },
    ],
    ['https://login.salesforce.com/id/0055g000001XYZW/00D5g000000ABCD', undefined],
    ['https://login.salesforce.com/id/00D5g000000ABCD', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ];
  for (const [input, expected] of ids) {
    it(`parses identity URL ${input ?? '(none)'}`, () => {
      expect(parseIdentityUrl(input)).to.deep.equal(expected);
    });
  }

  it('compares org ids on their first 15 characters', () => {
    expect(sameSalesforceId('00D5g000000ABCDEAA', '00D5g000000ABCD')).to.equal(true);
    expect(sameSalesforceId('00D5g000000ABCDEAA', '00D5g000000ABCDXYZ')).to.equal(true);
    expect(sameSalesforceId('00D5g000000ABCDEAA', '00D5g000000abcdEAA')).to.equal(false);
    expect(sameSalesforceId('00D5g000000ABCE', '00D5g000000ABCD')).to.equal(false);
    expect(sameSalesforceId('00D', '00D')).to.equal(false);
  });

  it('introspects with the app credentials', async () => {
    stub = await startStub((_req, res) =>
      json(res, 200, {
        active: true,
        scope: 'api',
        client_id: 'KEY',
        username: 'int@acme.example',
        sub: 'https://x/id/a/b',
        token_type: 'access_token',
        exp: 1764234000,
      }),
    );
    const result = await introspect(stub.url, 'KEY', 'SECRET', TOKEN);
    expect(result).to.deep.equal({
      active: true,
      scope: 'api',
      clientId: 'KEY',
      username: 'int@acme.example',
      sub: 'https://x/id/a/b',
      tokenType: 'access_token',
      exp: 1764234000,
    });
    expect(stub.requests[0].path).to.equal('/services/oauth2/introspect');
    expect(Object.fromEntries(new URLSearchParams(stub.requests[0].body))).to.deep.equal({
      token: TOKEN,
      token_type_hint: 'access_token',
      client_id: 'KEY',
      client_secret: 'SECRET',
    });
  });

  it('an app that may not introspect gets IntrospectionUnavailable, with nothing secret in it', async () => {
    stub = await startStub((_req, res) =>
      json(res, 401, { error: 'invalid_client', error_description: 'SECRET is wrong' }),
    );
    const error = await expectRejection(introspect(stub.url, 'KEY', 'SECRET', TOKEN));
    expect(error.name).to.equal('IntrospectionUnavailable');
    expect(error.message).to.contain('401').and.not.contain('SECRET');
  });

  it('revokes the token', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    await revoke(stub.url, TOKEN);
    expect(stub.requests[0].path).to.equal('/services/oauth2/revoke');
    expect(new URLSearchParams(stub.requests[0].body).get('token')).to.equal(TOKEN);
  });

  it('a failed revoke is an error that does not show the token', async () => {
    stub = await startStub((_req, res) =>
      json(res, 400, { error: 'unsupported_token_type', error_description: `bad ${TOKEN}` }),
    );
    const error = await expectRejection(revoke(stub.url, TOKEN));
    expect(error.name).to.equal('RevokeFailedError');
    expect(error.message).to.contain('unsupported_token_type').and.not.contain(TOKEN);
  });
});
