/*
 * The Connected App mapping: one fate for every field of the schema, the value formats (refresh token policies, IP
 * relaxation, scopes) as tables of good and bad input, and the conversion of small apps in both modes.
 */
import { expect } from 'chai';
import { parseConnectedApp } from '../../../src/metadata/connectedApp.js';
import { CONNECTED_APP_SCHEMA, type ConnectedApp, type ConnectedAppTypeName } from '../../../src/model/connectedApp.js';
import {
  CONNECTED_APP_MAPPING,
  convertIpRelaxation,
  convertRefreshTokenPolicy,
  convertScope,
  convertSessionLevel,
} from '../../../src/model/connectedAppMapping.js';
import { convertConnectedApp, type Conversion } from '../../../src/model/convertConnectedApp.js';
import { everyFieldXml } from '../../helpers/everyFieldConnectedApp.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const appOf = (body: string, name = 'Billing_Sync'): ConnectedApp => {
  const file = parseConnectedApp(`<ConnectedApp xmlns="${NS}">${body}</ConnectedApp>`, `${name}.connectedApp-meta.xml`);
  expect(file.problems).to.deep.equal([]);
  return file.app!;
};

const CLIENT_CREDENTIALS = `<contactEmail>ops@example.com</contactEmail><label>Billing Sync</label>
<oauthConfig><callbackUrl>https://billing.example.com/cb</callbackUrl><consumerKey>3MVG9abc</consumerKey>
<isAdminApproved>false</isAdminApproved><isClientCredentialEnabled>true</isClientCredentialEnabled>
<oauthClientCredentialUser>billing@example.com</oauthClientCredentialUser><scopes>Api</scopes><scopes>SFAP</scopes></oauthConfig>
<oauthPolicy><ipRelaxation>BYPASS</ipRelaxation><refreshTokenPolicy>infinite</refreshTokenPolicy></oauthPolicy>`;

const rowOf = (conversion: Conversion, field: string): Conversion['rows'][number] | undefined =>
  conversion.rows.find((r) => r.field === field);

describe('CONNECTED_APP_MAPPING', () => {
  it('gives every field of the v66 schema a fate (a part of a dropped complex field inherits it)', () => {
    const missing: string[] = [];
    const walk = (type: ConnectedAppTypeName, prefix: string): void => {
      for (const [name, definition] of Object.entries(CONNECTED_APP_SCHEMA[type])) {
        const path = `${prefix}${name}`;
        const fate = CONNECTED_APP_MAPPING[path];
        if (!fate) missing.push(path);
        const complex = !['string', 'boolean', 'int'].includes(definition.kind);
        if (complex && fate?.fate !== 'not carried over') walk(definition.kind as ConnectedAppTypeName, `${path}.`);
      }
    };
    walk('ConnectedApp', '');
    expect(missing).to.deep.equal([]);
  });

  it('names an ECA field for everything carried over, and a reason for everything that is not', () => {
    for (const [path, fate] of Object.entries(CONNECTED_APP_MAPPING)) {
      if (fate.fate === 'not carried over') expect(fate.reason, path).to.be.a('string');
      else expect(fate.eca, path).to.match(/^(ExternalClientApplication|ExtlClntApp)/);
      if (fate.fate === 'changed') expect(fate.reason, path).to.be.a('string');
    }
  });

  it('renames as ECA-FACTS §9 says', () => {
    const expected: Record<string, string> = {
      'oauthConfig.isClientCredentialEnabled': 'ExtlClntAppGlobalOauthSettings.isClientCredentialsFlowEnabled',
      'oauthConfig.isCodeCredentialEnabled': 'ExtlClntAppGlobalOauthSettings.isCodeCredFlowEnabled',
      'oauthConfig.isCodeCredentialPostOnly': 'ExtlClntAppGlobalOauthSettings.isCodeCredPostOnly',
      'oauthConfig.isAdminApproved': 'ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType',
      profileName: 'ExtlClntAppOauthConfigurablePolicies.commaSeparatedProfile',
      permissionSetName: 'ExtlClntAppOauthConfigurablePolicies.commaSeparatedPermissionSet',
      'sessionPolicy.sessionTimeout': 'ExtlClntAppOauthConfigurablePolicies.sessionTimeoutInMinutes',
      'oauthConfig.oauthClientCredentialUser': 'ExtlClntAppOauthConfigurablePolicies.clientCredentialsFlowUser',
      attributes: 'ExtlClntAppOauthSettings.customAttributes',
      'oauthConfig.scopes': 'ExtlClntAppOauthSettings.commaSeparatedOauthScopes',
    };
    for (const [path, eca] of Object.entries(expected)) expect(CONNECTED_APP_MAPPING[path].eca, path).to.equal(eca);
    for (const path of ['oauthConfig.consumerKey', 'oauthConfig.consumerSecret', 'samlConfig', 'canvasConfig']) {
      expect(CONNECTED_APP_MAPPING[path].fate, path).to.equal('not carried over');
    }
  });
});

