import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, startEmulator, findApp } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { type FixtureOptions, appFiles } from '../src/fixtures.js';
import { deployFiles } from './helpers/testing.js';

const APP = 'Emu_App';
const link = `<externalClientApplication>${APP}</externalClientApplication>`;
const defaultPolicyLines = appFiles()[3]
  .xml.split('\n')
  .slice(2, -2)
  .map((l) => l.trim());

describe('emulator: judging a deployment like an org', function () {
  let emulator: Emulator;
  let connection: Connection;

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  type Rejection = {
    what: string;
    fixture: FixtureOptions;
    type: string;
    problem: RegExp;
    line: number;
    column: number;
  };
  const rejections: Rejection[] = [
    {
      what: 'a wire-name scope (api) in commaSeparatedOauthScopes, naming the valid tokens',
      fixture: {
        oauth: [
          '<commaSeparatedOauthScopes>api, RefreshToken</commaSeparatedOauthScopes>',
          link,
          `<label>${APP}</label>`,
        ],
      },
      type: 'ExtlClntAppOauthSettings',
      problem: /^Invalid OAuth scope: api\. Valid values are: .*\bApi\b.*\bRefreshToken\b/,
      line: 3,
      column: 5,
    },
    {
      what: 'an unknown scope token',
      fixture: { oauth: ['<commaSeparatedOauthScopes>Api, Telepathy</commaSeparatedOauthScopes>', link] },
      type: 'ExtlClntAppOauthSettings',
      problem: /^Invalid OAuth scope: Telepathy\./,
      line: 3,
      column: 5,
    },
    {
      what: 'an http callback URL on a public host',
      fixture: { global: ['<callbackUrl>https://ok.example.com/cb\nhttp://app.example.com/cb</callbackUrl>', link] },
      type: 'ExtlClntAppGlobalOauthSettings',
      problem: /http:\/\/app\.example\.com\/cb must use HTTPS/,
      line: 3,
      column: 5,
    },
    {
      what: 'a satellite naming an app that is neither deployed nor in the org',
      fixture: {
        policy: ['<externalClientApplication>Ghost_App</externalClientApplication>', '<isEnabled>true</isEnabled>'],
      },
      type: 'ExtlClntAppConfigurablePolicies',
      problem:
        /^INVALID_CROSS_REFERENCE_KEY: In field: externalClientApplication - no ExternalClientApplication named Ghost_App found$/,
      line: 3,
      column: 5,
    },
    {
      what: 'Global OAuth settings without OAuth settings for the app',
      fixture: { omit: ['oauth'] },
      type: 'ExtlClntAppGlobalOauthSettings',
      problem: /doesn't have a valid OAuth settings configuration/,
      line: 2,
      column: 1,
    },
    {
      what: 'orgScopedExternalApp from another org',
      fixture: {
        eca: [
          '<contactEmail>dev@example.com</contactEmail>',
          `<label>${APP}</label>`,
          `<orgScopedExternalApp>00D000000000001:${APP}</orgScopedExternalApp>`,
        ],
      },
      type: 'ExternalClientApplication',
      problem: /orgScopedExternalApp .*another organization \(00D000000000001\)/,
      line: 5,
      column: 5,
    },
    {
      what: 'oauthLink from another org',
      fixture: {
        oauth: [
          '<commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>',
          link,
          `<label>${APP}</label>`,
          '<oauthLink>00D000000000001:8885g0000000001</oauthLink>',
        ],
      },
      type: 'ExtlClntAppOauthSettings',
      problem: /oauthLink .*another organization/,
      line: 6,
      column: 5,
    },
    {
      what: 'a clientCredentialsFlowUser that does not exist',
      fixture: {
        oauthPolicy: [
          '<clientCredentialsFlowUser>nobody@example.com</clientCredentialsFlowUser>',
          ...defaultPolicyLines.slice(1),
        ],
      },
      type: 'ExtlClntAppOauthConfigurablePolicies',
      problem: /nobody@example\.com specified in clientCredentialsFlowUser doesn't exist/,
      line: 3,
      column: 5,
    },
    {
      what: 'isNamedUserJwtEnabled in ExtlClntAppOauthConfigurablePolicies',
      fixture: {
        oauthPolicy: [
          ...defaultPolicyLines.slice(0, 5),
          '<isNamedUserJwtEnabled>false</isNamedUserJwtEnabled>',
          ...defaultPolicyLines.slice(5),
        ],
      },
      type: 'ExtlClntAppOauthConfigurablePolicies',
      problem:
        /Element \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}isNamedUserJwtEnabled invalid at this location in type ExtlClntAppOauthConfigurablePolicies/,
      line: 8,
      column: 5,
    },
    {
      what: 'a certificate that is not a PEM X.509 certificate',
      fixture: { global: ['<certificate>not a certificate</certificate>', link] },
      type: 'ExtlClntAppGlobalOauthSettings',
      problem: /^Invalid certificate/,
      line: 3,
      column: 5,
    },
    {
      what: 'elements out of schema order',
      fixture: { policy: ['<isEnabled>true</isEnabled>', link] },
      type: 'ExtlClntAppConfigurablePolicies',
      problem:
        /^Error parsing file: Element \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}isEnabled invalid at this location in type ExtlClntAppConfigurablePolicies$/,
      line: 3,
      column: 5,
    },
    {
      what: 'a pre-authorized permission set that does not exist',
      fixture: {
        oauthPolicy: [
          ...defaultPolicyLines.slice(0, 1),
          '<commaSeparatedPermissionSet>No_Such_Set</commaSeparatedPermissionSet>',
          ...defaultPolicyLines.slice(2),
        ],
      },
      type: 'ExtlClntAppOauthConfigurablePolicies',
      problem: /no PermissionSet named No_Such_Set found/,
      line: 4,
      column: 5,
    },
  ];

  for (const r of rejections) {
    it(`rejects ${r.what}`, async () => {
      const result = await deployFiles(connection, appFiles(r.fixture));
      expect(result.status).to.equal('Failed');
      expect(result.success).to.equal(false);
      const failure = result.failures.find((f) => f.componentType === r.type);
      expect(failure, JSON.stringify(result.failures)).to.not.equal(undefined);
      expect(failure!.problem).to.match(r.problem);
      expect(failure!.problemType).to.equal('Error');
      expect([failure!.lineNumber, failure!.columnNumber]).to.deep.equal([r.line, r.column]);
      expect(failure!.fileName).to.match(/^[A-Za-z]+\/[\w]+\.\w+$/);
      expect(emulator.state.apps, 'rollbackOnError keeps the org unchanged').to.have.length(0);
    });
  }

  const SCOPES_OF_THE_FACTS = (
    'Address Api Basic CDP CDPCalculatedInsight CDPIdentityResolution CDPIngest CDPProfile CDPQuery CDPSegment ' +
    'Chatbot Chatter Content CustomApplications CustomPermissions DataCloudUserClaims Eclair EinsteinGPT Email ' +
    'ForgotPassword Full Interaction Lightning MCP OfflineAccess OpenID Pardot Phone Profile PwdlessLogin ' +
    'RefreshToken SCRT SFApiPlatform UserRegistration Wave Web'
  ).split(' ');

  it('accepts each of the 36 scope tokens of docs/salesforce-facts.md §3.3, and names exactly those for an unknown one', async () => {
    expect(SCOPES_OF_THE_FACTS).to.have.length(36);
    const scopes = (value: string) =>
      appFiles({
        oauth: [`<commaSeparatedOauthScopes>${value}</commaSeparatedOauthScopes>`, link, `<label>${APP}</label>`],
      });
    const all = await deployFiles(connection, scopes(SCOPES_OF_THE_FACTS.join(', ')), { checkOnly: true });
    expect(all.failures).to.deep.equal([]);
    const refused = await deployFiles(connection, scopes('Api, ChatterApi'), { checkOnly: true });
    const problem = refused.failures.find((f) => f.componentType === 'ExtlClntAppOauthSettings')!.problem!;
    const named = /^Invalid OAuth scope: ChatterApi\. Valid values are: (.*)$/.exec(problem)![1].split(', ');
    expect(named).to.have.members(SCOPES_OF_THE_FACTS);
    expect(named).to.have.length(36);
  });

  for (const ipRelaxation of ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh', 'Enforce_relaxrefresh']) {
    it(`accepts ipRelaxationPolicyType ${ipRelaxation}`, async () => {
      const policy = defaultPolicyLines.map((l) =>
        l.startsWith('<ipRelaxationPolicyType>')
          ? `<ipRelaxationPolicyType>${ipRelaxation}</ipRelaxationPolicyType>`
          : l,
      );
      const result = await deployFiles(connection, appFiles({ oauthPolicy: policy }));
      expect(result.failures).to.deep.equal([]);
      expect(findApp(emulator.state, APP)!.components.ExtlClntAppOauthConfigurablePolicies?.fields).to.include({
        ipRelaxationPolicyType: ipRelaxation,
      });
    });
  }

  it("refuses ConnectedApp components (Spring '26)", async () => {
    const connectedApp = {
      type: 'ConnectedApp',
      folder: 'connectedApps',
      suffix: 'connectedApp',
      fullName: 'Legacy',
      xml: '<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n    <contactEmail>a@b.c</contactEmail>\n    <label>Legacy</label>\n</ConnectedApp>\n',
    };
    const result = await deployFiles(connection, [connectedApp]);
    expect(result.status).to.equal('Failed');
    expect(result.failures[0]).to.include({ componentType: 'ConnectedApp', fullName: 'Legacy' });
    expect(result.failures[0].problem).to.match(/can't create a connected app/);
  });

  it('accepts client credentials on in Global while the policy has them off and no run-as user, as real orgs hold', async () => {
    // eca/bgaldino__rlm-base-dev/…/ClaudeMcpClientRC_glbloauth.ecaGlblOauth with …/ClaudeMcpClientRC_oauthPlcy.ecaOauthPlcy
    const result = await deployFiles(
      connection,
      appFiles({
        oauthPolicy: [link, '<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>'],
      }),
    );
    expect(result.failures).to.deep.equal([]);
    expect(findApp(emulator.state, APP)!.components.ExtlClntAppGlobalOauthSettings?.fields).to.include({
      isClientCredentialsFlowEnabled: 'true',
    });
  });

  it('accepts http callbacks on loopback hosts (a wildcard port too) and an own-org orgScopedExternalApp', async () => {
    const result = await deployFiles(
      connection,
      appFiles({
        eca: [
          '<contactEmail>dev@example.com</contactEmail>',
          `<label>${APP}</label>`,
          `<orgScopedExternalApp>${emulator.state.orgId.slice(0, 15)}:${APP}</orgScopedExternalApp>`,
        ],
        global: [
          '<callbackUrl>http://localhost:1717/cb\nhttp://127.0.0.1:8080/cb\nhttp://[::1]:9000/cb\nmyapp://callback\nhttp://localhost:*/callback</callbackUrl>',
          link,
        ],
      }),
    );
    expect(result.failures).to.deep.equal([]);
    expect(result.status).to.equal('Succeeded');
  });

  it('stores a valid app with generated credentials, and keeps them on redeploy', async () => {
    const result = await deployFiles(connection, appFiles());
    expect(result.status).to.equal('Succeeded');
    expect(result.success).to.equal(true);
    expect(result.numberComponentsDeployed).to.equal(5);
    expect(result.successes.filter((s) => s.created).map((s) => s.componentType)).to.have.members([
      'ExternalClientApplication',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
    ]);
    const app = findApp(emulator.state, APP)!;
    expect(app.id).to.match(/^0xI[A-Za-z0-9]{15}$/);
    expect(app.consumerId).to.match(/^888[A-Za-z0-9]{15}$/);
    expect(app.consumerKey).to.match(/^3MVG9[A-Za-z0-9._]{80}$/);
    expect(app.consumerSecret).to.match(/^[0-9A-F]{64}$/);
    expect(app.label).to.equal(APP);
    expect(app.components.ExtlClntAppOauthSettings?.fields.commaSeparatedOauthScopes).to.equal('Api, RefreshToken');
    expect(app.components.ExtlClntAppOauthConfigurablePolicies?.fields.clientCredentialsFlowUser).to.equal(
      'integration@eca-emulator.test',
    );
    const { consumerKey, consumerSecret, id } = app;

    const again = await deployFiles(connection, appFiles());
    expect(again.status).to.equal('Succeeded');
    expect(again.successes.filter((s) => s.fullName !== 'package.xml').every((s) => s.changed && !s.created)).to.equal(
      true,
    );
    expect(emulator.state.apps).to.have.length(1);
    expect(findApp(emulator.state, APP)).to.include({ consumerKey, consumerSecret, id });
  });

  it('validates without changing the org when checkOnly is set', async () => {
    const result = await deployFiles(connection, appFiles(), { checkOnly: true });
    expect(result.status).to.equal('Succeeded');
    expect(emulator.state.apps).to.have.length(0);
  });

  it('deploys what passed when rollbackOnError is off (SucceededPartial)', async () => {
    const result = await deployFiles(
      connection,
      appFiles({ oauth: ['<commaSeparatedOauthScopes>api</commaSeparatedOauthScopes>', link] }),
      { rollbackOnError: false },
    );
    expect(result.status).to.equal('SucceededPartial');
    expect(result.numberComponentErrors).to.equal(2);
    const app = findApp(emulator.state, APP)!;
    expect(Object.keys(app.components)).to.have.members([
      'ExternalClientApplication',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
    ]);
  });

  it('rotates the consumer secret only with ignoreWarnings', async () => {
    await deployFiles(connection, appFiles());
    const before = findApp(emulator.state, APP)!.consumerSecret;
    const rotating = appFiles({
      global: [
        '<callbackUrl>https://app.example.com/cb</callbackUrl>',
        link,
        `<label>${APP}</label>`,
        '<shouldRotateConsumerSecret>true</shouldRotateConsumerSecret>',
      ],
    }).filter((f) => f.suffix === 'ecaGlblOauth');
    const refused = await deployFiles(connection, rotating);
    expect(refused.status).to.equal('Failed');
    expect(refused.failures[0]).to.include({ problemType: 'Warning', lineNumber: 6 });
    expect(findApp(emulator.state, APP)!.consumerSecret).to.equal(before);
    const accepted = await deployFiles(connection, rotating, { ignoreWarnings: true });
    expect(accepted.status).to.equal('Succeeded');
    expect(findApp(emulator.state, APP)!.consumerSecret).to.not.equal(before);
  });

  it('fails a component named in package.xml but missing from the zip', async () => {
    const files = appFiles();
    const result = await deployFiles(connection, files, {}, [
      ...files.map((f): [string, string] => [f.type, f.fullName]),
      ['ExtlClntAppOauthSettings', 'Missing_One'],
    ]);
    expect(result.status).to.equal('Failed');
    expect(result.failures[0].problem).to.equal(
      "An object 'Missing_One' of type ExtlClntAppOauthSettings was named in package.xml, but was not found in zipped directory",
    );
  });

  it('the cross-reference fault can word the refusal without its code, as the Metadata API often does', async () => {
    emulator.faults.crossReferenceOnNewApp = true;
    emulator.faults.crossReferenceWording = 'field';
    const oneShot = await deployFiles(connection, appFiles());
    expect(oneShot.status).to.equal('Failed');
    expect(oneShot.failures.map((f) => f.problem)).to.include(
      `In field: externalClientApplication - no ExternalClientApplication named ${APP} found`,
    );
    expect(oneShot.failures.map((f) => f.problem).join('\n')).not.to.include('INVALID_CROSS_REFERENCE_KEY');
  });

  for (const [version, refused] of [
    ['58.0', ['ExternalClientApplication', 'ExtlClntAppGlobalOauthSettings']],
    ['59.0', ['ExtlClntAppConfigurablePolicies']],
  ] as const) {
    it(`at API ${version}, refuses the types it doesn't know yet on package.xml, and changes nothing`, async () => {
      const result = await deployFiles(connection, appFiles(), {}, undefined, version);
      expect(result.status).to.equal('Failed');
      const problems = result.failures.map((f) => `${f.fileName}: ${f.problem}`);
      for (const type of refused)
        expect(problems).to.include(`package.xml: Unknown type name '${type}' specified in package.xml`);
      expect(findApp(emulator.state, APP)).to.equal(undefined);
    });
  }

  it('with the cross-reference fault, fails one-shot deploys of a new app; app first, satellites second succeeds', async () => {
    emulator.faults.crossReferenceOnNewApp = true;
    const files = appFiles();
    const oneShot = await deployFiles(connection, files);
    expect(oneShot.status).to.equal('Failed');
    const crossReferences = oneShot.failures.filter(
      (f) =>
        f.problem ===
        `INVALID_CROSS_REFERENCE_KEY: In field: externalClientApplication - no ExternalClientApplication named ${APP} found`,
    );
    expect(crossReferences.map((f) => f.componentType)).to.have.members(files.slice(1).map((f) => f.type));
    expect((await deployFiles(connection, files.slice(0, 1))).status).to.equal('Succeeded');
    expect((await deployFiles(connection, files.slice(1))).status).to.equal('Succeeded');
    expect(Object.keys(findApp(emulator.state, APP)!.components)).to.have.length(5);
  });
});
