import { expect } from 'chai';
import type { AppSpec } from '../../../src/model/appSpec.js';
import type { Confirmation } from '../../../src/oauth/confirmToken.js';
import { buildVerifyReport, type ReportInput } from '../../../src/jobs/verifyResult.js';
import { reportLines } from '../../../src/output/verify.js';
import { specWith } from '../../helpers/appSpecs.js';

const ORG = '00D5g0000ECAEMUAAA';
const USER = '005000000000001AAA';
const TOKEN = '00D5g0000ECAEMU!AQ-access-token-value';
const SECRET = 'consumer-secret-value-1234';

const ccSpec = specWith({
  oauth: { flows: ['client-credentials'], scopes: ['Api'] },
  policies: { runAsUser: 'integration@acme.test' },
});

function confirmation(change: Partial<Confirmation> = {}): Confirmation {
  return {
    apiCall: { url: 'https://acme.my.salesforce.com/services/data/v62.0/', status: 200 },
    identity: { host: 'acme.my.salesforce.com', orgId: ORG, userId: USER },
    username: 'integration@acme.test',
    revoked: true,
    notes: [],
    ...change,
  };
}

function input(change: Partial<ReportInput> = {}, scope = 'api', spec: AppSpec = ccSpec): ReportInput {
  return {
    spec,
    flow: 'client-credentials',
    targetOrg: 'admin@acme.test',
    targetOrgId: ORG.slice(0, 15),
    tokenEndpoint: 'https://acme.my.salesforce.com/services/oauth2/token',
    clientId: '3MVG9KEY',
    secretSource: 'org',
    obtained: {
      token: {
        access_token: TOKEN,
        instance_url: 'https://acme.my.salesforce.com',
        id: `https://acme.my.salesforce.com/id/${ORG}/${USER}`,
        token_type: 'Bearer',
        scope,
      },
      attempts: 3,
      elapsedMs: 14_200,
    },
    confirmation: confirmation(),
    showSecrets: false,
    clientSecret: SECRET,
    ...change,
  };
}

