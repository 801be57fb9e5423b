import { expect } from 'chai';
import { type AppSpec } from '../../../src/model/appSpec.js';
import { checkAppSpec, errorsOf } from '../../../src/model/rules.js';
import {
  renderAppFiles,
  renderConfigurablePolicies,
  renderExternalClientApplication,
  renderGlobalOauthSettings,
  renderOauthPolicies,
  renderOauthSettings,
} from '../../../src/metadata/render.js';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { schemaProblems } from '../../helpers/schemaProblems.js';
import { baseSpec, specWith } from '../../helpers/appSpecs.js';
import { testCertificatePem } from '../../helpers/testCertificates.js';

const element = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];

/** Each named element holds the expected text (compared all at once, so a failure lists every difference). */
const expectElements = (xml: string, expected: Record<string, string>): void =>
  void expect(Object.fromEntries(Object.keys(expected).map((name) => [name, element(xml, name)]))).to.deep.equal(
    expected,
  );

/** Specs covering every flow, policy and optional field; each must be valid (no error findings). */
function matrix(): Array<[string, AppSpec]> {
  const cert = testCertificatePem();
  return [
    ['the base web-server app', baseSpec()],
    [
      'client credentials only',
      specWith({
        oauth: { flows: ['client-credentials'], scopes: ['Api'] },
        policies: { runAsUser: 'int@example.com' },
      }),
    ],
    [
      'jwt bearer with a certificate',
      specWith({ oauth: { flows: ['jwt-bearer'], scopes: ['Api'], certificate: cert } }),
    ],
    [
      'web server, client credentials and JWT bearer',
      specWith({
        oauth: { flows: ['web-server', 'client-credentials', 'jwt-bearer'], certificate: cert },
        policies: { runAsUser: 'int@example.com' },
      }),
    ],
    ['device and token exchange', specWith({ oauth: { flows: ['device', 'token-exchange'] } })],
    [
      'a public client',
      specWith({ oauth: { publicClient: true, callbackUrls: ['com.example.app:/oauth', 'http://127.0.0.1:7171/cb'] } }),
    ],
    [
      'self-authorized, never-expiring tokens, bypass',
      specWith({
        policies: {
          permittedUsers: 'AllSelfAuthorized',
          permissionSets: [],
          refreshTokenPolicy: 'Infinite',
          refreshTokenValidity: undefined,
          ipRelaxation: 'Bypass',
        },
      }),
    ],
    [
      'immediately expiring tokens',
      specWith({
        policies: { refreshTokenPolicy: 'Zero', refreshTokenValidity: undefined, ipRelaxation: 'Bypass_2factor' },
      }),
    ],
    [
      'a lifetime in hours, profiles',
      specWith({
        policies: {
          refreshTokenPolicy: 'SpecificLifetime',
          refreshTokenValidity: { period: 12, unit: 'Hours' },
          profiles: ['Integration User', 'Custom: API'],
          ipRelaxation: 'Enforce_RelaxRefresh',
          sessionTimeoutMinutes: 1440,
        },
      }),
    ],
    [
      'every optional field, packaged',
      baseSpec({
        contactPhone: '+1 (415) 555-0100',
        description: 'Sync <invoices> & "credits"',
        logoUrl: 'https://cdn.example.com/logo.png',
        iconUrl: 'https://cdn.example.com/icon.png',
        distributionState: 'Packaged',
      }),
    ],
    [
      'many scopes',
      specWith({ oauth: { scopes: ['Api', 'RefreshToken', 'OpenID', 'Profile', 'MCP', 'CDPQuery', 'Chatter'] } }),
    ],
  ];
}

