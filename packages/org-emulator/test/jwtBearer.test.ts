import { expect } from 'chai';
import {
  type Emulator,
  type ExternalClientApp,
  ADMIN_USERNAME,
  INACTIVE_USERNAME,
  INTEGRATION_USERNAME,
  STANDARD_USERNAME,
  startEmulator,
} from '../src/index.js';
import { installApp } from '../src/installApp.js';
import { errorOf, requestToken, restStatus } from './helpers/oauthClient.js';
import { type TestCertificate, makeTestCertificate, signJwt } from './helpers/testCertificate.js';

const link = '<externalClientApplication>Emu_App</externalClientApplication>';
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('emulator: JWT bearer grant', function () {
  let certificate: TestCertificate;
  let other: TestCertificate;
  let emulator: Emulator;
  let app: ExternalClientApp;

  before(async () => {
    [certificate, other] = await Promise.all([makeTestCertificate(), makeTestCertificate('Other')]);
  });

  const install = async (options: { jwtAudience?: string; certificate?: string } = {}) => {
    emulator = await startEmulator(options);
    app = await installApp(emulator, {
      global: [`<certificate>${options.certificate ?? certificate.certificatePem}</certificate>`, link],
      // Pre-authorized: the ECA_Integration permission set (the integration user) and the System Administrator profile.
      oauthPolicy: [
        '<commaSeparatedPermissionSet>ECA_Integration</commaSeparatedPermissionSet>',
        '<commaSeparatedProfile>System Administrator</commaSeparatedProfile>',
        link,
        '<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>',
      ],
    });
  };
  afterEach(() => emulator.close());

  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: app.consumerKey,
    sub: INTEGRATION_USERNAME,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 120,
    ...overrides,
  });
  const grant = (assertion: string) => requestToken(emulator.url, { grant_type: GRANT, assertion });

  it('issues a token for a pre-authorized user with a valid RS256 assertion', async () => {
    await install();
    const answer = await grant(signJwt(claims(), certificate.privateKeyPem));
    expect(answer.status).to.equal(200);
    expect(answer.body).to.not.have.property('refresh_token');
    expect(await restStatus(emulator.url, answer.body.access_token)).to.equal(200);
    const viaProfile = await grant(signJwt(claims({ sub: ADMIN_USERNAME }), certificate.privateKeyPem));
    expect(viaProfile.status).to.equal(200);
  });

  it('checks the signature with the certificate as a retrieve holds it: base64 body in 64 columns, no armour', async () => {
    const body = certificate.certificatePem
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '')
      .replace(/(.{64})/g, '$1\n')
      .trim();
    expect(body).to.not.include('BEGIN');
    await install({ certificate: body });
    expect((await grant(signJwt(claims(), certificate.privateKeyPem))).status).to.equal(200);
    expect(errorOf(await grant(signJwt(claims(), other.privateKeyPem)))).to.deep.equal([
      'invalid_grant',
      'invalid assertion',
    ]);
  });

  it('accepts exp in milliseconds, as @salesforce/core signs it (Date.now() + 300), even sent late; refuses an old one', async () => {
    await install();
    expect((await grant(signJwt(claims({ exp: Date.now() + 300 }), certificate.privateKeyPem))).status).to.equal(200);
    expect((await grant(signJwt(claims({ exp: Date.now() - 5000 }), certificate.privateKeyPem))).status).to.equal(200);
    expect(
      errorOf(await grant(signJwt(claims({ exp: Date.now() + 600_000 }), certificate.privateKeyPem))),
    ).to.deep.equal(['invalid_grant', 'invalid assertion']);
    expect(
      errorOf(await grant(signJwt(claims({ exp: Date.now() - 600_000 }), certificate.privateKeyPem))),
    ).to.deep.equal(['invalid_grant', 'expired authorization code']);
  });

  const refusals: Array<[string, () => string, [string, string]]> = [
    [
      'a signature from another key',
      () => signJwt(claims(), other.privateKeyPem),
      ['invalid_grant', 'invalid assertion'],
    ],
    [
      'another algorithm',
      () => signJwt(claims(), certificate.privateKeyPem, { alg: 'HS256' }),
      ['invalid_grant', 'invalid assertion'],
    ],
    [
      'a tampered payload',
      () => {
        const [h, , s] = signJwt(claims(), certificate.privateKeyPem).split('.');
        return `${h}.${Buffer.from(JSON.stringify(claims({ sub: ADMIN_USERNAME }))).toString('base64url')}.${s}`;
      },
      ['invalid_grant', 'invalid assertion'],
    ],
    [
      'the sandbox audience',
      () => signJwt(claims({ aud: 'https://test.salesforce.com' }), certificate.privateKeyPem),
      ['invalid_grant', 'audience is invalid'],
    ],
    [
      'an exp in the past',
      () => signJwt(claims({ exp: Math.floor(Date.now() / 1000) - 5 }), certificate.privateKeyPem),
      ['invalid_grant', 'expired authorization code'],
    ],
    [
      'an exp more than 3 minutes ahead',
      () => signJwt(claims({ exp: Math.floor(Date.now() / 1000) + 600 }), certificate.privateKeyPem),
      ['invalid_grant', 'invalid assertion'],
    ],
    [
      'an unknown issuer',
      () => signJwt(claims({ iss: '3MVG9nope' }), certificate.privateKeyPem),
      ['invalid_client_id', 'client identifier invalid'],
    ],
    [
      'a user who is not pre-authorized',
      () => signJwt(claims({ sub: STANDARD_USERNAME }), certificate.privateKeyPem),
      ['invalid_app_access', 'user is not admin approved to access this app'],
    ],
    [
      'an inactive user',
      () => signJwt(claims({ sub: INACTIVE_USERNAME }), certificate.privateKeyPem),
      ['invalid_grant', 'authentication failure'],
    ],
    [
      'an unknown user',
      () => signJwt(claims({ sub: 'nobody@example.com' }), certificate.privateKeyPem),
      ['invalid_grant', "user hasn't approved this consumer"],
    ],
    ['a malformed assertion', () => 'not.a-jwt', ['invalid_grant', 'invalid assertion']],
  ];
  for (const [what, assertion, expected] of refusals) {
    it(`refuses ${what}: ${expected.join(' / ')}`, async () => {
      await install();
      expect(errorOf(await grant(assertion()))).to.deep.equal(expected);
    });
  }

  it('takes its audience from the options, and its own URL (My Domain) as well', async () => {
    await install({ jwtAudience: 'https://test.salesforce.com' });
    expect(
      (await grant(signJwt(claims({ aud: 'https://test.salesforce.com' }), certificate.privateKeyPem))).status,
    ).to.equal(200);
    expect((await grant(signJwt(claims({ aud: emulator.url }), certificate.privateKeyPem))).status).to.equal(200);
    expect(errorOf(await grant(signJwt(claims(), certificate.privateKeyPem)))).to.deep.equal([
      'invalid_grant',
      'audience is invalid',
    ]);
  });
});
