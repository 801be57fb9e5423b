/*
 * sf eca convert in-process, on a DX project holding real Connected Apps of the corpus: what it writes, what it
 * reports (terminal and --json), --dry-run, --harden, --api-name, --force, and bad input per app (one that does not
 * parse, a SAML-only app) beside good ones, with nothing half-written.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { TestContext } from '@salesforce/core/testSetup';
import EcaConvert from '../../../src/commands/eca/convert.js';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { expectRejection } from '../../helpers/expectError.js';
import { type CommandUx, stubCommandUx } from '../../helpers/commandUx.js';
import { removeCommandProject } from '../../helpers/commandProject.js';
import { folderSnapshot } from '../../helpers/folderSnapshot.js';

const CORPUS = 'test/fixtures/corpus/connectedapp';
const GITHUB = `${CORPUS}/jxbambrick__Dreamforce-Advanced-CLI/force-app/main/default/connectedApps/GitHub_Actions.connectedApp-meta.xml`;
const POSTMAN = `${CORPUS}/jaumejuanos__sfdx-project/force-app/main/default/connectedApps/Postman.connectedApp-meta.xml`;
const NS = 'http://soap.sforce.com/2006/04/metadata';
const OUT = 'force-app/main/default';

describe('sf eca convert (command)', () => {
  const $$ = new TestContext();
  let project: string;
  let cwd: string;
  let ux: CommandUx;
  const connectedApps = (): string => join(project, OUT, 'connectedApps');

  beforeEach(() => {
    // An exit code another test file's command left must not count as this one's.
    process.exitCode = undefined;
    ux = stubCommandUx($$.SANDBOX, EcaConvert);
    cwd = process.cwd();
    project = mkdtempSync(join(tmpdir(), 'wt-convert-cmd-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
    );
    mkdirSync(connectedApps(), { recursive: true });
    copyFileSync(join(cwd, GITHUB), join(connectedApps(), 'GitHub_Actions.connectedApp-meta.xml'));
    copyFileSync(join(cwd, POSTMAN), join(connectedApps(), 'Postman.connectedApp-meta.xml'));
    process.chdir(project);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(project, { recursive: true, force: true });
    process.exitCode = undefined;
    $$.restore();
  });
  after(() => removeCommandProject($$));

  it('writes the five ECA files of the named app, reports the mapping table, the findings and the next commands', async () => {
    const result = await EcaConvert.run(['--name', 'GitHub_Actions']);
    const files = Object.keys(folderSnapshot(project))
      .filter((f) => !f.includes('connectedApps/'))
      .sort();
    expect(files).to.deep.equal([
      `${OUT}/externalClientApps/GitHub_Actions.eca-meta.xml`,
      `${OUT}/extlClntAppGlobalOauthSets/GitHub_Actions_glbloauth.ecaGlblOauth-meta.xml`,
      `${OUT}/extlClntAppOauthPolicies/GitHub_Actions_oauthPlcy.ecaOauthPlcy-meta.xml`,
      `${OUT}/extlClntAppOauthSettings/GitHub_Actions_oauth.ecaOauth-meta.xml`,
      `${OUT}/extlClntAppPolicies/GitHub_Actions_plcy.ecaPlcy-meta.xml`,
      'sfdx-project.json',
    ]);
    expect(result.newConsumerKey).to.equal(true);
    const [app] = result.apps;
    expect(app).to.deep.include({ name: 'GitHub_Actions', apiName: 'GitHub_Actions', status: 'converted' });
    expect(app.mapping.find((m) => m.field === 'oauthPolicy.refreshTokenPolicy')).to.deep.include({
      ecaField: 'ExtlClntAppOauthConfigurablePolicies.refreshTokenPolicyType',
      value: 'Infinite',
      status: 'changed',
      line: 19,
      column: 9,
    });
    expect(app.mapping.find((m) => m.field === 'oauthConfig.consumerKey')?.status).to.equal('not carried over');
    expect(app.findings.filter((f) => f.fixedBy === '--harden').map((f) => f.rule)).to.include.members([
      'ECA001',
      'ECA003',
    ]);
    expect(app.nextCommands).to.deep.equal([
      'sf eca deploy --name GitHub_Actions --target-org <alias>',
      'sf eca verify --name GitHub_Actions --target-org <alias>',
    ]);
    const logged = ux.log.args.flat().join('\n');
    expect(logged.split('\n')[0]).to.match(/gets a new consumer key and secret/);
    expect(logged).to.include('Migrate to External Client App');
    expect(logged).to.match(
      /^ {2}oauthConfig\.scopes +ExtlClntAppOauthSettings\.commaSeparatedOauthScopes +Full +changed$/m,
    );
    expect(logged).to.match(/ECA001 critical .*Fix: --harden/);
    expect(logged).to.include('sf eca deploy --name GitHub_Actions --target-org <alias>');
    expect(logged).to.not.include(
      '3MVG9Rr0EZ2YOVMYjCwmo9ccjjcyx6e7nDd5y0b7rQbhnbkCztwJWWniztCJM6HI0ldK_ZbLEqvzcCycOnW4D',
    );
    const written = readFileSync(
      join(project, OUT, 'extlClntAppGlobalOauthSets/GitHub_Actions_glbloauth.ecaGlblOauth-meta.xml'),
      'utf8',
    );
    expect(written).to.not.include('consumerKey');
    expect(process.exitCode).to.equal(undefined);
  });

  it('--dry-run prints the files and the mapping and writes nothing', async () => {
    const before = folderSnapshot(project);
    const result = await EcaConvert.run(['--all', '--dry-run']);
    expect(folderSnapshot(project)).to.deep.equal(before);
    expect(result.apps.map((a) => a.name)).to.deep.equal(['GitHub_Actions', 'Postman']);
    expect(result.apps[1].files[0].content).to.match(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ExternalClientApplication/,
    );
    expect(ux.log.args.flat().join('\n')).to.include('Dry run: nothing was written');
  });

  it('--harden lists each change with its value before and after and what it can break', async () => {
    const result = await EcaConvert.run(['--name', 'postman', '--harden']);
    const hardened = result.apps[0].mapping.filter((m) => m.status === 'hardened');
    expect(hardened.map((m) => [m.field, m.before, m.value])).to.deep.include.members([
      ['oauthConfig.isAdminApproved', 'AllSelfAuthorized', 'AdminApprovedPreAuthorized'],
      ['oauthPolicy.ipRelaxation', 'Bypass', 'Enforce'],
    ]);
    expect(hardened.find((m) => m.field === 'oauthConfig.isAdminApproved')?.note).to.match(/lose access until/);
    const policy = readFileSync(
      join(project, OUT, 'extlClntAppOauthPolicies/Postman_oauthPlcy.ecaOauthPlcy-meta.xml'),
      'utf8',
    );
    expect(policy).to.include('<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>');
    expect(policy).to.include('<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>');
    expect(ux.log.args.flat().join('\n')).to.match(/oauthPolicy\.ipRelaxation \(Bypass -> Enforce\): /);
  });

  it('--api-name names the new app; a clash with an existing ECA is refused unless --force', async () => {
    await EcaConvert.run(['--name', 'GitHub_Actions', '--api-name', 'GitHub_CI']);
    expect(existsSync(join(project, OUT, 'externalClientApps/GitHub_CI.eca-meta.xml'))).to.equal(true);
    const before = folderSnapshot(project);
    const again = await EcaConvert.run(['--name', 'GitHub_Actions', '--api-name', 'GitHub_CI']);
    expect(again.apps[0].status).to.equal('notConvertible');
    expect(again.apps[0].problems[0]).to.match(/An External Client App named GitHub_CI exists already/);
    expect(process.exitCode).to.equal(1);
    expect(folderSnapshot(project)).to.deep.equal(before);
    process.exitCode = undefined;
    const forced = await EcaConvert.run(['--name', 'GitHub_Actions', '--api-name', 'GitHub_CI', '--force']);
    expect(forced.apps[0].status).to.equal('converted');
  });

  it('reports a file that does not parse and a SAML-only app, and still converts the others (exit 68)', async () => {
    writeFileSync(
      join(connectedApps(), 'Broken.connectedApp-meta.xml'),
      `<ConnectedApp xmlns="${NS}">\n    <label>B</labl>\n</ConnectedApp>\n`,
    );
    writeFileSync(
      join(connectedApps(), 'Sso.connectedApp-meta.xml'),
      `<ConnectedApp xmlns="${NS}"><contactEmail>a@example.com</contactEmail><label>Sso</label><samlConfig><acsUrl>https://sp.example.com/acs</acsUrl></samlConfig></ConnectedApp>`,
    );
    const result = await EcaConvert.run(['--all']);
    const byName = Object.fromEntries(result.apps.map((a) => [a.name, a]));
    expect(byName.Broken.status).to.equal('notConvertible');
    expect(byName.Broken.problems[0]).to.match(/Broken\.connectedApp-meta\.xml:2:19: the file is not well-formed XML/);
    expect(byName.Sso.status).to.equal('notConvertible');
    expect(byName.Sso.problems[0]).to.match(/SAML settings but no OAuth configuration/);
    expect(byName.Sso.mapping.find((m) => m.field === 'samlConfig')?.status).to.equal('not carried over');
    expect(byName.GitHub_Actions.status).to.equal('converted');
    expect(byName.Postman.status).to.equal('converted');
    expect(existsSync(join(project, OUT, 'externalClientApps/Broken.eca-meta.xml'))).to.equal(false);
    expect(existsSync(join(project, OUT, 'externalClientApps/Sso.eca-meta.xml'))).to.equal(false);
    expect(process.exitCode).to.equal(68);
    expect(ux.warn.args.flat().join('\n')).to.match(/Broken was not converted/);
  });

  it('refuses to run without --name or --all, and names what it found for an unknown name', async () => {
    await expectRejection(EcaConvert.run([]), /Name the Connected Apps to convert with --name/);
    await expectRejection(EcaConvert.run(['--name', 'Nope']), /No Connected App named Nope .*GitHub_Actions, Postman/);
  });

  it('refuses --api-name with --all or several --name values', async () => {
    await expectRejection(EcaConvert.run(['--all', '--api-name', 'X']), /--api-name names one app/);
    await expectRejection(
      EcaConvert.run(['--name', 'Postman', '--name', 'GitHub_Actions', '--api-name', 'X']),
      /--api-name names one app/,
    );
  });

  it('says so when a folder holds no Connected App', async () => {
    mkdirSync(join(project, 'empty'));
    await expectRejection(EcaConvert.run(['--all', '--source-dir', 'empty']), /No Connected App under .*empty/);
  });

  it('converts a metadata-format file (connectedApps/X.connectedApp) from --source-dir; the files parse back', async () => {
    const legacy = join(project, 'legacy', 'connectedApps');
    mkdirSync(legacy, { recursive: true });
    copyFileSync(join(cwd, GITHUB), join(legacy, 'Legacy_App.connectedApp'));
    const result = await EcaConvert.run(['--name', 'Legacy_App', '--source-dir', 'legacy', '--output-dir', 'out']);
    expect(result.apps[0].status).to.equal('converted');
    const parsed = parseAppFiles(
      result.apps[0].files.map((f) => ({ path: f.path, xml: readFileSync(f.path, 'utf8') })),
    );
    expect(parsed.spec.apiName).to.equal('Legacy_App');
    expect(parsed.spec.oauth.scopes).to.deep.equal(['Full']);
    expect(result.apps[0].files[0].path).to.equal(join(project, 'out/externalClientApps/Legacy_App.eca-meta.xml'));
  });
});
