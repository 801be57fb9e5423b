import { expect } from 'chai';
import { requestClientCredentialsToken } from '../../../src/oauth/clientCredentials.js';
import { TokenEndpointError, TokenNetworkError } from '../../../src/oauth/tokenErrors.js';
import { requestToken } from '../../../src/oauth/tokenRequest.js';
import { expectRejection } from '../../helpers/expectError.js';
import { freePort, json, startStub, type Stub } from '../../helpers/stubServer.js';

const TOKEN = '00D000000000001!AQ8AQFakeAccessTokenForTests';
/** A token endpoint's success answer, every field the plugin keeps. */
const TOKEN_FIELDS = {
  access_token: TOKEN,
  instance_url: 'https://acme.my.salesforce.com',
  id: 'https://login.salesforce.com/id/00D000000000001AAA/005000000000001AAA',
  token_type: 'Bearer',
  issued_at: '1764230400000',
  scope: 'api',
  signature: 'c2ln',
};

describe('tokenRequest', () => {
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('POSTs a form to /services/oauth2/token and parses the success answer', async () => {
    stub = await startStub((_req, res) => json(res, 200, { ...TOKEN_FIELDS, unexpected: 42 }));
    const token = await requestClientCredentialsToken({ base: stub.url, clientId: 'KEY', clientSecret: 'SECRET&=1' });
    // The known fields, and nothing the org added.
    expect(token).to.deep.equal(TOKEN_FIELDS);
    const [sent] = stub.requests;
    expect(sent.method).to.equal('POST');
    expect(sent.path).to.equal('/services/oauth2/token');
    expect(sent.headers['content-type']).to.equal('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sent.body))).to.deep.equal({
      grant_type: 'client_credentials',
      client_id: 'KEY',
      client_secret: 'SECRET&=1',
    });
  });

  it('leaves out undefined form fields', async () => {
    stub = await startStub((_req, res) => json(res, 200, { access_token: TOKEN, instance_url: 'https://x' }));
    await requestToken(stub.url, { grant_type: 'authorization_code', client_secret: undefined });
    expect(stub.requests[0].body).to.equal('grant_type=authorization_code');
  });

  it('turns an OAuth error answer into a TokenEndpointError with its diagnosis', async () => {
    stub = await startStub((_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'no client credentials user enabled' }),
    );
    const error = await expectRejection(requestToken(stub.url, { grant_type: 'client_credentials' }));
    expect(error).to.be.instanceOf(TokenEndpointError);
    const tokenError = error as TokenEndpointError;
    expect(tokenError.status).to.equal(400);
    expect(tokenError.diagnosis.code).to.equal('noRunAsUser');
    expect(tokenError.diagnosis.retryable).to.equal(false);
  });

  it('turns an HTML 503 into a retryable server error, described in one line without the page', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' });
      res.end(`<html><body>Maintenance ${'x'.repeat(500)} access_token=abcdefgh</body></html>`);
    });
    const error = (await expectRejection(requestToken(stub.url, {}))) as TokenEndpointError;
    expect(error).to.be.instanceOf(TokenEndpointError);
    expect(error.error).to.equal('http_503');
    expect(error.diagnosis.code).to.equal('serverError');
    expect(error.diagnosis.retryable).to.equal('unavailable');
    expect(error.errorDescription).to.equal('HTTP 503 with an HTML page instead of an OAuth answer');
    expect(error.message).not.to.match(/<|Maintenance|abcdefgh/);
  });

  it('a 200 without a token is an unexpected answer, not a success', async () => {
    stub = await startStub((_req, res) => json(res, 200, { instance_url: 'https://x' }));
    const error = (await expectRejection(requestToken(stub.url, {}))) as TokenEndpointError;
    expect(error.error).to.equal('unexpected_response');
  });

  it('does not follow redirects (a login page is not a token)', async () => {
    stub = await startStub((_req, res) => {
      res.writeHead(302, { Location: 'https://login.salesforce.com/' });
      res.end();
    });
    const error = (await expectRejection(requestToken(stub.url, {}))) as TokenEndpointError;
    expect(error.error).to.equal('http_302');
  });

  it('a refused connection is a TokenNetworkError', async () => {
    const port = await freePort();
    const error = await expectRejection(requestToken(`http://127.0.0.1:${port}`, { grant_type: 'client_credentials' }));
    expect(error).to.be.instanceOf(TokenNetworkError);
    expect(error.message)
      .to.contain(`127.0.0.1:${port}`)
      .and.match(/ECONNREFUSED/);
  });

  it('a hung endpoint times out as a TokenNetworkError', async () => {
    stub = await startStub(() => undefined);
    const error = await expectRejection(requestToken(stub.url, {}, { timeoutMs: 100 }));
    expect(error).to.be.instanceOf(TokenNetworkError);
  });

  it('an abort by the caller is passed through, not made retryable', async () => {
    stub = await startStub(() => undefined);
    const controller = new AbortController();
    const pending = requestToken(stub.url, {}, { signal: controller.signal });
    controller.abort();
    const error = await expectRejection(pending);
    expect(error).to.not.be.instanceOf(TokenNetworkError);
    expect(error.name).to.equal('AbortError');
  });

  it('never posts a form over plain http to a remote host', async () => {
    let called = false;
    const fakeFetch = (() => {
      called = true;
      throw new Error('must not be called');
    }) as unknown as typeof fetch;
    const error = await expectRejection(
      requestToken('http://acme.my.salesforce.com', { client_secret: 'S' }, { fetch: fakeFetch }),
    );
    expect(error.name).to.equal('LoginUrlNotHttpsError');
    expect(called).to.equal(false);
  });

  it('client credentials refuse login.salesforce.com before sending anything', async () => {
    let called = false;
    const fakeFetch = (() => {
      called = true;
      throw new Error('must not be called');
    }) as unknown as typeof fetch;
    const error = await expectRejection(
      requestClientCredentialsToken(
        { base: 'https://login.salesforce.com', clientId: 'K', clientSecret: 'S' },
        { fetch: fakeFetch },
      ),
    );
    expect(error.name).to.equal('GenericLoginHostError');
    expect(called).to.equal(false);
  });
});