describe('convertConnectedApp: nothing dropped silently', () => {
  it('gives every field of an app that has them all a row of the mapping table', () => {
    const conversion = convertConnectedApp(appOf(everyFieldXml(), 'Every_Field'));
    const fields = new Set(conversion.rows.map((r) => r.field.replace(/\[\d+\]/g, '')));
    const missing: string[] = [];
    let checked = 0;
    const walk = (type: ConnectedAppTypeName, prefix: string): void => {
      for (const [name, definition] of Object.entries(CONNECTED_APP_SCHEMA[type])) {
        const path = `${prefix}${name}`;
        checked++;
        const complex = !['string', 'boolean', 'int'].includes(definition.kind);
        const fate = CONNECTED_APP_MAPPING[path];
        if (
          complex &&
          fate?.fate !== 'not carried over' &&
          !['attributes', 'ipRanges', 'oauthConfig.idTokenConfig'].includes(path)
        ) {
          walk(definition.kind as ConnectedAppTypeName, `${path}.`);
        } else if (!fields.has(path)) missing.push(path);
      }
    };
    walk('ConnectedApp', '');
    expect(missing).to.deep.equal([]);
    expect(checked).to.be.greaterThan(50);
    expect(conversion.spec).to.not.equal(undefined);
  });
});

describe('Connected App value formats', () => {
  const refresh: Array<[string, ReturnType<typeof convertRefreshTokenPolicy>]> = [
    ['infinite', { policy: 'Infinite' }],
    ['zero', { policy: 'Zero' }],
    ['ZERO', { policy: 'Zero' }],
    ['specific_lifetime:3:HOURS', { policy: 'SpecificLifetime', validity: { period: 3, unit: 'Hours' } }],
    ['specific_inactivity:7:DAYS', { policy: 'SpecificInactivity', validity: { period: 7, unit: 'Days' } }],
    ['specific_lifetime:2:MONTHS', { policy: 'SpecificLifetime', validity: { period: 2, unit: 'Months' } }],
    ['specific_lifetime:0:DAYS', undefined],
    ['specific_lifetime:3:WEEKS', undefined],
    ['specific_lifetime', undefined],
    ['never', undefined],
  ];
  for (const [text, expected] of refresh) {
    it(`refreshTokenPolicy ${text}`, () => expect(convertRefreshTokenPolicy(text)).to.deep.equal(expected));
  }
  const ip: Array<[string, string | undefined]> = [
    ['ENFORCE', 'Enforce'],
    ['BYPASS', 'Bypass'],
    ['BYPASS_2FACTOR', 'Bypass_2factor'],
    ['ENFORCE_RELAXREFRESH', 'Enforce_RelaxRefresh'],
    ['enforce', 'Enforce'],
    ['RELAX', undefined],
  ];
  for (const [text, expected] of ip)
    it(`ipRelaxation ${text}`, () => expect(convertIpRelaxation(text)).to.equal(expected));
  it('scopes: SFAP becomes SFApiPlatform, the rest keep their token', () => {
    expect(['SFAP', 'Api', 'RefreshToken'].map(convertScope)).to.deep.equal(['SFApiPlatform', 'Api', 'RefreshToken']);
  });
  it('session levels', () => {
    expect(['HIGH_ASSURANCE', 'standard', 'LOW'].map(convertSessionLevel)).to.deep.equal([
      'HIGH_ASSURANCE',
      'STANDARD',
      undefined,
    ]);
  });
});

