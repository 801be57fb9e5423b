/*
 * sf eca convert end to end: the built CLI against the local org emulator in an isolated HOME. A client-credentials
 * Connected App (held by the org as a legacy app, and in the project as its metadata) is converted, deployed with
 * `sf eca deploy` and proven with `sf eca verify`, by default and with --harden; with --target-org it is retrieved
 * from the org and its clients' OAuth usage listed. Then every example of `sf eca convert --help` runs as written.
 * No output holds a secret of the org.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  addConnectedApp,
  addOauthToken,
  seedConnectedApps,
  authorizeEmulator,
  findApp,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';
import { parseHelpExample, readHelpExamples } from '../helpers/helpExamples.js';
import { expectNoSecrets, secretsOf } from './verifySetup.js';

const ALIAS = 'emu';
const APP = 'Billing_CC';
const NS = 'http://soap.sforce.com/2006/04/metadata';
const CONNECTED_APP = `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="${NS}">
    <contactEmail>integrations@example.com</contactEmail>
    <label>Billing CC</label>
    <oauthConfig>
        <callbackUrl>https://billing.example.com/oauth/callback</callbackUrl>
        <consumerKey>3MVG9legacyConsumerKeyOfTheConnectedApp0000000000000000000000000000000</consumerKey>
        <isAdminApproved>true</isAdminApproved>
        <isClientCredentialEnabled>true</isClientCredentialEnabled>
        <isConsumerSecretOptional>false</isConsumerSecretOptional>
        <isIntrospectAllTokens>false</isIntrospectAllTokens>
        <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>
        <oauthClientCredentialUser>${INTEGRATION_USERNAME}</oauthClientCredentialUser>
        <scopes>Api</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>
    <permissionSetName>ECA_Integration</permissionSetName>
</ConnectedApp>
`;
const CORPUS_DIR = 'test/fixtures/corpus/connectedapp';
const GITHUB =
  'test/fixtures/corpus/connectedapp/jxbambrick__Dreamforce-Advanced-CLI/force-app/main/default/connectedApps/GitHub_Actions.connectedApp-meta.xml';
const POSTMAN =
  'test/fixtures/corpus/connectedapp/jaumejuanos__sfdx-project/force-app/main/default/connectedApps/Postman.connectedApp-meta.xml';

const show = (r: CliResult): string => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

type ConvertJson = {
  newConsumerKey: boolean;
  apps: Array<{ apiName: string; status: string; mapping: Array<{ field: string; status: string; before?: string }> }>;
  oauthUsage?: Array<{ name: string; users: number; lastUsed?: string }>;
};

describe('sf eca convert (e2e): convert -> deploy -> verify against the emulator', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let home: string;
  let project: string;
  const dirs: string[] = [];
  const cli = (args: string[], cwd = project): Promise<CliResult> => runCli(args, { cwd, home });

  function newProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'wt-convert-e2e-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    mkdirSync(join(dir, 'force-app/main/default/connectedApps'), { recursive: true });
    writeFileSync(join(dir, `force-app/main/default/connectedApps/${APP}.connectedApp-meta.xml`), CONNECTED_APP);
    return dir;
  }

  before(async function () {
    this.timeout(120_000);
    emulator = await startEmulator();
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    addConnectedApp(emulator.state, APP, CONNECTED_APP);
    addOauthToken(emulator.state, 'Billing CC', INTEGRATION_USERNAME, 3);
    home = isolatedHome();
    dirs.push(home);
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'my-org' });
    project = newProject();
  });
  after(async () => {
    await emulator?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function convertDeployVerify(apiName: string, extra: string[]): Promise<ConvertJson> {
    const converted = await cli(['eca', 'convert', '--name', APP, '--api-name', apiName, ...extra, '--json']);
    expect(converted.code, show(converted)).to.equal(0);
    const json = parseJson<{ result: ConvertJson }>(converted).result;
    expect(json.apps[0]).to.deep.include({ apiName, status: 'converted' });
    const deployed = await cli(['eca', 'deploy', '--name', apiName, '--target-org', ALIAS, '--json']);
    expect(deployed.code, show(deployed)).to.equal(0);
    expect(findApp(emulator.state, apiName), 'the org holds the new app').to.not.equal(undefined);
    const verified = await cli(['eca', 'verify', '--name', apiName, '--target-org', ALIAS, '--json']);
    expect(verified.code, show(verified)).to.equal(0);
    const result = parseJson<{ result: { flow: string; user?: { username?: string } } }>(verified).result;
    expect(JSON.stringify(result)).to.include(INTEGRATION_USERNAME);
    for (const outcome of [converted, deployed, verified]) expectNoSecrets(outcome, secretsOf(emulator, apiName));
    return json;
  }

  it('default: the ECA keeps the Connected App behaviour, deploys and issues a client-credentials token', async () => {
    const json = await convertDeployVerify(APP, []);
    expect(json.newConsumerKey).to.equal(true);
    const policies = findApp(emulator.state, APP)!.components.ExtlClntAppOauthConfigurablePolicies!.fields;
    expect(policies.ipRelaxationPolicyType).to.equal('Bypass');
    expect(policies.refreshTokenPolicyType).to.equal('Infinite');
    expect(policies.clientCredentialsFlowUser).to.equal(INTEGRATION_USERNAME);
    expect(json.apps[0].mapping.some((m) => m.status === 'hardened')).to.equal(false);
  });

  it('--harden: the secure defaults replace the insecure values, and the app still works', async () => {
    const json = await convertDeployVerify('Billing_CC_Hardened', ['--harden']);
    const hardened = json.apps[0].mapping.filter((m) => m.status === 'hardened').map((m) => [m.field, m.before]);
    expect(hardened).to.deep.include.members([
      ['oauthPolicy.ipRelaxation', 'Bypass'],
      ['oauthPolicy.refreshTokenPolicy', 'Infinite'],
    ]);
    const policies = findApp(emulator.state, 'Billing_CC_Hardened')!.components.ExtlClntAppOauthConfigurablePolicies!
      .fields;
    expect(policies.ipRelaxationPolicyType).to.equal('Enforce');
    expect(policies.refreshTokenPolicyType).to.equal('SpecificInactivity');
  });

  it('--target-org: retrieves the Connected App from the org and lists its OAuth usage', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'wt-convert-e2e-org-'));
    dirs.push(elsewhere);
    writeFileSync(
      join(elsewhere, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
    );
    const before = emulator.requests.length;
    const human = await cli(['eca', 'convert', '--name', APP, '--target-org', ALIAS, '--dry-run'], elsewhere);
    expect(human.code, show(human)).to.equal(0);
    expect(human.stdout).to.match(/OAuth usage of the Connected Apps/);
    expect(human.stdout).to.match(/Billing_CC +users: 1 +last used: \d{4}-\d\d-\d\d/);
    expect(human.stdout).to.include('Connected App Billing_CC -> External Client App Billing_CC: converted');
    // One retrieve (and its status checks) for the apps named, whatever their number: no request per app.
    const soap = emulator.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.startsWith('/services/Soap/m/'));
    expect(soap.length, soap.map((r) => r.path).join(', ')).to.be.within(2, 3);
    const json = await cli(['eca', 'convert', '--name', APP, '--target-org', ALIAS, '--dry-run', '--json'], elsewhere);
    const result = parseJson<{ result: ConvertJson }>(json).result;
    expect(result.oauthUsage).to.have.length(1);
    expect(result.oauthUsage![0]).to.deep.include({ name: APP, users: 1 });
  });

  it('--target-org: a name the org does not hold is an error naming it, and nothing is written', async () => {
    const result = await cli(['eca', 'convert', '--name', 'Not_There', '--target-org', ALIAS, '--json']);
    expect(result.code, show(result)).to.equal(1);
    const error = parseJson<{ message: string; actions?: string[] }>(result);
    expect(error.message).to.match(/No Connected App named Not_There in the org/);
    expect(error.actions?.join('\n')).to.match(/sf org list metadata --metadata-type ConnectedApp/);
  });

  it('--target-org --all: the requests do not grow with the number of Connected Apps', async () => {
    const corpus = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.xml'))
      .map((path) => join(CORPUS_DIR, path));
    seedConnectedApps(emulator.state, corpus);
    const elsewhere = mkdtempSync(join(tmpdir(), 'wt-convert-e2e-all-'));
    dirs.push(elsewhere);
    writeFileSync(
      join(elsewhere, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
    );
    const before = emulator.requests.length;
    const result = await cli(['eca', 'convert', '--all', '--target-org', ALIAS, '--json'], elsewhere);
    const json = parseJson<{ result: ConvertJson }>(result).result;
    expect(json.apps.length).to.be.at.least(23);
    // Some corpus files are templates with placeholders: those are reported, the others written (exit 68).
    expect(result.code, show(result)).to.equal(68);
    expect(json.apps.filter((a) => a.status === 'converted').length).to.be.at.least(18);
    const made = emulator.requests.slice(before);
    const soap = made.filter((r) => r.method === 'POST' && r.path.startsWith('/services/Soap/m/'));
    const data = made.filter((r) => r.path.startsWith('/services/data/'));
    expect(soap.length, soap.map((r) => r.path).join(', ')).to.be.within(3, 4);
    expect(data.length, data.map((r) => `${r.method} ${r.path}?${r.query}`).join(', ')).to.be.at.most(4);
  });

  describe('the examples of sf eca convert --help run as written', () => {
    for (const example of readHelpExamples('eca.convert')) {
      it(example, async () => {
        const dir = newProject();
        cpSync(GITHUB, join(dir, 'force-app/main/default/connectedApps/GitHub_Actions.connectedApp-meta.xml'));
        mkdirSync(join(dir, 'legacy/main/default/connectedApps'), { recursive: true });
        cpSync(POSTMAN, join(dir, 'legacy/main/default/connectedApps/Postman.connectedApp-meta.xml'));
        if (!emulator.state.connectedApps.some((c) => c.fullName === 'GitHub_Actions')) {
          addConnectedApp(emulator.state, 'GitHub_Actions', CONNECTED_APP.replace('Billing CC', 'GitHub Actions'));
        }
        const { args } = parseHelpExample(example, home);
        const result = await cli(['eca', 'convert', ...args], dir);
        expect(result.code, show(result)).to.equal(0);
      });
    }
  });
});
