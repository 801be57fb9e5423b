import { expect } from 'chai';
import { type AppSpec } from '../../../src/model/appSpec.js';
import { checkAppSpec } from '../../../src/model/rules.js';
import { baseSpec, specWith } from '../../helpers/appSpecs.js';
import { DURING_VALIDITY, EC_PEM, RSA_1024_PEM, RSA_2048_PEM } from '../../helpers/testCertificates.js';

/** [what, spec, expected findings as `level code field`]. The base spec has none. */
type Case = [string, AppSpec, string[]];

const cc = { flows: ['client-credentials' as const], scopes: ['Api'] };

const cases: Case[] = [
  ['the base spec', baseSpec(), []],
  // identity
  ['an API name with a dash', baseSpec({ apiName: 'Billing-Sync' }), ['error apiName.characters api-name']],
  ['an API name starting with a digit', baseSpec({ apiName: '1Billing' }), ['error apiName.start api-name']],
  ['an API name with __', baseSpec({ apiName: 'Billing__Sync' }), ['error apiName.doubleUnderscore api-name']],
  ['an API name ending with _', baseSpec({ apiName: 'Billing_' }), ['error apiName.trailingUnderscore api-name']],
  ['an API name of 41 characters', baseSpec({ apiName: 'A'.repeat(41) }), ['error apiName.length api-name']],
  ['an API name of 40 characters', baseSpec({ apiName: 'A'.repeat(40) }), []],
  ['an empty API name', baseSpec({ apiName: '' }), ['error apiName.empty api-name']],
  ['an empty label', baseSpec({ label: ' ' }), ['error label.empty name']],
  ['no contact email', baseSpec({ contactEmail: '' }), ['error contactEmail.missing contact-email']],
  ['a bad contact email', baseSpec({ contactEmail: 'integrations@' }), ['error contactEmail.invalid contact-email']],
  ['a bad phone', baseSpec({ contactPhone: 'call me' }), ['error contactPhone.invalid contact-phone']],
  ['a good phone', baseSpec({ contactPhone: '+1 (415) 555-0100' }), []],
  ['an http logo', baseSpec({ logoUrl: 'http://cdn.example.com/logo.png' }), ['error url.invalid logo-url']],
  ['a relative icon', baseSpec({ iconUrl: '/icon.png' }), ['error url.invalid icon-url']],
  [
    'a packaged app',
    baseSpec({ distributionState: 'Packaged' }),
    ['warning distributionState.packaged distribution-state'],
  ],
  // flows
  ['no flow', specWith({ oauth: { flows: [] } }), ['error flows.none flow']],
  ['the device flow', specWith({ oauth: { flows: ['web-server', 'device'] } }), ['warning flows.device flow']],
  ['client credentials without a run-as user', specWith({ oauth: cc }), ['error runAsUser.missing run-as-user']],
  ['client credentials with a run-as user', specWith({ oauth: cc, policies: { runAsUser: 'int@example.com' } }), []],
  [
    'a run-as user that is not a username',
    specWith({ oauth: cc, policies: { runAsUser: 'Integration User' } }),
    ['error runAsUser.invalid run-as-user'],
  ],
  [
    'a run-as user without client credentials',
    specWith({ policies: { runAsUser: 'int@example.com' } }),
    ['warning runAsUser.unused run-as-user'],
  ],
  [
    'a public client with client credentials',
    specWith({ oauth: { ...cc, publicClient: true }, policies: { runAsUser: 'a@b.co' } }),
    ['error publicClient.clientCredentials public-client'],
  ],
  [
    'a public client without the web server flow',
    specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], publicClient: true, certificate: RSA_2048_PEM } }),
    ['warning publicClient.unused public-client'],
  ],
  // callbacks
  ['no callback URL', specWith({ oauth: { callbackUrls: [] } }), ['error callback.none callback-url']],
  [
    'an http callback on a public host',
    specWith({ oauth: { callbackUrls: ['http://app.example.com/cb'] } }),
    ['error callback.httpNotLoopback callback-url'],
  ],
  [
    'an http callback on localhost',
    specWith({ oauth: { callbackUrls: ['http://localhost:1717/OauthRedirect'] } }),
    ['warning callback.loopbackHttp callback-url'],
  ],
  [
    'an http callback on 127.0.0.1',
    specWith({ oauth: { callbackUrls: ['http://127.0.0.1:7171/cb'] } }),
    ['warning callback.loopbackHttp callback-url'],
  ],
  [
    'an http callback on [::1]',
    specWith({ oauth: { callbackUrls: ['http://[::1]:7171/cb'] } }),
    ['warning callback.loopbackHttp callback-url'],
  ],
  [
    'an http callback on localhost.example.com',
    specWith({ oauth: { callbackUrls: ['http://localhost.example.com/cb'] } }),
    ['error callback.httpNotLoopback callback-url'],
  ],
  [
    'a wildcard callback',
    specWith({ oauth: { callbackUrls: ['https://*.example.com/cb'] } }),
    ['error callback.wildcard callback-url'],
  ],
  [
    'a malformed callback',
    specWith({ oauth: { callbackUrls: ['not a url'] } }),
    ['error callback.malformed callback-url'],
  ],
  [
    'a javascript: callback',
    specWith({ oauth: { callbackUrls: ['javascript:alert(1)'] } }),
    ['error callback.forbiddenScheme callback-url'],
  ],
  ['a custom scheme with the web server flow', specWith({ oauth: { callbackUrls: ['com.example.app:/oauth'] } }), []],
  [
    'a custom scheme without PKCE',
    specWith({ oauth: { ...cc, callbackUrls: ['com.example.app:/oauth'] }, policies: { runAsUser: 'a@b.co' } }),
    ['error callback.customSchemeWithoutPkce callback-url'],
  ],
  [
    'a duplicate callback',
    specWith({ oauth: { callbackUrls: ['https://a.example.com/cb', 'https://a.example.com/cb'] } }),
    ['warning callback.duplicate callback-url'],
  ],
  [
    'callbacks of exactly 2000 characters',
    specWith({ oauth: { callbackUrls: [`https://a.example.com/${'x'.repeat(1977)}`] } }),
    [],
  ],
  [
    'callbacks of 2001 characters with the newline',
    specWith({
      oauth: { callbackUrls: [`https://a.example.com/${'x'.repeat(988)}`, `https://b.example.com/${'x'.repeat(988)}`] },
    }),
    ['error callback.tooLong callback-url'],
  ],
  // scopes
  ['no scope', specWith({ oauth: { scopes: [] } }), ['error scopes.none scopes']],
  ['a wire name written as a token', specWith({ oauth: { scopes: ['api'] } }), ['error scopes.unknownToken scopes']],
  ['an unknown token', specWith({ oauth: { scopes: ['Api', 'Bogus'] } }), ['error scopes.unknownToken scopes']],
  ['the full scope', specWith({ oauth: { scopes: ['Full'] } }), ['error scopes.full scopes']],
  [
    'refresh_token with client credentials only',
    specWith({ oauth: { ...cc, scopes: ['Api', 'RefreshToken'] }, policies: { runAsUser: 'a@b.co' } }),
    ['warning scopes.refreshTokenUnused scopes'],
  ],
  ['OfflineAccess, the alias of RefreshToken', specWith({ oauth: { scopes: ['Api', 'OfflineAccess'] } }), []],
  // certificate
  [
    'JWT bearer without a certificate',
    specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'] } }),
    ['error certificate.missing certificate-file'],
  ],
  [
    'a certificate without JWT bearer',
    specWith({ oauth: { certificate: RSA_2048_PEM } }),
    ['error certificate.withoutJwt flow'],
  ],
  [
    'a 1024-bit certificate',
    specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: RSA_1024_PEM } }),
    ['error certificate.weakKey certificate-file'],
  ],
  [
    'an EC certificate',
    specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: EC_PEM } }),
    ['error certificate.notRsa certificate-file'],
  ],
  [
    'a text that is no certificate',
    specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: 'hello' } }),
    ['error certificate.notPem certificate-file'],
  ],
  [
    'a damaged certificate',
    specWith({
      oauth: {
        flows: ['jwt-bearer'],
        scopes: ['Api'],
        certificate: RSA_2048_PEM.replace(/\n[A-Za-z0-9+/]{64}\n/, `\n${'A'.repeat(64)}\n`),
      },
    }),
    ['error certificate.unreadable certificate-file'],
  ],
  // policies
  [
    'self-authorized users',
    specWith({ policies: { permittedUsers: 'AllSelfAuthorized', permissionSets: [] } }),
    ['warning permittedUsers.selfAuthorized permitted-users'],
  ],
  [
    'self-authorized with a permission set',
    specWith({ policies: { permittedUsers: 'AllSelfAuthorized' } }),
    ['warning permittedUsers.selfAuthorized permitted-users', 'warning preauthorized.ignored permission-set'],
  ],
  [
    'JWT bearer with self-authorized users',
    specWith({
      oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: RSA_2048_PEM },
      policies: { permittedUsers: 'AllSelfAuthorized', permissionSets: [] },
    }),
    ['warning permittedUsers.selfAuthorized permitted-users', 'warning jwt.selfAuthorized permitted-users'],
  ],
  [
    'admin approval with nobody pre-authorized',
    specWith({ policies: { permissionSets: [] } }),
    ['warning permittedUsers.nobody permission-set'],
  ],
  ['admin approval with a profile only', specWith({ policies: { permissionSets: [], profiles: ['Integration'] } }), []],
  [
    'client credentials with nobody pre-authorized',
    specWith({ oauth: cc, policies: { runAsUser: 'a@b.co', permissionSets: [] } }),
    [],
  ],
  [
    'a permission set name with a comma',
    specWith({ policies: { permissionSets: ['A,B'] } }),
    ['error preauthorized.comma permission-set'],
  ],
  [
    'never-expiring refresh tokens',
    specWith({ policies: { refreshTokenPolicy: 'Infinite', refreshTokenValidity: undefined } }),
    ['warning refreshToken.infinite refresh-token-policy'],
  ],
  [
    'never-expiring with a validity',
    specWith({ policies: { refreshTokenPolicy: 'Infinite' } }),
    [
      'error refreshToken.validityUnexpected refresh-token-validity',
      'warning refreshToken.infinite refresh-token-policy',
    ],
  ],
  [
    'immediately with a validity',
    specWith({ policies: { refreshTokenPolicy: 'Zero' } }),
    ['error refreshToken.validityUnexpected refresh-token-validity'],
  ],
  [
    'inactivity without a validity',
    specWith({ policies: { refreshTokenValidity: undefined } }),
    ['error refreshToken.validityMissing refresh-token-validity'],
  ],
  [
    'a validity of 0',
    specWith({ policies: { refreshTokenValidity: { period: 0, unit: 'Days' } } }),
    ['error refreshToken.validityInvalid refresh-token-validity'],
  ],
  [
    '31 days of inactivity',
    specWith({ policies: { refreshTokenValidity: { period: 31, unit: 'Days' } } }),
    ['warning refreshToken.longIdle refresh-token-validity'],
  ],
  [
    'a 3-month lifetime',
    specWith({
      policies: { refreshTokenPolicy: 'SpecificLifetime', refreshTokenValidity: { period: 3, unit: 'Months' } },
    }),
    [],
  ],
  [
    'a 4-month lifetime',
    specWith({
      policies: { refreshTokenPolicy: 'SpecificLifetime', refreshTokenValidity: { period: 4, unit: 'Months' } },
    }),
    ['warning refreshToken.longLifetime refresh-token-validity'],
  ],
  [
    'relaxed IP restrictions',
    specWith({ policies: { ipRelaxation: 'Bypass' } }),
    ['warning ipRelaxation.relaxed ip-relaxation'],
  ],
  [
    'a session timeout Setup does not offer',
    specWith({ policies: { sessionTimeoutMinutes: 45 } }),
    ['error sessionTimeout.invalid session-timeout'],
  ],
  ['a 24-hour session timeout', specWith({ policies: { sessionTimeoutMinutes: 1440 } }), []],
  [
    'no session timeout (a file without one)',
    specWith({ policies: { sessionTimeoutMinutes: 0 } }),
    ['warning sessionTimeout.none session-timeout'],
  ],
];