describe('convertConnectedApp', () => {
  it('keeps the behaviour of a client-credentials app by default', () => {
    const conversion = convertConnectedApp(appOf(CLIENT_CREDENTIALS));
    const spec = conversion.spec!;
    expect(spec.apiName).to.equal('Billing_Sync');
    expect(spec.oauth.flows).to.deep.equal(['client-credentials']);
    expect(spec.oauth.scopes).to.deep.equal(['Api', 'SFApiPlatform']);
    expect(spec.policies).to.deep.include({
      permittedUsers: 'AllSelfAuthorized',
      runAsUser: 'billing@example.com',
      refreshTokenPolicy: 'Infinite',
      ipRelaxation: 'Bypass',
      sessionTimeoutMinutes: 0,
    });
    expect(conversion.extras.globalOauthSettings).to.deep.include({ name: 'isPkceRequired', value: false });
    expect(conversion.extras.oauthPolicies).to.deep.include({ name: 'sessionTimeoutInMinutes' });
    expect(rowOf(conversion, 'oauthConfig.consumerKey')?.fate).to.equal('not carried over');
    expect(rowOf(conversion, 'oauthConfig.scopes')).to.deep.include({ value: 'Api, SFApiPlatform', fate: 'changed' });
    expect(rowOf(conversion, 'oauthPolicy.ipRelaxation')).to.deep.include({ value: 'Bypass', fate: 'changed' });
    expect(rowOf(conversion, '(username-password flow)')?.fate).to.equal('not carried over');
    expect(conversion.rows.some((r) => r.fate === 'hardened')).to.equal(false);
  });

  it('with harden, takes generate secure defaults and says what each change can break', () => {
    const conversion = convertConnectedApp(appOf(CLIENT_CREDENTIALS), { harden: true });
    expect(conversion.spec!.policies).to.deep.include({
      permittedUsers: 'AdminApprovedPreAuthorized',
      refreshTokenPolicy: 'SpecificInactivity',
      refreshTokenValidity: { period: 30, unit: 'Days' },
      ipRelaxation: 'Enforce',
      sessionTimeoutMinutes: 15,
    });
    const hardened = conversion.rows.filter((r) => r.fate === 'hardened');
    expect(hardened.map((r) => [r.field, r.before, r.value])).to.deep.equal([
      ['oauthConfig.isPkceRequired', 'false', 'true'],
      ['oauthConfig.isAdminApproved', 'AllSelfAuthorized', 'AdminApprovedPreAuthorized'],
      ['oauthPolicy.ipRelaxation', 'Bypass', 'Enforce'],
      ['oauthPolicy.refreshTokenPolicy', 'Infinite', 'SpecificInactivity 30 Days'],
      ['sessionPolicy.sessionTimeout', '(unset)', '15'],
    ]);
    expect(hardened.every((r) => (r.note ?? '').length > 0)).to.equal(true);
    expect(conversion.extras.globalOauthSettings?.some((e) => e.name === 'isPkceRequired')).to.equal(false);
  });

  it('maps admin approval with its profiles and permission sets, a session policy and a lifetime', () => {
    const conversion = convertConnectedApp(
      appOf(
        `<contactEmail>a@example.com</contactEmail><label>A</label><oauthConfig><callbackUrl>https://a.example.com/cb</callbackUrl>
<isAdminApproved>true</isAdminApproved><scopes>Api</scopes><scopes>RefreshToken</scopes></oauthConfig>
<oauthPolicy><ipRelaxation>ENFORCE</ipRelaxation><refreshTokenPolicy>specific_lifetime:3:HOURS</refreshTokenPolicy></oauthPolicy>
<permissionSetName>Sync Users</permissionSetName><profileName>Integration</profileName><profileName>Admins</profileName>
<sessionPolicy><sessionLevel>HIGH_ASSURANCE</sessionLevel><sessionTimeout>30</sessionTimeout></sessionPolicy>`,
        'A',
      ),
    );
    expect(conversion.spec!.policies).to.deep.include({
      permittedUsers: 'AdminApprovedPreAuthorized',
      profiles: ['Integration', 'Admins'],
      permissionSets: ['Sync Users'],
      refreshTokenPolicy: 'SpecificLifetime',
      refreshTokenValidity: { period: 3, unit: 'Hours' },
      sessionTimeoutMinutes: 30,
      sessionLevel: 'HIGH_ASSURANCE',
    });
    expect(conversion.spec!.oauth.flows).to.deep.equal(['web-server']);
    expect(rowOf(conversion, 'profileName')).to.deep.include({ value: 'Integration,Admins', fate: 'changed' });
  });

  it('carries custom attributes and trusted IP ranges over whole, and reports an incomplete one', () => {
    const conversion = convertConnectedApp(
      appOf(
        `<attributes><formula>$User.Email</formula><key>email</key></attributes><attributes><key>lonely</key></attributes>
<contactEmail>a@example.com</contactEmail><fullName>Attr_App</fullName>
<ipRanges><end>10.0.0.9</end><start>10.0.0.1</start></ipRanges><ipRanges><start>10.1.0.1</start></ipRanges>
<label>A</label><oauthConfig><callbackUrl>https://a/cb</callbackUrl><scopes>Api</scopes></oauthConfig>`,
        'Attr_App',
      ),
    );
    expect(
      conversion.rows.filter((r) => /^(attributes|ipRanges)\[/.test(r.field)).map((r) => [r.field, r.fate]),
    ).to.deep.equal([
      ['attributes[0]', 'changed'],
      ['attributes[1]', 'not carried over'],
      ['ipRanges[0]', 'changed'],
      ['ipRanges[1]', 'not carried over'],
    ]);
    expect(conversion.extras.oauthSettings).to.deep.equal([
      {
        name: 'customAttributes',
        children: [
          ['formula', '$User.Email'],
          ['key', 'email'],
        ],
      },
      {
        name: 'trustedIpRanges',
        children: [
          ['description', undefined],
          ['endIpAddress', '10.0.0.9'],
          ['startIpAddress', '10.0.0.1'],
        ],
      },
    ]);
    expect(rowOf(conversion, 'fullName')).to.deep.include({ value: 'Attr_App', fate: 'changed' });
  });

  const notConvertible: Array<[string, string, RegExp]> = [
    ['a SAML-only app', '<samlConfig><acsUrl>https://sp/acs</acsUrl></samlConfig>', /SAML settings but no OAuth/],
    ['a canvas-only app', '<canvasConfig><canvasUrl>https://c</canvasUrl></canvasConfig>', /canvas app without/],
    ['an app with no OAuth at all', '<label>X</label>', /no OAuth configuration/],
  ];
  for (const [title, body, reason] of notConvertible) {
    it(`reports ${title} as not convertible, with the reason`, () => {
      const conversion = convertConnectedApp(appOf(`<contactEmail>a@example.com</contactEmail>${body}`, 'X'));
      expect(conversion.spec).to.equal(undefined);
      expect(conversion.notConvertible).to.match(reason);
    });
  }

  it('--api-name renames the ECA; a certificate that is no certificate is not carried over', () => {
    const conversion = convertConnectedApp(
      appOf(
        `<contactEmail>a@example.com</contactEmail><label>A</label><oauthConfig><callbackUrl>https://a/cb</callbackUrl>
<certificate>{{CERTIFICATE_NAME}}</certificate><scopes>Api</scopes></oauthConfig>`,
      ),
      { apiName: 'New_Name' },
    );
    expect(conversion.apiName).to.equal('New_Name');
    expect(rowOf(conversion, '(name)')).to.deep.include({ value: 'New_Name', fate: 'changed' });
    expect(rowOf(conversion, 'oauthConfig.certificate')?.fate).to.equal('not carried over');
    expect(conversion.spec!.oauth.flows).to.deep.equal(['web-server']);
  });
});
