import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { type AnyJson } from '@salesforce/ts-types';
import { Connection, Org } from '@salesforce/core';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { type CommandUx, stubCommandUx } from '../../helpers/commandUx.js';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import EcaDeploy from '../../../src/commands/eca/deploy.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import type { AppSpec } from '../../../src/model/appSpec.js';
import { clientCredentialsSpec, specWith } from '../../helpers/appSpecs.js';
import { RSA_2048_PEM } from '../../helpers/testCertificates.js';
import { removeCommandProject, setUpCommandProject } from '../../helpers/commandProject.js';
import type { DeployCommandResult } from '../../../src/jobs/deploy.js';
import { type ScriptedAnswer, scriptedDeploy } from '../../helpers/scriptedDeploy.js';

const RUN_AS = 'integration@eca-test.example';
const SECRET = 'SECRET-THAT-MUST-NOT-LEAK';

const spec = (apiName = 'Billing_Sync', runAsUser = RUN_AS): AppSpec => clientCredentialsSpec(runAsUser, apiName);

type OrgUser = { Id: string; Username: string; IsActive: boolean; Profile: Record<string, unknown> };
const integrationUser: OrgUser = {
  Id: '005000000000001AAA',
  Username: RUN_AS,
  IsActive: true,
  Profile: {
    Name: 'Minimum Access - API Only Integrations',
    PermissionsApiUserOnly: true,
    PermissionsModifyAllData: false,
  },
};
const adminUser: OrgUser = {
  ...integrationUser,
  Profile: { Name: 'System Administrator', PermissionsModifyAllData: true },
};