describe('render', () => {
  for (const [name, spec] of matrix()) {
    describe(name, () => {
      it('is a valid spec', () => {
        expect(errorsOf(checkAppSpec(spec))).to.deep.equal([]);
      });

      it('writes five files that validate against the ECA schema', async () => {
        const files = renderAppFiles(spec);
        expect(files).to.have.length(5);
        expect(await schemaProblems(files)).to.deep.equal([]);
      });

      it('parses back to the same spec', () => {
        const files = renderAppFiles(spec).map((f) => ({
          path: `force-app/main/default/${f.relativePath}`,
          xml: f.xml,
        }));
        const parsed = parseAppFiles(files);
        expect(parsed.spec).to.deep.equal(spec);
        expect(parsed.findings).to.deep.equal([]);
        expect(parsed.orgSpecificFields).to.deep.equal([]);
      });
    });
  }

  it('writes the exact format a retrieve writes', () => {
    expect(renderOauthSettings(baseSpec())).to.equal(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ExtlClntAppOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">',
        '    <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>',
        '    <externalClientApplication>Billing_Sync</externalClientApplication>',
        '    <label>Billing Sync</label>',
        '</ExtlClntAppOauthSettings>',
        '',
      ].join('\n'),
    );
  });

  it('escapes & < > " \' in the label and description', () => {
    const xml = renderExternalClientApplication(baseSpec({ label: `A & B <C> "D" 'E'`, description: '<script>&amp;' }));
    expectElements(xml, {
      label: 'A &amp; B &lt;C&gt; &quot;D&quot; &apos;E&apos;',
      description: '&lt;script&gt;&amp;amp;',
    });
  });

  it('writes the callback URLs newline-separated, in order', () => {
    const xml = renderGlobalOauthSettings(
      specWith({ oauth: { callbackUrls: ['https://a.example.com/cb', 'http://localhost:1717/OauthRedirect'] } }),
    );
    expect(element(xml, 'callbackUrl')).to.equal('https://a.example.com/cb\nhttp://localhost:1717/OauthRedirect');
  });

  it('cannot tell an explicit web server flow from an implied one when device or token exchange issue the refresh tokens', () => {
    // No switch enables the web server flow: every OAuth app with a callback accepts authorization codes.
    const spec = specWith({ oauth: { flows: ['web-server', 'device'] } });
    const files = renderAppFiles(spec).map((f) => ({ path: f.relativePath, xml: f.xml }));
    expect(parseAppFiles(files).spec.oauth.flows).to.deep.equal(['device']);
  });

  it('never writes credentials or org-specific fields', () => {
    const all = renderAppFiles(matrix()[3][1])
      .map((f) => f.xml)
      .join('\n');
    for (const field of ['consumerKey', 'consumerSecret', 'orgScopedExternalApp', 'oauthLink', 'shouldRotate'])
      expect(all).not.to.include(field);
  });

  it('secures the global OAuth settings', () => {
    const web = renderGlobalOauthSettings(baseSpec());
    expectElements(web, {
      isPkceRequired: 'true',
      isRefreshTokenRotationEnabled: 'true',
      isSecretRequiredForRefreshToken: 'true',
      isConsumerSecretOptional: 'false',
      isIntrospectAllTokens: 'false',
      isCodeCredFlowEnabled: 'false',
      isClientCredentialsFlowEnabled: 'false',
      isDeviceFlowEnabled: 'false',
      isTokenExchangeEnabled: 'false',
    });
    const cc = renderGlobalOauthSettings(
      specWith({ oauth: { flows: ['client-credentials'], scopes: ['Api'] }, policies: { runAsUser: 'a@b.co' } }),
    );
    expectElements(cc, { isClientCredentialsFlowEnabled: 'true', isRefreshTokenRotationEnabled: 'false' });
    const publicClient = renderGlobalOauthSettings(specWith({ oauth: { publicClient: true } }));
    expectElements(publicClient, { isConsumerSecretOptional: 'true', isSecretRequiredForRefreshToken: 'false' });
  });

  it('writes the certificate only for JWT bearer', () => {
    const cert = testCertificatePem();
    expect(
      element(
        renderGlobalOauthSettings(specWith({ oauth: { flows: ['jwt-bearer'], certificate: cert } })),
        'certificate',
      ),
    ).to.equal(cert);
    expect(renderGlobalOauthSettings(baseSpec())).not.to.include('<certificate>');
  });

  it('writes every policy explicitly', () => {
    const xml = renderOauthPolicies(
      specWith({
        oauth: { flows: ['client-credentials'] },
        policies: { runAsUser: 'int@example.com', profiles: ['P1', 'P2'] },
      }),
    );
    expectElements(xml, {
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      commaSeparatedPermissionSet: 'Billing_Integration',
      commaSeparatedProfile: 'P1,P2',
      clientCredentialsFlowUser: 'int@example.com',
      isClientCredentialsFlowEnabled: 'true',
      refreshTokenPolicyType: 'SpecificInactivity',
      refreshTokenValidityPeriod: '30',
      refreshTokenValidityUnit: 'Days',
      ipRelaxationPolicyType: 'Enforce',
      sessionTimeoutInMinutes: '15',
    });
    expect(xml).not.to.include('isNamedUserJwtEnabled');
  });

  it('leaves the validity out when the policy takes none', () => {
    const xml = renderOauthPolicies(
      specWith({ policies: { refreshTokenPolicy: 'Zero', refreshTokenValidity: undefined } }),
    );
    expect(xml).not.to.include('refreshTokenValidity');
  });

  it('switches the app and only its OAuth plugin on', () => {
    const xml = renderConfigurablePolicies(baseSpec());
    expectElements(xml, {
      isEnabled: 'true',
      isOauthPluginEnabled: 'true',
      ...Object.fromEntries(
        ['Canvas', 'Mobile', 'Notification', 'Push', 'Saml'].map((plugin) => [`is${plugin}PluginEnabled`, 'false']),
      ),
    });
  });

  it('is deterministic', () => {
    const spec = matrix()[3][1];
    expect(renderAppFiles(spec)).to.deep.equal(renderAppFiles(structuredClone(spec)));
  });
});
