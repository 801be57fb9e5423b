import { expect } from 'chai';
import {
  diagnoseTokenError,
  TokenEndpointError,
  TokenNetworkError,
  type Retryable,
  type TokenErrorCode,
} from '../../../src/oauth/tokenErrors.js';

describe('tokenErrors', () => {
  // Every row of docs/salesforce-facts.md §4's table, as Salesforce words it, plus wording variants seen in the field.
  const table: Array<[string, string | undefined, TokenErrorCode, Retryable]> = [
    ['invalid_client_id', 'client identifier invalid', 'clientIdInvalid', 'propagation'],
    ['invalid_client_id', undefined, 'clientIdInvalid', 'propagation'],
    ['invalid_client', 'Client Identifier Invalid', 'clientIdInvalid', 'propagation'],
    ['invalid_client', 'invalid client credentials', 'clientCredentialsInvalid', 'brief'],
    ['INVALID_CLIENT', 'Invalid Client Credentials', 'clientCredentialsInvalid', 'brief'],
    ['unsupported_grant_type', 'grant type not supported', 'grantTypeUnsupported', 'brief'],
    ['invalid_grant', 'request not supported on this domain', 'wrongDomain', false],
    ['invalid_grant', 'Request Not Supported On This Domain.', 'wrongDomain', false],
    ['invalid_grant', 'no client credentials user enabled', 'noRunAsUser', false],
    ['invalid_app_access', 'user is not admin approved to access this app', 'notAdminApproved', false],
    ['invalid_grant', 'user is not admin approved to access this app', 'notAdminApproved', false],
    ['invalid_grant', "user hasn't approved this consumer", 'userNotApproved', false],
    ['invalid_grant', 'user has not approved this consumer', 'userNotApproved', false],
    ['invalid_grant', 'audience is invalid', 'audienceInvalid', false],
    ['invalid_grant', 'invalid code verifier', 'codeVerifierInvalid', false],
    ['invalid_client', 'app must be installed into org', 'appNotInstalled', 'propagation'],
    ['invalid_client', 'External client app is not installed in this org', 'appNotInstalled', 'propagation'],
    ['invalid_grant', 'authentication failure', 'authenticationFailure', false],
    ['invalid_grant', 'redirect_uri must match configuration', 'redirectUriMismatch', false],
    ['redirect_uri_mismatch', undefined, 'redirectUriMismatch', false],
    ['invalid_grant', 'expired authorization code', 'unknown', false],
    ['invalid_grant', 'invalid assertion', 'jwtAssertionInvalid', false],
    ['app_not_found', 'External client app is not installed in this org', 'appNotInstalled', 'propagation'],
    ['app_not_found', undefined, 'appNotInstalled', 'propagation'],
    ['OAUTH_EC_APP_NOT_FOUND', undefined, 'appNotInstalled', 'propagation'],
    ['invalid_client', 'OAUTH_EC_APP_NOT_FOUND', 'appNotInstalled', 'propagation'],
    ['invalid_request', 'INVALID_JWT_FORMAT', 'jwtFormatRequired', false],
    ['INVALID_JWT_FORMAT', undefined, 'jwtFormatRequired', false],
    ['invalid_dpop_proof', 'DPoP proof required', 'dpopRequired', false],
    ['invalid_request', 'token type DPoP is not supported', 'dpopRequired', false],
    ['something_new', 'never seen before', 'unknown', false],
  ];
  for (const [error, description, code, retryable] of table) {
    it(`${error} / ${description ?? '(no description)'} -> ${code}, retry: ${String(retryable)}`, () => {
      const diagnosis = diagnoseTokenError({ error, errorDescription: description, status: 400 });
      expect(diagnosis.code).to.equal(code);
      expect(diagnosis.retryable).to.equal(retryable);
      expect(diagnosis.meaning).to.be.a('string').and.have.length.greaterThan(20);
      expect(diagnosis.actions).to.be.an('array').with.length.greaterThan(0);
      for (const action of diagnosis.actions) expect(action).to.not.match(/%s/);
    });
  }

  it('the fixes name what to do for the configuration errors', () => {
    const fixOf = (error: string, description: string): string =>
      diagnoseTokenError({ error, errorDescription: description }).actions.join('\n');
    expect(fixOf('invalid_grant', 'request not supported on this domain')).to.match(/My Domain/);
    expect(fixOf('invalid_grant', 'no client credentials user enabled')).to.match(/username/);
    expect(fixOf('invalid_grant', 'audience is invalid')).to.match(/test\.salesforce\.com/);
    expect(fixOf('invalid_client_id', 'client identifier invalid')).to.match(/--wait/);
  });

  it('5xx and 429 without a known error are server errors: the org unavailable, retried within --wait', () => {
    for (const status of [500, 502, 503, 429]) {
      const diagnosis = diagnoseTokenError({ error: `http_${status}`, status });
      expect(diagnosis.code).to.equal('serverError');
      expect(diagnosis.retryable).to.equal('unavailable');
      expect(diagnosis.meaning).to.contain(String(status));
    }
    expect(diagnoseTokenError({ error: 'http_404', status: 404 }).retryable).to.equal(false);
  });

  it('TokenEndpointError carries the wire answer, the diagnosis, a message and actions', () => {
    const error = new TokenEndpointError({
      error: 'invalid_grant',
      errorDescription: 'audience is invalid',
      status: 400,
    });
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('TokenEndpointError');
    expect(error.error).to.equal('invalid_grant');
    expect(error.status).to.equal(400);
    expect(error.diagnosis.code).to.equal('audienceInvalid');
    expect(error.message)
      .to.contain('HTTP 400')
      .and.contain('invalid_grant: audience is invalid')
      .and.contain('audience');
    expect(error.actions).to.deep.equal(error.diagnosis.actions);
  });

  it('TokenEndpointError redacts secrets an answer might echo', () => {
    const error = new TokenEndpointError({
      error: 'invalid_request',
      errorDescription: 'bad client_secret=s3cr3tvalue',
      status: 400,
    });
    expect(error.message).to.not.contain('s3cr3tvalue');
    expect(error.errorDescription).to.not.contain('s3cr3tvalue');
  });

  it('TokenNetworkError names the URL and the socket error', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const error = new TokenNetworkError('http://127.0.0.1:1/services/oauth2/token', cause);
    expect(error.message).to.contain('http://127.0.0.1:1/services/oauth2/token').and.contain('ECONNREFUSED');
    expect(error.actions).to.have.length.greaterThan(0);
  });
  it("prints the org's error_description without control characters or escape sequences, on one line", () => {
    const error = new TokenEndpointError({
      error: 'invalid_grant\u001b[2K',
      errorDescription: 'authentication failure\u001b]0;pwned\u0007\r\nline two\u0007',
      status: 400,
    });
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(error.message).not.to.match(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(error.errorDescription).to.equal('authentication failure line two');
    expect(error.diagnosis.code).to.equal('authenticationFailure');
  });
});