describe('sf eca deploy (command)', () => {
  const $$ = new TestContext();
  after(() => removeCommandProject($$));
  const testOrg = new MockTestOrgData();
  testOrg.orgId = '00DTT0000000042AAA';
  let projectDir: string;
  let users: OrgUser[];
  /** The PermissionSetAssignment rows of the users asked by username, and the holder of a permission set. */
  let assignments: unknown[];
  let holders: unknown[];
  let queries: string[];
  let deployCalls: Array<{
    types: string[];
    options: unknown;
    files: Record<string, string>;
    paths: string[];
    apiVersion?: string;
  }>;
  /** The org's ExternalClientApplication rows: empty for a new app. */
  let appRows: Array<{ Id: string }>;
  /** What readMetadata answers for the Global OAuth settings (an Error: the org refuses the read). */
  let orgGlobal: Record<string, unknown> | Error;
  let metadataReads: Array<{ type: string; name: string }>;
  let deployAnswers: ScriptedAnswer[];
  let ux: CommandUx;

  const writeApp = (
    app: AppSpec,
    edit: (xml: string, type: string) => string = (xml) => xml,
  ): Record<string, string> => {
    const paths: Record<string, string> = {};
    for (const file of renderAppFiles(app)) {
      const path = join(projectDir, 'force-app/main/default', file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, edit(file.xml, file.type));
      paths[file.type] = path;
    }
    return paths;
  };

  /** An edit for writeApp: `element` added as the last child of the file of `type`. */
  const adding =
    (type: string, element: string) =>
    (xml: string, fileType: string): string =>
      fileType === type ? xml.replace(`</${type}>`, `    ${element}\n</${type}>`) : xml;

  /** The error `sf eca deploy --target-org my-org ...args` ends with (undefined when it succeeds). */
  const deployError = (...args: string[]): Promise<(Error & { actions?: string[] }) | undefined> =>
    EcaDeploy.run(['--target-org', 'my-org', ...args]).then(
      () => undefined,
      (caught: Error & { actions?: string[] }) => caught,
    );

  const output = (): string => [...ux.log.args.flat(), ...ux.warn.args.flat()].map(String).join('\n');

  beforeEach(async () => {
    projectDir = await setUpCommandProject($$, testOrg);
    users = [integrationUser];
    assignments = [];
    holders = [];
    queries = [];
    deployCalls = [];
    deployAnswers = [{ status: 'Succeeded' }];
    appRows = [];
    orgGlobal = {};
    metadataReads = [];
    ux = stubCommandUx($$.SANDBOX, EcaDeploy);
    $$.SANDBOX.stub(Connection.prototype, 'retrieveMaxApiVersion').resolves('68.0');
    const { metadata } = (await Org.create({ aliasOrUsername: testOrg.username })).getConnection();
    $$.SANDBOX.stub(
      Object.getPrototypeOf(metadata) as { read: (type: string, name: string) => Promise<unknown> },
      'read',
    ).callsFake((type: string, name: string) => {
      metadataReads.push({ type, name });
      return orgGlobal instanceof Error ? Promise.reject(orgGlobal) : Promise.resolve({ fullName: name, ...orgGlobal });
    });
    process.exitCode = undefined;

    const answerQuery = (url: string): AnyJson => {
      const soql = decodeURIComponent(new URL(url, 'https://x').searchParams.get('q') ?? '').replace(/\+/g, ' ');
      queries.push(soql);
      let records: unknown[] = [];
      if (soql.includes('FROM User WHERE Username')) records = users;
      if (soql.includes('FROM ExternalClientApplication')) records = appRows;
      if (soql.includes('FROM PermissionSetAssignment WHERE Assignee.Username')) records = assignments;
      if (soql.includes('FROM PermissionSetAssignment WHERE PermissionSet.Name')) records = holders;
      if (soql.includes('FROM PermissionSet WHERE Name'))
        records = [{ Id: '0PS000000000001AAA', Name: 'ECA_Integration' }];
      return { totalSize: records.length, done: true, records } as AnyJson;
    };
    $$.fakeConnectionRequest = (request: AnyJson): Promise<AnyJson> => {
      const url = typeof request === 'string' ? request : String((request as { url: string }).url);
      if (url.endsWith('/composite')) {
        const { compositeRequest } = JSON.parse(String((request as { body: string }).body)) as {
          compositeRequest: Array<{ url: string; referenceId: string }>;
        };
        return Promise.resolve({
          compositeResponse: compositeRequest.map((sub) => ({
            referenceId: sub.referenceId,
            httpStatusCode: 200,
            httpHeaders: {},
            body: answerQuery(sub.url),
          })),
        } as AnyJson);
      }
      if (url.includes('/query')) return Promise.resolve(answerQuery(url));
      if (url.includes('/apps/oauth/credentials/0xI000000000001AAA/')) {
        return Promise.resolve({ id: '0Cs000000000001AAA', key: '3MVG9CONSUMERKEY', secret: SECRET } as AnyJson);
      }
      if (url.includes('/apps/oauth/credentials/0xI000000000001AAA')) {
        return Promise.resolve({
          consumers: [{ id: '0Cs000000000001AAA', key: '3MVG9CONSUMERKEY', name: 'Billing_Sync' }],
        } as AnyJson);
      }
      return Promise.reject(new Error(`unexpected request ${url}`));
    };

    $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').callsFake(async function (this: ComponentSet, options: unknown) {
      const index = deployCalls.length;
      const components = this.getSourceComponents().toArray();
      deployCalls.push({
        types: components.map((component) => component.type.name),
        options,
        files: Object.fromEntries(
          components.map((component) => [component.type.name, readFileSync(component.xml!, 'utf8')]),
        ),
        paths: components.map((component) => component.xml!),
        apiVersion: this.apiVersion,
      });
      const answer = deployAnswers[Math.min(index, deployAnswers.length - 1)];
      if (answer.status === 'Succeeded' && !(options as { apiOptions?: { checkOnly?: boolean } }).apiOptions?.checkOnly)
        appRows = [{ Id: '0xI000000000001AAA' }];
      return Promise.resolve(scriptedDeploy(components, answer, `0Af00000000000${index}AAA`));
    });
  });

  afterEach(() => {
    $$.restore();
    process.exitCode = undefined;
  });

  it('deploys the five files, prints the consumer key and the next command, never the secret', async () => {
    writeApp(spec());
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(deployCalls).to.have.length(1);
    expect(deployCalls[0].types).to.have.length(5);
    expect(deployCalls[0].options).to.deep.include({
      apiOptions: { checkOnly: false, rollbackOnError: true, rest: false },
    });
    expect(result.metadataApi).to.equal('SOAP');
    expect(output()).not.to.include('JWT-format');
    expect(result).to.deep.include({
      app: 'Billing_Sync',
      targetOrg: testOrg.username,
      status: 'Succeeded',
      checkOnly: false,
      twoPhase: false,
      consumerKey: '3MVG9CONSUMERKEY',
    });
    expect(result.files.map((file) => file.type)).to.include('ExtlClntAppOauthConfigurablePolicies');
    expect(result.preflight.map((check) => `${check.check}:${check.status}`)).to.deep.equal([
      'run-as-user-exists:pass',
      'run-as-user-active:pass',
      'run-as-user-not-admin:pass',
      'run-as-user-api-only:pass',
    ]);
    const printed = output();
    expect(printed).to.include('Consumer key: 3MVG9CONSUMERKEY');
    expect(printed).to.include('sf eca verify --name Billing_Sync --target-org my-org');
    expect(printed).not.to.include(SECRET);
    expect(JSON.stringify(result)).not.to.include(SECRET);
    expect(process.exitCode ?? 0).to.equal(0);
  });

  it('lists the deployed components as sf project deploy start does, and carries nextCommand in --json', async () => {
    writeApp(spec());
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(result.nextCommand).to.equal('sf eca verify --name Billing_Sync --target-org my-org');
    expect(result.components.map((item) => `${item.state} ${item.type}`)).to.include(
      'Created ExternalClientApplication',
    );
    const lines = output().split('\n');
    const heading = lines.findIndex((line) => line === 'Deployed Source');
    expect(heading, output()).to.be.greaterThan(-1);
    expect(lines[heading + 1].trim().split(/\s{2,}/)).to.deep.equal(['State', 'Name', 'Type', 'Path']);
    expect(lines[heading + 2].trim().split(/\s{2,}/)).to.have.length(4);
    expect(output()).to.match(
      /Created\s+Billing_Sync\s+ExternalClientApplication\s+force-app\/main\/default\/externalClientApps\/Billing_Sync\.eca-meta\.xml/,
    );
  });

  describe('for a JWT app, the next command names a user the app admits with --username', () => {
    const jwtApp = (permissionSets: string[]): AppSpec =>
      specWith({
        oauth: { flows: ['jwt-bearer'], certificate: RSA_2048_PEM, callbackUrls: ['https://billing.example.com/cb'] },
        policies: { permissionSets },
      });
    const deployingUser = (): OrgUser => ({
      Id: '005000000000009AAA',
      Username: testOrg.username,
      IsActive: true,
      Profile: { Name: 'System Administrator' },
    });

    it('the deploying user when it holds one of the permission sets the app admits', async () => {
      writeApp(jwtApp(['ECA_Integration']));
      users = [deployingUser()];
      assignments = [{ AssigneeId: '005000000000009AAA', PermissionSet: { Name: 'ECA_Integration' } }];
      holders = [{ AssigneeId: RUN_AS, Assignee: { Username: RUN_AS }, PermissionSet: { Name: 'ECA_Integration' } }];
      const result = await EcaDeploy.run(['--target-org', 'my-org']);
      expect(result.nextCommand).to.equal(
        `sf eca verify --name Billing_Sync --target-org my-org --username ${testOrg.username}`,
      );
      expect(result.verifyingUser?.reason).to.equal('deploying-user');
      expect(result.nextCommandNote).to.equal(undefined);
      expect(queries.some((soql) => soql.includes(`Assignee.Username IN ('${testOrg.username}')`))).to.equal(true);
      expect(output()).to.include(`  ${result.nextCommand}\n`.trimEnd());
      expect(output()).not.to.match(/sf [^\n]*\.$/m);
    });

    it('else an active user who holds it, and the line under the command says why', async () => {
      writeApp(jwtApp(['ECA_Integration']));
      users = [deployingUser()];
      holders = [
        {
          AssigneeId: '005000000000001AAA',
          Assignee: { Username: RUN_AS },
          PermissionSet: { Name: 'ECA_Integration' },
        },
      ];
      const result = await EcaDeploy.run(['--target-org', 'my-org']);
      expect(result.nextCommand).to.equal(`sf eca verify --name Billing_Sync --target-org my-org --username ${RUN_AS}`);
      const lines = output().split('\n');
      const at = lines.indexOf(`  ${result.nextCommand}`);
      expect(at, output()).to.be.greaterThan(-1);
      expect(lines[at + 1]).to.equal(`  ${result.nextCommandNote ?? ''}`);
      expect(result.nextCommandNote).to.include(`You (${testOrg.username}) are not admitted`);
    });

    it('a placeholder, and who to put in, when the app admits nobody in particular', async () => {
      writeApp(jwtApp([]));
      const result = await EcaDeploy.run(['--target-org', 'my-org']);
      expect(result.nextCommand).to.equal(
        'sf eca verify --name Billing_Sync --target-org my-org --username <username>',
      );
      expect(result.verifyingUser?.reason).to.equal('nobody-admitted');
      expect(output()).to.include('Put in for <username> a user the app admits');
    });
  });

  it('--dry-run validates (checkOnly) and reads no consumer key', async () => {
    writeApp(spec());
    const result = await EcaDeploy.run(['--target-org', 'my-org', '--dry-run']);
    expect(deployCalls[0].options).to.deep.include({
      apiOptions: { checkOnly: true, rollbackOnError: true, rest: false },
    });
    expect(result.checkOnly).to.equal(true);
    expect(result.consumerKey).to.equal(undefined);
    // The one ExternalClientApplication query is the pre-flight's new-or-existing check; no credentials are read.
    expect(queries.filter((soql) => soql.includes('ExternalClientApplication'))).to.have.length(1);
    expect(output()).to.include('nothing was deployed');
  });

  it('refuses an administrator run-as user before any deploy, with the seed advice', async () => {
    users = [adminUser];
    writeApp(spec());
    const error = await deployError();
    expect(error?.message).to.match(/is an administrator \(profile System Administrator/);
    expect(error?.actions?.join('\n')).to.include('Pair the app with a dedicated integration user, not an admin.');
    expect(deployCalls).to.have.length(0);
  });

  it('refuses a run-as user the org does not have, before any deploy', async () => {
    users = [];
    writeApp(spec());
    const error = await deployError();
    expect(error?.message).to.include(`Run-as user ${RUN_AS} doesn't exist`);
    expect(deployCalls).to.have.length(0);
  });

  it('--allow-admin-run-as-user deploys anyway, with a loud warning', async () => {
    users = [adminUser];
    writeApp(spec());
    const result = await EcaDeploy.run(['--target-org', 'my-org', '--allow-admin-run-as-user']);
    expect(deployCalls).to.have.length(1);
    expect(result.warnings.join('\n')).to.include('--allow-admin-run-as-user: deploying although');
  });

  it('catches a hand edit that breaks the rules before any request', async () => {
    writeApp(spec(), (xml, type) =>
      type === 'ExtlClntAppOauthSettings'
        ? xml.replace(/<commaSeparatedOauthScopes>[^<]*</, '<commaSeparatedOauthScopes>Api, Bogus<')
        : xml,
    );
    const error = await deployError();
    expect(error?.name).to.equal('InvalidAppError');
    expect(error?.message).to.include('Bogus');
    // @salesforce/core may refresh its cached org information (FROM Organization) while resolving --target-org.
    expect(queries.filter((soql) => !soql.includes('FROM Organization'))).to.deep.equal([]);
    expect(deployCalls).to.have.length(0);
  });

  it('leaves org-specific fields out of the deployment, with a warning, and the source untouched', async () => {
    const paths = writeApp(
      spec(),
      adding('ExternalClientApplication', '<orgScopedExternalApp>00D000000000001:Billing_Sync</orgScopedExternalApp>'),
    );
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(deployCalls[0].files.ExternalClientApplication).not.to.include('orgScopedExternalApp');
    expect(readFileSync(paths.ExternalClientApplication, 'utf8')).to.include('<orgScopedExternalApp>');
    expect(result.warnings.join('\n')).to.match(/orgScopedExternalApp names another org.*left out of the deployment/);
    expect(result.leftOut).to.deep.equal([
      {
        path: paths.ExternalClientApplication,
        field: 'orgScopedExternalApp',
        reason: 'names-another-org',
        namedOrg: '00D000000000001',
      },
    ]);
  });

  it("leaves out a prettier-formatted oauthLink, not a commented one, and keeps the target org's own value", async () => {
    const own = `${testOrg.orgId.slice(0, 15)}:Billing_Sync`;
    const paths = writeApp(spec(), (xml, type) => {
      if (type === 'ExtlClntAppOauthSettings')
        return xml.replace(
          '</ExtlClntAppOauthSettings>',
          '    <!-- <oauthLink>00D000000000009:888000000000009</oauthLink> -->\n    <oauthLink\n    >00DIT000002Kg4l:888IT0000004Cb1</oauthLink>\n</ExtlClntAppOauthSettings>',
        );
      if (type === 'ExternalClientApplication')
        return xml.replace(
          '</ExternalClientApplication>',
          `    <orgScopedExternalApp>${own}</orgScopedExternalApp>\n</ExternalClientApplication>`,
        );
      return xml;
    });
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    const sent = deployCalls[0].files.ExtlClntAppOauthSettings;
    expect(sent).not.to.include('00DIT000002Kg4l');
    expect(sent).to.include('<!-- <oauthLink>00D000000000009:888000000000009</oauthLink> -->');
    expect(deployCalls[0].files.ExternalClientApplication).to.include(
      `<orgScopedExternalApp>${own}</orgScopedExternalApp>`,
    );
    expect(readFileSync(paths.ExtlClntAppOauthSettings, 'utf8')).to.include('00DIT000002Kg4l');
    expect(result.leftOut.map((item) => `${item.field}:${item.reason}`)).to.deep.equal(['oauthLink:names-another-org']);
    expect(output()).to.include('Left out of the deployment');
    expect(output()).to.match(/Billing_Sync\w*\.ecaOauth-meta\.xml: oauthLink \(names another org\)/);
  });

  it('deploys a consumerKey in the Global file as written, with a warning', async () => {
    writeApp(spec(), adding('ExtlClntAppGlobalOauthSettings', '<consumerKey>3MVG9OWNKEY</consumerKey>'));
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(deployCalls[0].files.ExtlClntAppGlobalOauthSettings).to.include('<consumerKey>3MVG9OWNKEY</consumerKey>');
    expect(result.warnings.join('\n')).to.match(/carries a consumerKey: it is deployed as written/);
    expect(result.warnings.join('\n')).not.to.include('3MVG9OWNKEY');
  });

  it('refuses a consumerSecret in the Global file before any request, naming the file, the field and the fix', async () => {
    writeApp(spec(), adding('ExtlClntAppGlobalOauthSettings', `<consumerSecret>${SECRET}</consumerSecret>`));
    const error = await deployError();
    expect(error?.name).to.equal('SecretInSourceError');
    expect(error?.message).to.match(
      /extlClntAppGlobalOauthSets\/Billing_Sync\w*\.ecaGlblOauth-meta\.xml carries a consumerSecret/,
    );
    expect(error?.message).not.to.include(SECRET);
    expect(error?.actions?.join('\n')).to.include('rotate the secret');
    expect(error?.actions?.join('\n')).to.include('--allow-secret-in-source');
    expect(queries.filter((soql) => !soql.includes('FROM Organization'))).to.deep.equal([]);
    expect(deployCalls).to.have.length(0);

    const result = await EcaDeploy.run(['--target-org', 'my-org', '--allow-secret-in-source']);
    expect(deployCalls).to.have.length(1);
    expect(result.warnings.join('\n')).to.match(/--allow-secret-in-source: .* rotate the secret/);
    expect(JSON.stringify(result)).not.to.include(SECRET);
  });

  it("deploys at the org's highest API version, and refuses a file needing more, before any deploy", async () => {
    const paths = writeApp(spec(), adding('ExtlClntAppGlobalOauthSettings', '<isDPopEnabled>false</isDPopEnabled>'));
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(result.apiVersion).to.equal('68.0');
    expect(deployCalls[0].apiVersion).to.equal('68.0');

    (Connection.prototype.retrieveMaxApiVersion as unknown as { resolves: (v: string) => void }).resolves('66.0');
    deployCalls = [];
    const error = await deployError();
    expect(error?.name).to.equal('ApiVersionOrgTooLowError');
    expect(error?.message).to.equal(
      `${paths.ExtlClntAppGlobalOauthSettings.slice(projectDir.length + 1)} needs API version 67.0 or later for isDPopEnabled, but the target org offers 66.0 at most; nothing was deployed.`,
    );
    expect(error?.actions?.join('\n')).to.include('Remove isDPopEnabled from');
    expect(deployCalls).to.have.length(0);
  });

  it('--api-version wins, but a file needing more is refused before any request', async () => {
    writeApp(
      spec(),
      adding('ExtlClntAppGlobalOauthSettings', '<isEnforceRefreshTokenTTL>true</isEnforceRefreshTokenTTL>'),
    );
    const error = await deployError('--api-version', '66.0');
    expect(error?.name).to.equal('ApiVersionFlagTooLowError');
    expect(error?.message).to.match(
      /Billing_Sync\w*\.ecaGlblOauth-meta\.xml needs API version 67\.0 or later for isEnforceRefreshTokenTTL, but --api-version is 66\.0/,
    );
    expect(error?.actions?.join('\n')).to.include('--api-version 67.0 or later');
    expect(queries.filter((soql) => !soql.includes('FROM Organization'))).to.deep.equal([]);
    expect(deployCalls).to.have.length(0);

    const result = await EcaDeploy.run(['--target-org', 'my-org', '--api-version', '67.0']);
    expect(result.apiVersion).to.equal('67.0');
    expect(deployCalls[0].apiVersion).to.equal('67.0');
  });

  it("refuses to redeploy an existing app's Global file without the certificate the org holds", async () => {
    appRows = [{ Id: '0xI000000000001AAA' }];
    orgGlobal = { certificate: 'MIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUAMBExDzANBgNVBAMMBnVudXNlZDAe' };
    const paths = writeApp(spec());
    const error = await deployError();
    const component = basename(paths.ExtlClntAppGlobalOauthSettings).replace('.ecaGlblOauth-meta.xml', '');
    expect(metadataReads).to.deep.equal([{ type: 'ExtlClntAppGlobalOauthSettings', name: component }]);
    expect(error?.name).to.equal('CertificateRemovalError');
    expect(error?.message).to.include(
      `${paths.ExtlClntAppGlobalOauthSettings.slice(projectDir.length + 1)} has no certificate, but the org's ${component} has one`,
    );
    expect(error?.actions?.join('\n')).to.include('--allow-certificate-removal');
    expect(deployCalls).to.have.length(0);

    const result = await EcaDeploy.run(['--target-org', 'my-org', '--allow-certificate-removal', '--json']);
    expect(deployCalls).to.have.length(1);
    expect(result.certificateCheck).to.equal('would-clear');
    expect(result.warnings.join('\n')).to.include('--allow-certificate-removal: ');
  });

  it('checks the certificate only for an existing app, once, and goes on with a note when the org refuses', async () => {
    writeApp(spec());
    const fresh = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(metadataReads).to.deep.equal([]);
    expect(fresh.certificateCheck).to.equal('not-needed');

    appRows = [{ Id: '0xI000000000001AAA' }];
    orgGlobal = new Error('INVALID_TYPE: Cannot read type ExtlClntAppGlobalOauthSettings');
    const redeploy = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(metadataReads).to.have.length(1);
    expect(redeploy.certificateCheck).to.equal('skipped');
    expect(redeploy.warnings.join('\n')).to.match(
      /Couldn't check whether the org's Billing_Sync\w* has a certificate \(INVALID_TYPE/,
    );

    orgGlobal = {};
    const clean = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(clean.certificateCheck).to.equal('none-in-org');
    expect(metadataReads).to.have.length(2);
  });

  it('deploys over the Metadata REST API when the org session is a JWT-format access token, and says so', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjIzOCJ9.eyJzY3AiOiJhcGkiLCJzdWIiOiIwMDUifQ.c2lnbmF0dXJl';
    const getConnection = Org.prototype.getConnection;
    $$.SANDBOX.stub(Org.prototype, 'getConnection').callsFake(function (this: Org, version?: string) {
      const connection = getConnection.call(this, version);
      connection.accessToken = jwt;
      return connection;
    });
    writeApp(spec());
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(deployCalls[0].options).to.deep.include({
      apiOptions: { checkOnly: false, rollbackOnError: true, rest: true },
    });
    expect(result.metadataApi).to.equal('REST');
    expect(output()).to.include('The org session is a JWT-format access token, which the SOAP API refuses');

    // A redeploy: the certificate check would need SOAP, so it is skipped with a note, without a request.
    const redeploy = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(redeploy.certificateCheck).to.equal('skipped');
    expect(metadataReads).to.deep.equal([]);
    expect(redeploy.warnings.join('\n')).to.include('the org session is a JWT-format access token');
  });

  it('asks which app when the project holds several, and finds one by --name', async () => {
    writeApp(spec('Billing_Sync'));
    writeApp(spec('Payroll_Feed'));
    const error = await deployError();
    expect(error?.message).to.include('Billing_Sync, Payroll_Feed');
    const result = await EcaDeploy.run(['--target-org', 'my-org', '--name', 'Payroll_Feed']);
    expect(result.app).to.equal('Payroll_Feed');
    const missing = await deployError('--name', 'Nope');
    expect(missing?.message).to.include('No External Client App named Nope');
  });

  it('shows each component problem with file, line and column, and exits 1', async () => {
    writeApp(spec());
    deployAnswers = [
      {
        status: 'Failed',
        failures: [{ type: 'ExtlClntAppOauthConfigurablePolicies', problem: 'no user named x', line: 7 }],
      },
    ];
    const error = await deployError();
    expect(error?.message).to.match(
      /ExtlClntAppOauthConfigurablePolicies (Billing_Sync\w*) \(force-app\/main\/default\/extlClntAppOauthPolicies\/\1\.ecaOauthPlcy-meta\.xml:7:5\): no user named x/,
    );
    expect(process.exitCode).to.equal(1);
  });

  it('under --json, returns the component failures in the result with exit code 1', async () => {
    writeApp(spec());
    deployAnswers = [{ status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'bad', line: 3 }] }];
    const result = await EcaDeploy.run(['--target-org', 'my-org', '--json']);
    expect(result.status).to.equal('Failed');
    expect(result.componentFailures).to.have.length(1);
    expect(result.componentFailures[0]).to.deep.include({
      type: 'ExtlClntAppOauthSettings',
      line: 3,
      column: 5,
      problem: 'bad',
    });
    // The component is named like its file, whichever name the writer gave it.
    const { fullName, file } = result.componentFailures[0];
    expect(fullName).to.match(/^Billing_Sync/);
    expect(file).to.match(new RegExp(`extlClntAppOauthSettings/${fullName}\\.ecaOauth-meta\\.xml$`));
    expect(process.exitCode).to.equal(1);
  });

  it('exits 68 on a partial success and 69 when --wait runs out', async () => {
    writeApp(spec());
    deployAnswers = [
      { status: 'SucceededPartial', failures: [{ type: 'ExtlClntAppConfigurablePolicies', problem: 'skipped' }] },
    ];
    await EcaDeploy.run(['--target-org', 'my-org']);
    expect(process.exitCode).to.equal(68);
    deployAnswers = [{ status: 'InProgress', done: false }];
    deployCalls = [];
    const result: DeployCommandResult = await EcaDeploy.run(['--target-org', 'my-org', '--wait', '2s']);
    expect(process.exitCode).to.equal(69);
    expect(result.status).to.equal('InProgress');
    expect(output()).to.include(`sf project deploy report --job-id ${result.deployId} --target-org my-org`);
  });

  it('falls back to two phases on a cross-reference rejection and says so', async () => {
    writeApp(spec());
    deployAnswers = [
      {
        status: 'Failed',
        failures: [
          {
            type: 'ExtlClntAppGlobalOauthSettings',
            problem: "Billing_Sync doesn't have a valid OAuth settings configuration",
          },
        ],
      },
      { status: 'Succeeded' },
    ];
    const result = await EcaDeploy.run(['--target-org', 'my-org']);
    expect(deployCalls.map((call) => call.types.length)).to.deep.equal([5, 1, 4]);
    expect(result).to.deep.include({ status: 'Succeeded', twoPhase: true });
    expect(output()).to.include('deploying the app first');
  });

  it('--dry-run rejected on cross-references: no fallback, and a warning that says why', async () => {
    writeApp(spec());
    deployAnswers = [
      {
        status: 'Failed',
        failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'INVALID_CROSS_REFERENCE_KEY: Billing_Sync' }],
      },
    ];
    const result = await EcaDeploy.run(['--target-org', 'my-org', '--dry-run', '--json']);
    expect(deployCalls).to.have.length(1);
    expect(result).to.deep.include({ status: 'Failed', twoPhase: false, checkOnly: true });
    expect(result.warnings.join('\n')).to.include("a new app's settings can't be validated before the app exists");
    expect(process.exitCode).to.equal(1);
  });

  it('deploys from a temporary copy that is gone afterwards, leaving the project files in place', async () => {
    const paths = writeApp(spec());
    await EcaDeploy.run(['--target-org', 'my-org']);
    const deployed = deployCalls[0].files;
    expect(Object.keys(deployed)).to.have.length(5);
    expect(deployed.ExtlClntAppOauthConfigurablePolicies).to.equal(
      readFileSync(paths.ExtlClntAppOauthConfigurablePolicies, 'utf8'),
    );
    expect(existsSync(paths.ExternalClientApplication)).to.equal(true);
    expect(deployCalls[0].paths.every((path) => !path.startsWith(projectDir))).to.equal(true);
    expect(deployCalls[0].paths.filter((path) => existsSync(path))).to.deep.equal([]);
  });
});
