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
import { retrieveCertificateBody, sameCertificate } from '../../../src/model/certificate.js';
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
    [
      'an MCP client: public, JWT-format tokens, custom scheme',
      specWith({
        oauth: {
          scopes: ['MCP', 'RefreshToken'],
          publicClient: true,
          jwtAccessTokens: true,
          callbackUrls: ['http://localhost:8080/oauth/callback', 'cursor://anysphere.cursor-mcp/oauth/callback'],
        },
      }),
    ],
    [
      'high assurance sessions, raised',
      specWith({ policies: { sessionLevel: 'HIGH_ASSURANCE', policyAction: 'RaiseSessionLevel' } }),
    ],
    [
      'high assurance sessions, blocked',
      specWith({ policies: { sessionLevel: 'HIGH_ASSURANCE', policyAction: 'Block' } }),
    ],
  ];
}

/**
 * The spec as parse reads it back: the certificate in the form the file holds, and without the fields this
 * version of the reader does not read yet (it may: then they must equal what was written).
 */
function asReadBack(spec: AppSpec, parsed: AppSpec): AppSpec {
  const expected = structuredClone(spec);
  if (expected.oauth.certificate) {
    expect(sameCertificate(parsed.oauth.certificate ?? '', expected.oauth.certificate)).to.equal(true);
    expected.oauth.certificate = parsed.oauth.certificate;
  }
  if (parsed.oauth.jwtAccessTokens === undefined) delete expected.oauth.jwtAccessTokens;
  if (parsed.policies.sessionLevel === undefined) delete expected.policies.sessionLevel;
  if (parsed.policies.policyAction === undefined) delete expected.policies.policyAction;
  return expected;
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
        expect(parsed.spec).to.deep.equal(asReadBack(spec, parsed.spec));
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
        '    <isFirstPartyAppEnabled>false</isFirstPartyAppEnabled>',
        '    <label>Billing_Sync_oauth</label>',
        '</ExtlClntAppOauthSettings>',
        '',
      ].join('\n'),
    );
  });

  it('names the satellites as Setup does, each labelled with its own name, the app keeping its label', () => {
    expect(renderAppFiles(baseSpec()).map((f) => [f.relativePath, element(f.xml, 'label')])).to.deep.equal([
      ['externalClientApps/Billing_Sync.eca-meta.xml', 'Billing Sync'],
      ['extlClntAppGlobalOauthSets/Billing_Sync_glbloauth.ecaGlblOauth-meta.xml', 'Billing_Sync_glbloauth'],
      ['extlClntAppOauthSettings/Billing_Sync_oauth.ecaOauth-meta.xml', 'Billing_Sync_oauth'],
      ['extlClntAppOauthPolicies/Billing_Sync_oauthPlcy.ecaOauthPlcy-meta.xml', 'Billing_Sync_oauthPlcy'],
      ['extlClntAppPolicies/Billing_Sync_plcy.ecaPlcy-meta.xml', 'Billing_Sync_plcy'],
    ]);
  });

  it('names the satellites it is told to (an app an earlier version generated)', () => {
    const files = renderAppFiles(baseSpec(), { oauthPolicies: 'Billing_Sync', policies: 'Billing_Sync' });
    expect(files.map((f) => f.componentName)).to.deep.equal([
      'Billing_Sync',
      'Billing_Sync_glbloauth',
      'Billing_Sync_oauth',
      'Billing_Sync',
      'Billing_Sync',
    ]);
    expect(element(files[3].xml, 'label')).to.equal('Billing_Sync');
    expect(files[3].relativePath).to.equal('extlClntAppOauthPolicies/Billing_Sync.ecaOauthPlcy-meta.xml');
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
    for (const field of ['consumerKey', 'consumerSecret', 'orgScopedExternalApp', 'oauthLink'])
      expect(all).not.to.include(field);
    expectElements(renderGlobalOauthSettings(matrix()[3][1]), {
      shouldRotateConsumerKey: 'false',
      shouldRotateConsumerSecret: 'false',
    });
  });

  it('writes no field newer than the v66 schema', () => {
    const all = matrix()
      .flatMap(([, spec]) => renderAppFiles(spec))
      .map((f) => f.xml)
      .join('\n');
    for (const field of ['isEnforceRefreshTokenTTL', 'isDPopEnabled', 'isMtlsEnabled', 'StepUpMFA'])
      expect(all).not.to.include(field);
  });

  it('writes JWT-format access tokens only when asked', () => {
    expectElements(renderGlobalOauthSettings(baseSpec()), { isNamedUserJwtEnabled: 'false' });
    expectElements(renderGlobalOauthSettings(specWith({ oauth: { jwtAccessTokens: true } })), {
      isNamedUserJwtEnabled: 'true',
    });
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
      isCodeCredPostOnly: 'false',
      isClientCredentialsFlowEnabled: 'false',
      isDeviceFlowEnabled: 'false',
      isTokenExchangeEnabled: 'false',
      isNamedUserJwtEnabled: 'false',
      label: 'Billing_Sync_glbloauth',
    });
    const cc = renderGlobalOauthSettings(
      specWith({ oauth: { flows: ['client-credentials'], scopes: ['Api'] }, policies: { runAsUser: 'a@b.co' } }),
    );
    expectElements(cc, { isClientCredentialsFlowEnabled: 'true', isRefreshTokenRotationEnabled: 'false' });
    const publicClient = renderGlobalOauthSettings(specWith({ oauth: { publicClient: true } }));
    expectElements(publicClient, { isConsumerSecretOptional: 'true', isSecretRequiredForRefreshToken: 'false' });
  });

  it('writes the certificate as a retrieve holds it, only for JWT bearer', () => {
    const cert = testCertificatePem();
    const written = element(
      renderGlobalOauthSettings(specWith({ oauth: { flows: ['jwt-bearer'], certificate: cert } })),
      'certificate',
    );
    expect(written).to.equal(retrieveCertificateBody(cert));
    expect(written).not.to.include('-----');
    const lines = written?.split('\n') ?? [];
    expect(lines.slice(0, -1).every((line) => line.length === 64)).to.equal(true);
    expect(lines.at(-1)?.length).to.be.within(1, 64);
    expect(sameCertificate(written ?? '', cert)).to.equal(true);
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
      isGuestCodeCredFlowEnabled: 'false',
      isTokenExchangeFlowEnabled: 'false',
      requiredSessionLevel: 'STANDARD',
      label: 'Billing_Sync_oauthPlcy',
    });
    // Not a policy field in v66 (§2.16); policyAction only when asked for.
    expect(xml).not.to.include('isNamedUserJwtEnabled');
    expect(xml).not.to.include('policyAction');
  });

  it('writes the session level and the policy action', () => {
    const xml = renderOauthPolicies(specWith({ policies: { sessionLevel: 'HIGH_ASSURANCE', policyAction: 'Block' } }));
    expectElements(xml, { requiredSessionLevel: 'HIGH_ASSURANCE', policyAction: 'Block' });
  });

  it('leaves the validity out when the policy takes none', () => {
    const xml = renderOauthPolicies(
      specWith({ policies: { refreshTokenPolicy: 'Zero', refreshTokenValidity: undefined } }),
    );
    expect(xml).not.to.include('refreshTokenValidity');
  });

  it('switches the app and its OAuth plugin on, as a retrieve writes it', () => {
    expect(renderConfigurablePolicies(baseSpec())).to.equal(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ExtlClntAppConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">',
        '    <externalClientApplication>Billing_Sync</externalClientApplication>',
        '    <isEnabled>true</isEnabled>',
        '    <isOauthPluginEnabled>true</isOauthPluginEnabled>',
        '    <label>Billing_Sync_plcy</label>',
        '    <startPage>None</startPage>',
        '</ExtlClntAppConfigurablePolicies>',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic', () => {
    const spec = matrix()[3][1];
    expect(renderAppFiles(spec)).to.deep.equal(renderAppFiles(structuredClone(spec)));
  });
});