describe('verify report', () => {
  it('has the documented --json shape and never the token or the secret', () => {
    const result = buildVerifyReport(input());
    expect(result).to.deep.include({
      app: 'Billing_Sync',
      flow: 'client-credentials',
      targetOrg: 'admin@acme.test',
      tokenEndpoint: 'https://acme.my.salesforce.com/services/oauth2/token',
      attempts: 3,
      elapsedMs: 14_200,
      user: { id: USER, username: 'integration@acme.test', isRunAsUser: true },
      orgId: ORG,
      orgMatches: true,
      instanceUrl: 'https://acme.my.salesforce.com',
      tokenType: 'Bearer',
      scopes: { granted: ['api'], app: ['api'], extra: [], missing: [] },
      revoked: true,
      apiCall: { url: 'https://acme.my.salesforce.com/services/data/v62.0/', status: 200 },
      warnings: [],
    });
    const text = JSON.stringify(result) + reportLines(result).join('\n');
    expect(text).not.to.include(TOKEN);
    expect(text).not.to.include(SECRET);
  });

  it('puts the token and the secret in only with --show-secrets', () => {
    const result = buildVerifyReport(input({ showSecrets: true }));
    expect(result.accessToken).to.equal(TOKEN);
    expect(result.clientSecret).to.equal(SECRET);
  });

  const scopeTable: Array<[string, string, string[], string[], string[], string[]]> = [
    // [what, granted scope, app tokens, extra, missing, warnings matching]
    ['extra scopes are called out', 'api web', ['Api'], ['web'], [], ["scopes the app's files don't list: web"]],
    ['missing scopes are called out', 'api', ['Api', 'Chatter'], [], ['chatter_api'], ['chatter_api were not granted']],
    ['refresh_token is never missing for client credentials', 'api', ['Api', 'RefreshToken'], [], [], []],
    [
      'unknown wire names are extra, shown as they are',
      'api cdp_future_api',
      ['Api'],
      ['cdp_future_api'],
      [],
      ['cdp_future_api'],
    ],
  ];
  for (const [what, granted, appScopes, extra, missing, warnings] of scopeTable) {
    it(what, () => {
      const spec = specWith({
        oauth: { flows: ['client-credentials'], scopes: appScopes },
        policies: { runAsUser: 'integration@acme.test' },
      });
      const result = buildVerifyReport(input({}, granted, spec));
      expect(result.scopes.extra).to.deep.equal(extra);
      expect(result.scopes.missing).to.deep.equal(missing);
      expect(result.warnings).to.have.length(warnings.length);
      warnings.forEach((w, i) => expect(result.warnings[i]).to.include(w));
    });
  }

  it('refresh_token not granted is missing for the web server flow', () => {
    const spec = specWith({ oauth: { flows: ['web-server'], scopes: ['Api', 'RefreshToken'] } });
    const result = buildVerifyReport(input({ flow: 'web-server' }, 'api', spec));
    expect(result.scopes.missing).to.deep.equal(['refresh_token']);
  });

  it('says when the token acts as someone other than the run-as user', () => {
    const result = buildVerifyReport(input({ confirmation: confirmation({ username: 'admin@acme.test' }) }));
    expect(result.user.isRunAsUser).to.equal(false);
    expect(result.warnings.join('\n')).to.include(
      "acts as admin@acme.test, not as the app's run-as user integration@acme.test",
    );
  });

  it('marks another org and a missing identity URL', () => {
    const other = buildVerifyReport(input({ targetOrgId: '00D000000000999' }));
    expect(other.orgMatches).to.equal(false);
    expect(other.warnings.join('\n')).to.include(`belongs to org ${ORG}`);
    expect(reportLines(other).join('\n')).to.include('NOT the target org');
    const none = buildVerifyReport(input({ confirmation: confirmation({ identity: undefined }) }));
    expect(none.orgMatches).to.equal(false);
    expect(none.orgId).to.equal(undefined);
    expect(none.warnings.join('\n')).to.include('no usable identity URL');
  });

  it('reports introspection, and notes what could not be done', () => {
    const result = buildVerifyReport(
      input({
        confirmation: confirmation({
          introspection: { active: false, scope: 'api', username: 'integration@acme.test', exp: 1_900_000_000 },
          revoked: false,
          notes: [{ about: 'revoke', message: 'The token could not be revoked (HTTP 500: x).' }],
        }),
      }),
    );
    expect(result.introspection).to.deep.equal({
      active: false,
      username: 'integration@acme.test',
      scopes: ['api'],
      expiresAt: new Date(1_900_000_000_000).toISOString(),
    });
    expect(result.warnings).to.deep.equal([
      'Introspection says the token is not active.',
      'The token could not be revoked (HTTP 500: x).',
    ]);
    const lines = reportLines(result).join('\n');
    expect(lines).to.include('Introspection: NOT active');
    expect(lines).to.include('The token was not revoked');
  });

  it('reads as a person expects', () => {
    const lines = reportLines(buildVerifyReport(input()));
    expect(lines[0]).to.equal(
      'Token obtained with the client credentials flow from https://acme.my.salesforce.com/services/oauth2/token after 3 attempts in 14 s.',
    );
    expect(lines).to.include('API call: GET https://acme.my.salesforce.com/services/data/v62.0/ answered HTTP 200.');
    expect(lines).to.include(`User: integration@acme.test (${USER}), the app's run-as user.`);
    expect(lines).to.include("Scopes granted: api (the app's: api).");
    expect(lines).to.include('The token was revoked.');
  });

  it("lists scopes as generate does: 'api, refresh_token'", () => {
    const result = buildVerifyReport(input());
    const lines = reportLines({
      ...result,
      scopes: { ...result.scopes, granted: ['api', 'refresh_token'], app: ['api', 'refresh_token'] },
    });
    expect(lines).to.include("Scopes granted: api, refresh_token (the app's: api, refresh_token).");
  });
});