describe('checkAppSpec', () => {
  for (const [what, spec, expected] of cases) {
    it(`${expected.length === 0 ? 'accepts' : 'judges'} ${what}`, () => {
      const findings = checkAppSpec(spec, { now: DURING_VALIDITY });
      expect(findings.map((f) => `${f.level} ${f.code} ${f.field}`)).to.deep.equal(expected);
      for (const f of findings) {
        expect(f.message, f.code).to.be.a('string').and.not.match(/%s|^$/);
        expect(f.actions.length, `${f.code} has actions`).to.be.greaterThan(0);
        expect(f.xmlField).to.match(/^(ExternalClientApplication|ExtlClnt)/);
      }
    });
  }

  it('turns the full scope into a warning with allowFullScope', () => {
    const findings = checkAppSpec(specWith({ oauth: { scopes: ['Full'] } }), { allowFullScope: true });
    expect(findings.map((f) => `${f.level} ${f.code}`)).to.deep.equal(['warning scopes.fullAllowed']);
  });

  it('judges certificate dates', () => {
    const jwt = specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: RSA_2048_PEM } });
    expect(checkAppSpec(jwt, { now: new Date('2050-01-01') }).map((f) => f.code)).to.deep.equal([
      'certificate.expired',
    ]);
    expect(checkAppSpec(jwt, { now: new Date('2020-01-01') }).map((f) => f.code)).to.deep.equal([
      'certificate.notYetValid',
    ]);
  });

  it('puts errors before warnings and suggests the closest token', () => {
    const findings = checkAppSpec(
      specWith({ oauth: { scopes: ['Api', 'RefreshTokn'], flows: ['web-server', 'device'] } }),
    );
    expect(findings.map((f) => f.level)).to.deep.equal(['error', 'warning']);
    expect(findings[0].message).to.include('Did you mean RefreshToken?');
  });

  it('suggests a valid API name', () => {
    const [finding] = checkAppSpec(baseSpec({ apiName: 'Billing-Sync' }));
    expect(finding.actions[0]).to.include('--api-name Billing_Sync');
  });
});
