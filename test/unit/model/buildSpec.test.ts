import { expect } from 'chai';
import { type SfError } from '@salesforce/core';
import { buildSpec, type GenerateFlags } from '../../../src/model/buildSpec.js';
import { RSA_2048_PEM } from '../../helpers/testCertificates.js';

const base: GenerateFlags = {
  name: 'Billing Sync',
  'contact-email': 'integrations@example.com',
  flow: ['web-server'],
  'callback-url': ['https://billing.example.com/cb'],
  'permission-set': ['Billing_Users'],
};

function expectRefusal(flags: Partial<GenerateFlags>, pattern: RegExp): SfError {
  let thrown: unknown;
  try {
    buildSpec({ ...base, ...flags });
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected buildSpec to refuse').to.be.instanceOf(Error);
  const error = thrown as SfError;
  expect(error.message).to.match(pattern);
  expect(error.actions?.length).to.be.greaterThan(0);
  return error;
}

describe('buildSpec', () => {
  it('applies the secure defaults and says which it used', () => {
    const { spec, defaultsUsed, warnings } = buildSpec(base);
    expect(spec).to.deep.equal({
      apiName: 'Billing_Sync',
      label: 'Billing Sync',
      contactEmail: 'integrations@example.com',
      distributionState: 'Local',
      oauth: {
        flows: ['web-server'],
        callbackUrls: ['https://billing.example.com/cb'],
        scopes: ['Api', 'RefreshToken'],
        publicClient: false,
      },
      policies: {
        permittedUsers: 'AdminApprovedPreAuthorized',
        permissionSets: ['Billing_Users'],
        profiles: [],
        refreshTokenPolicy: 'SpecificInactivity',
        refreshTokenValidity: { period: 30, unit: 'Days' },
        ipRelaxation: 'Enforce',
        sessionTimeoutMinutes: 15,
      },
    });
    expect(defaultsUsed.sort()).to.deep.equal(
      [
        'api-name',
        'distribution-state',
        'ip-relaxation',
        'jwt-access-tokens',
        'permitted-users',
        'public-client',
        'refresh-token-policy',
        'refresh-token-validity',
        'scopes',
        'session-level',
        'session-timeout',
      ].sort(),
    );
    expect(warnings).to.deep.equal([]);
  });

  it('defaults to api alone without the web server flow', () => {
    const { spec } = buildSpec({ ...base, flow: ['client-credentials'], 'run-as-user': 'int@example.com' });
    expect(spec.oauth.scopes).to.deep.equal(['Api']);
    expect(spec.policies.runAsUser).to.equal('int@example.com');
  });

  it('takes every flag', () => {
    const { spec, defaultsUsed } = buildSpec(
      {
        ...base,
        'api-name': 'Billing_Sync_V2',
        'distribution-state': 'packaged',
        flow: ['jwt-bearer,web-server', 'web-server'],
        scopes: ['api,refresh_token', 'OpenID'],
        'permitted-users': 'admin-approved',
        profile: ['Integration'],
        'refresh-token-policy': 'lifetime',
        'refresh-token-validity': '12h',
        'ip-relaxation': 'bypass-with-mfa',
        'session-timeout': 60,
        'session-level': 'high-assurance',
        'policy-action': 'raise-session-level',
        'public-client': true,
        'jwt-access-tokens': true,
      },
      { kind: 'file', pem: RSA_2048_PEM },
    );
    expect(spec.oauth.jwtAccessTokens).to.equal(true);
    expect(spec.policies).to.include({ sessionLevel: 'HIGH_ASSURANCE', policyAction: 'RaiseSessionLevel' });
    expect(spec.apiName).to.equal('Billing_Sync_V2');
    expect(spec.distributionState).to.equal('Packaged');
    expect(spec.oauth.flows).to.deep.equal(['web-server', 'jwt-bearer']);
    expect(spec.oauth.scopes).to.deep.equal(['Api', 'RefreshToken', 'OpenID']);
    expect(spec.oauth.certificate).to.equal(RSA_2048_PEM);
    expect(spec.oauth.publicClient).to.equal(true);
    expect(spec.policies).to.include({
      refreshTokenPolicy: 'SpecificLifetime',
      ipRelaxation: 'Bypass_2factor',
      sessionTimeoutMinutes: 60,
    });
    expect(spec.policies.refreshTokenValidity).to.deep.equal({ period: 12, unit: 'Hours' });
    expect(defaultsUsed).to.deep.equal([]);
  });

  it('leaves the default validity out for a policy that takes none', () => {
    const { spec, defaultsUsed } = buildSpec({ ...base, 'refresh-token-policy': 'immediately' });
    expect(spec.policies.refreshTokenValidity).to.equal(undefined);
    expect(defaultsUsed).not.to.include('refresh-token-validity');
  });

  it('returns warnings, not errors, for risky but valid choices', () => {
    const { warnings } = buildSpec({
      ...base,
      flow: ['web-server', 'device'],
      'callback-url': ['http://localhost:1717/cb'],
    });
    expect(warnings.map((w) => w.code)).to.deep.equal(['flows.device', 'callback.loopbackHttp']);
  });

  const refusals: Array<[string, Partial<GenerateFlags>, RegExp]> = [
    [
      'username-password, with both alternatives',
      { flow: ['username-password'] },
      /--flow: The username-password flow is refused: External Client Apps do not support/,
    ],
    ['password', { flow: ['password'] }, /--flow: The password flow is refused/],
    [
      'an unknown flow, with the closest one',
      { flow: ['client-credential'] },
      /"client-credential" is not an OAuth flow\. Did you mean "client-credentials"\?/,
    ],
    ['no flow', { flow: [] }, /--flow: No OAuth flow is chosen/],
    [
      'an unknown scope, listing valid ones',
      { scopes: ['api', 'refesh_token'] },
      /--scopes: "refesh_token" is not an OAuth scope\. Did you mean "refresh_token"\? Valid scopes: api, refresh_token/,
    ],
    ['the full scope', { scopes: ['full'] }, /--scopes: The full scope grants everything/],
    [
      'an unknown session level',
      { 'session-level': 'low' },
      /--session-level: "low" is not a value --session-level takes\. Valid values: standard, high-assurance\./,
    ],
    [
      'an unknown policy action',
      { 'policy-action': 'step-up-mfa' },
      /--policy-action: "step-up-mfa" is not a value --policy-action takes\. Valid values: block, raise-session-level\./,
    ],
    [
      'a bad validity',
      { 'refresh-token-validity': '30 weeks' },
      /--refresh-token-validity: "30 weeks" is not a refresh token validity/,
    ],
    [
      'a validity with never-expire',
      { 'refresh-token-policy': 'never-expire', 'refresh-token-validity': '30d' },
      /--refresh-token-validity: A refresh token validity is set, but the policy never-expire takes none/,
    ],
    [
      'client credentials without a run-as user',
      { flow: ['client-credentials'] },
      /--run-as-user: The client credentials flow needs a run-as user/,
    ],
    [
      'jwt-bearer without a certificate',
      { flow: ['jwt-bearer'] },
      /--certificate-file: The JWT bearer flow needs a certificate/,
    ],
    [
      'a plain http callback',
      { 'callback-url': ['http://billing.example.com/cb'] },
      /--callback-url: The callback URL "http:\/\/billing.example.com\/cb" uses http/,
    ],
    ['a bad email', { 'contact-email': 'nobody' }, /--contact-email: "nobody" is not a valid email address/],
    [
      'a bad API name',
      { 'api-name': 'Billing__Sync' },
      /--api-name: The API name "Billing__Sync" must not contain two underscores/,
    ],
    ['a label without letters', { name: '!!!' }, /--api-name: The app has no API name/],
    [
      'an unknown distribution state',
      { 'distribution-state': 'global' },
      /"global" is not a value --distribution-state takes/,
    ],
    [
      'a session timeout Setup does not offer',
      { 'session-timeout': 45 },
      /--session-timeout: 45 minutes is not a session timeout/,
    ],
  ];
  for (const [what, flags, pattern] of refusals) it(`refuses ${what}`, () => expectRefusal(flags, pattern));

  it('names every bad flag at once', () => {
    const error = expectRefusal(
      { flow: ['password'], 'contact-email': 'x', scopes: ['nope'] },
      /3 problems need fixing; nothing was written:/,
    );
    expect(error.message).to.include('--flow:').and.include('--scopes:').and.include('--contact-email:');
    expect(error.actions).to.include(
      'Move to --flow client-credentials (with --run-as-user) for server-to-server integrations.',
    );
  });

  it('waits for the generated certificate, but only with jwt-bearer', () => {
    expect(buildSpec({ ...base, flow: ['jwt-bearer'] }, { kind: 'generate' }).spec.oauth.certificate).to.equal(
      undefined,
    );
    let thrown: unknown;
    try {
      buildSpec(base, { kind: 'generate' });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).to.match(
      /--generate-certificate: A certificate is set, which enables the JWT bearer flow/,
    );
  });
});
