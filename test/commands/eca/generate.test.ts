import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type sinon from 'sinon';
import { TestContext } from '@salesforce/core/testSetup';
import EcaGenerate from '../../../src/commands/eca/generate.js';
import { expectRejection } from '../../helpers/expectError.js';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { retrieveCertificateBody } from '../../../src/model/certificate.js';
import { RSA_2048_PEM } from '../../helpers/testCertificates.js';
import { generateCertificate } from '../../../src/keys/generateKeyPair.js';
import { folderSnapshot } from '../../helpers/folderSnapshot.js';

const APP = ['--name', 'Billing & <Sync>', '--contact-email', 'integrations@example.com'];
const CC = [
  ...APP,
  '--flow',
  'client-credentials',
  '--run-as-user',
  'int@example.com',
  '--callback-url',
  'https://billing.example.com/cb',
];
/** The web server flow: what the public client and callback tests add to. */
const WEB_SERVER_APP = [...APP, '--flow', 'web-server'];
/** The JWT bearer flow with a callback: what the certificate tests add to. */
const JWT_APP = [...APP, '--flow', 'jwt-bearer', '--callback-url', 'https://x.example.com/cb'];
/** A JWT bearer app for the CI profile with a key pair generate makes, or finds and keeps. */
const JWT = [...JWT_APP, '--profile', 'CI', '--generate-certificate'];
/** The JWT bearer flow as a dry run for the CI permission set, its certificate from `certificate`. */
const ciJwtDryRun = (...certificate: string[]): string[] => [
  ...APP,
  '--flow',
  'jwt-bearer',
  ...certificate,
  '--callback-url',
  'https://ci.example.com/cb',
  '--permission-set',
  'CI',
  '--dry-run',
];

describe('sf eca generate (command)', () => {
  const $$ = new TestContext();
  let project: string;
  let cwd: string;
  let home: string | undefined;
  let ux: { log: sinon.SinonStub; warn: sinon.SinonStub; logToStderr: sinon.SinonStub };

  beforeEach(() => {
    ux = {
      log: $$.SANDBOX.stub(EcaGenerate.prototype, 'log'),
      warn: $$.SANDBOX.stub(EcaGenerate.prototype, 'warn'),
      logToStderr: $$.SANDBOX.stub(EcaGenerate.prototype, 'logToStderr'),
    };
    cwd = process.cwd();
    project = mkdtempSync(join(tmpdir(), 'eca-gen-'));
    // No default org from the person's own ~/.sf/config.json: the next command names the one a test sets.
    home = process.env.HOME;
    process.env.HOME = project;
    delete process.env.SF_TARGET_ORG;
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'apps/core' }, { path: 'apps/billing', default: true }] }),
    );
    process.chdir(project);
  });
  afterEach(() => {
    process.chdir(cwd);
    $$.restore();
    rmSync(project, { recursive: true, force: true });
    process.env.HOME = home;
  });

  const warnedMessages = (): string[] =>
    ux.warn.getCalls().map((call) => {
      const warning = call.args[0] as string | { message: string };
      return typeof warning === 'string' ? warning : warning.message;
    });

  it('writes the five files into the default package directory and reports them', async () => {
    const result = await EcaGenerate.run(CC);
    const files = folderSnapshot(project);
    expect(Object.keys(files).sort()).to.deep.equal([
      'apps/billing/main/default/externalClientApps/Billing_Sync.eca-meta.xml',
      'apps/billing/main/default/extlClntAppGlobalOauthSets/Billing_Sync_glbloauth.ecaGlblOauth-meta.xml',
      'apps/billing/main/default/extlClntAppOauthPolicies/Billing_Sync_oauthPlcy.ecaOauthPlcy-meta.xml',
      'apps/billing/main/default/extlClntAppOauthSettings/Billing_Sync_oauth.ecaOauth-meta.xml',
      'apps/billing/main/default/extlClntAppPolicies/Billing_Sync_plcy.ecaPlcy-meta.xml',
      'sfdx-project.json',
    ]);
    expect(result.keptNames).to.equal(undefined);
    expect(files['apps/billing/main/default/externalClientApps/Billing_Sync.eca-meta.xml']).to.include(
      '<label>Billing &amp; &lt;Sync&gt;</label>',
    );
    expect(result.apiName).to.equal('Billing_Sync');
    expect(result.appName).to.equal('Billing & <Sync>');
    expect(result.files.map((f) => f.type)).to.have.length(5);
    expect(result.settings.scopes).to.deep.equal({ value: ['api'], default: true });
    expect(result.settings.flow).to.deep.equal({ value: ['client-credentials'], default: false });
    expect(result.nextCommand).to.equal('sf eca deploy --name Billing_Sync --target-org <alias>');
    const logged = ux.log.args.flat().join('\n');
    expect(logged).to.include('Wrote 5 files for Billing_Sync');
    expect(logged).to.include('Next, deploy the app: sf eca deploy --name Billing_Sync --target-org <alias>');
    expect(logged).to.match(/^ {2}--scopes +api +default$/m);
    expect(logged).to.match(/^ {2}--flow +client-credentials +flag$/m);
    expect(logged).to.match(
      /^ {2}ExtlClntAppOauthSettings +apps\/billing\/main\/default\/extlClntAppOauthSettings\/Billing_Sync_oauth\.ecaOauth-meta\.xml$/m,
    );
    const parsed = parseAppFiles(result.files.map((f) => ({ path: f.path, xml: readFileSync(f.path, 'utf8') })));
    expect(parsed.spec.policies.runAsUser).to.equal('int@example.com');
  });

  it('refuses to overwrite without --force, and is byte-identical with --force', async () => {
    await EcaGenerate.run(CC);
    const first = folderSnapshot(project);
    await expectRejection(EcaGenerate.run(CC), /These files exist already; nothing was written/);
    expect(folderSnapshot(project)).to.deep.equal(first);
    await EcaGenerate.run([...CC, '--force']);
    expect(folderSnapshot(project)).to.deep.equal(first);
  });

  it('keeps the satellite names an earlier version gave the app, and says so', async () => {
    await EcaGenerate.run(CC);
    const dir = join(project, 'apps/billing/main/default');
    const earlier: Record<string, string> = {
      extlClntAppGlobalOauthSets: 'ecaGlblOauth',
      extlClntAppOauthSettings: 'ecaOauth',
      extlClntAppOauthPolicies: 'ecaOauthPlcy',
      extlClntAppPolicies: 'ecaPlcy',
    };
    const setupSuffix: Record<string, string> = {
      extlClntAppGlobalOauthSets: '_glbloauth',
      extlClntAppOauthSettings: '_oauth',
      extlClntAppOauthPolicies: '_oauthPlcy',
      extlClntAppPolicies: '_plcy',
    };
    // Rename the satellites as an earlier version named them: like the app.
    for (const [folder, suffix] of Object.entries(earlier)) {
      const from = join(dir, folder, `Billing_Sync${setupSuffix[folder]}.${suffix}-meta.xml`);
      writeFileSync(join(dir, folder, `Billing_Sync.${suffix}-meta.xml`), readFileSync(from, 'utf8'));
      rmSync(from);
    }
    const before = folderSnapshot(project);
    await expectRejection(EcaGenerate.run(CC), /These files exist already; nothing was written/);
    expect(folderSnapshot(project)).to.deep.equal(before);

    const result = await EcaGenerate.run([...CC, '--force']);
    expect(Object.keys(folderSnapshot(project)).sort()).to.deep.equal(Object.keys(before).sort());
    expect(result.keptNames).to.deep.equal([
      { type: 'ExtlClntAppGlobalOauthSettings', name: 'Billing_Sync' },
      { type: 'ExtlClntAppOauthSettings', name: 'Billing_Sync' },
      { type: 'ExtlClntAppOauthConfigurablePolicies', name: 'Billing_Sync' },
      { type: 'ExtlClntAppConfigurablePolicies', name: 'Billing_Sync' },
    ]);
    expect(readFileSync(join(dir, 'extlClntAppOauthPolicies/Billing_Sync.ecaOauthPlcy-meta.xml'), 'utf8')).to.include(
      '<label>Billing_Sync</label>',
    );
    expect(ux.log.args.flat().join('\n')).to.include(
      'Kept the names an earlier version gave these satellites, so the org updates them instead of refusing a second set: Billing_Sync, Billing_Sync, Billing_Sync, Billing_Sync',
    );
  });

  it('generates an MCP client: public, PKCE, JWT-format tokens, loopback and custom-scheme callbacks', async () => {
    const result = await EcaGenerate.run([
      ...WEB_SERVER_APP,
      '--public-client',
      '--jwt-access-tokens',
      '--scopes',
      'mcp_api,refresh_token',
      '--callback-url',
      'http://127.0.0.1:33418/callback',
      '--callback-url',
      'cursor://anysphere.cursor-mcp/oauth/callback',
      '--permission-set',
      'MCP_Users',
    ]);
    // The custom scheme passes without a warning (PKCE protects its code); loopback http keeps its reminder.
    expect(warnedMessages().map((m) => [m.split(':')[0], m.includes('127.0.0.1')])).to.deep.equal([
      ['--callback-url', true],
    ]);
    expect(result.settings['jwt-access-tokens']).to.deep.equal({ value: true, default: false });
    const global = readFileSync(result.files[1].path, 'utf8');
    for (const line of [
      '<callbackUrl>http://127.0.0.1:33418/callback\ncursor://anysphere.cursor-mcp/oauth/callback</callbackUrl>',
      '<isConsumerSecretOptional>true</isConsumerSecretOptional>',
      '<isNamedUserJwtEnabled>true</isNamedUserJwtEnabled>',
      '<isPkceRequired>true</isPkceRequired>',
    ])
      expect(global).to.include(line);
    expect(readFileSync(result.files[2].path, 'utf8')).to.include(
      '<commaSeparatedOauthScopes>MCP, RefreshToken</commaSeparatedOauthScopes>',
    );
    expect(ux.log.args.flat().join('\n')).to.include('SOAP API calls refuse them');
  });

  it('still refuses a plain http callback that is not loopback, for a public client too', async () => {
    await expectRejection(
      EcaGenerate.run([...WEB_SERVER_APP, '--public-client', '--callback-url', 'http://mcp.example.com/callback']),
      /--callback-url/,
    );
  });

  it('writes the session level and the policy action', async () => {
    const result = await EcaGenerate.run([...CC, '--session-level', 'high-assurance', '--policy-action', 'block']);
    const policy = readFileSync(result.files[3].path, 'utf8');
    expect(policy).to.include('<policyAction>Block</policyAction>');
    expect(policy).to.include('<requiredSessionLevel>HIGH_ASSURANCE</requiredSessionLevel>');
    expect(result.settings['session-level']).to.deep.equal({ value: 'high-assurance', default: false });
    expect(result.settings['policy-action']).to.deep.equal({ value: 'block', default: false });
  });

  it('leaves the disk untouched on a bad flag, naming the flag and the fix', async () => {
    const before = folderSnapshot(project);
    const error = await expectRejection(
      EcaGenerate.run([...APP, '--flow', 'password', '--callback-url', 'https://x.example.com/cb']),
      /--flow: The password flow is refused/,
    );
    expect((error as Error & { actions?: string[] }).actions?.join('\n')).to.include('--flow web-server');
    expect(folderSnapshot(project)).to.deep.equal(before);
  });

  it('prints the files and writes nothing with --dry-run', async () => {
    const result = await EcaGenerate.run([...CC, '--dry-run']);
    expect(folderSnapshot(project)).to.deep.equal({
      'sfdx-project.json': readFileSync(join(project, 'sfdx-project.json'), 'utf8'),
    });
    expect(result.dryRun).to.equal(true);
    expect(result.files[0].content).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ExternalClientApplication/);
    expect(ux.log.args.flat().join('\n')).to.include('Dry run: nothing was written');
  });

  it('writes into --output-dir and records --api-version', async () => {
    const result = await EcaGenerate.run([
      ...CC,
      '--output-dir',
      'out',
      '--api-version',
      '64.0',
      '--api-name',
      'Billing_V2',
    ]);
    expect(result.outputDir).to.equal(join(project, 'out'));
    expect(result.apiVersion).to.equal('64.0');
    expect(existsSync(join(project, 'out/externalClientApps/Billing_V2.eca-meta.xml'))).to.equal(true);
  });

  it('refuses an API version before External Client App policies existed', async () => {
    await expectRejection(EcaGenerate.run([...CC, '--api-version', '59.0']), /API version 59.0 is too old/);
    expect(ux.logToStderr.args.flat().join('\n'))
      .to.include('Error (ApiVersionTooOldError)')
      .and.include('Pass --api-version 60.0 or later');
  });

  for (const bad of ['66', '66.5', 'v66.0', '066.0', 'latest']) {
    it(`refuses --api-version ${bad}, which is not an API version, and writes nothing`, async () => {
      const error = await expectRejection(EcaGenerate.run([...CC, '--api-version', bad]), /is not an API version/);
      expect(error.name).to.equal('ApiVersionFormatError');
      expect(folderSnapshot(project)).to.have.keys(['sfdx-project.json']);
    });
  }

  it('warns, and says which values are defaults', async () => {
    const result = await EcaGenerate.run([
      ...WEB_SERVER_APP,
      '--callback-url',
      'http://localhost:1717/OauthRedirect',
      '--distribution-state',
      'packaged',
    ]);
    expect(warnedMessages().map((m) => m.split(':')[0])).to.deep.equal([
      '--distribution-state',
      '--callback-url',
      '--permission-set',
    ]);
    // One shape: the warnings are the envelope's (name, message, actions), not repeated in the result.
    expect(result).not.to.have.property('warnings');
    expect(ux.warn.firstCall.args[0]).to.have.all.keys('name', 'message', 'actions');
    expect(result.settings['distribution-state']).to.deep.equal({ value: 'packaged', default: false });
    expect(result.settings['refresh-token-validity']).to.deep.equal({ value: '30d', default: true });
    expect(result.settings.scopes).to.deep.equal({ value: ['api', 'refresh_token'], default: true });
  });

  it('takes a certificate file for the JWT bearer flow', async () => {
    mkdirSync(join(project, 'certs'));
    writeFileSync(join(project, 'certs/app.crt'), `subject=CN=test\n${RSA_2048_PEM}\n`);
    const result = await EcaGenerate.run([...JWT_APP, '--profile', 'CI', '--certificate-file', 'certs/app.crt']);
    const global = readFileSync(result.files[1].path, 'utf8');
    expect(global).to.include(`<certificate>${retrieveCertificateBody(RSA_2048_PEM)}</certificate>`);
    expect(global).not.to.include('-----BEGIN');
    expect(result.certificate).to.deep.equal({ source: 'file' });
  });

  it('refuses a private key given as the certificate, without printing it', async () => {
    writeFileSync(
      join(project, 'app.key'),
      '-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n',
    );
    const error = await expectRejection(
      EcaGenerate.run([...JWT_APP, '--certificate-file', 'app.key']),
      /holds a private key, not a certificate/,
    );
    expect(error.message).not.to.include('SECRETKEYMATERIAL');
  });

  it('generates a key and certificate outside the package directories, key 0600 and git-ignored', async () => {
    const result = await EcaGenerate.run(JWT);
    const keyPath = join(project, '.eca-keys/Billing_Sync/Billing_Sync.key');
    expect(result.certificate).to.include({
      source: 'generated',
      keyPath,
      certificatePath: join(project, '.eca-keys/Billing_Sync/Billing_Sync.crt'),
    });
    expect(statSync(keyPath).mode & 0o777).to.equal(0o600);
    expect(readFileSync(join(project, '.eca-keys/.gitignore'), 'utf8')).to.match(/^\*$/m);
    const key = readFileSync(keyPath, 'utf8');
    expect(key).to.match(/^-----BEGIN PRIVATE KEY-----/);
    const certificate = readFileSync(result.certificate!.certificatePath!, 'utf8').trim();
    expect(readFileSync(result.files[1].path, 'utf8')).to.include(
      `<certificate>${retrieveCertificateBody(certificate)}</certificate>`,
    );
    const everything = [
      JSON.stringify(result),
      ...ux.log.args.flat(),
      ...ux.warn.args.flat().map((w) => JSON.stringify(w)),
    ].join('\n');
    expect(everything).not.to.include(key.split('\n')[1]);
    expect(everything).to.include('.key');
    // Another run finds the pair and keeps it: the key a CI job holds stays valid.
    const again = await EcaGenerate.run([...JWT_APP, '--generate-certificate', '--output-dir', 'elsewhere']);
    expect(again.certificate?.keyPair).to.equal('kept');
    expect(readFileSync(keyPath, 'utf8')).to.equal(key);
  });

  describe('an existing key pair (--generate-certificate again)', () => {
    const keyPath = (): string => join(project, '.eca-keys/Billing_Sync/Billing_Sync.key');
    const certificatePath = (): string => join(project, '.eca-keys/Billing_Sync/Billing_Sync.crt');
    const globalSettings = (result: { files: Array<{ path: string }> }): string =>
      readFileSync(result.files[1].path, 'utf8');
    const warned = (name: string): { message: string; actions: string[] } | undefined =>
      ux.warn
        .getCalls()
        .map((call) => call.args[0] as { name?: string; message: string; actions: string[] })
        .find((w) => w.name === name);

    it('is kept with --force: same key, its certificate in the app again, said in one line', async () => {
      await EcaGenerate.run(JWT);
      const key = readFileSync(keyPath(), 'utf8');
      const certificate = readFileSync(certificatePath(), 'utf8');
      const result = await EcaGenerate.run([...JWT, '--force']);
      expect(readFileSync(keyPath(), 'utf8')).to.equal(key);
      expect(readFileSync(certificatePath(), 'utf8')).to.equal(certificate);
      expect(globalSettings(result)).to.include(
        `<certificate>${retrieveCertificateBody(certificate.trim())}</certificate>`,
      );
      expect(result.certificate).to.include({ keyPair: 'kept' });
      expect(result.certificate).not.to.have.property('backupPaths');
      expect(ux.log.args.flat().join('\n')).to.include('Kept the existing key pair (pass --new-key to replace it)');
      expect(readdirSync(join(project, '.eca-keys/Billing_Sync')).sort()).to.deep.equal([
        'Billing_Sync.crt',
        'Billing_Sync.key',
      ]);
    });

    it('is replaced with --new-key, loudly, the old key kept as a 0600 backup', async () => {
      await EcaGenerate.run(JWT);
      const oldKey = readFileSync(keyPath(), 'utf8');
      const oldCertificate = readFileSync(certificatePath(), 'utf8');
      const result = await EcaGenerate.run([...JWT, '--force', '--new-key']);
      const newKey = readFileSync(keyPath(), 'utf8');
      expect(newKey).not.to.equal(oldKey);
      expect(statSync(keyPath()).mode & 0o777).to.equal(0o600);
      expect(result.certificate).to.include({ keyPair: 'replaced' });
      const backups = result.certificate!.backupPaths!;
      expect(backups.map((path) => path.replace(/\.\d{8}T\d{6}Z\.bak$/, '.bak'))).to.deep.equal([
        `${keyPath()}.bak`,
        `${certificatePath()}.bak`,
      ]);
      expect(readFileSync(backups[0], 'utf8')).to.equal(oldKey);
      expect(readFileSync(backups[1], 'utf8')).to.equal(oldCertificate);
      for (const backup of backups) expect(statSync(backup).mode & 0o777).to.equal(0o600);
      const warning = warned('KeyPairReplaced');
      expect(warning?.message).to.include('Replaced the key pair of Billing_Sync').and.to.include('.bak');
      expect(warning?.actions.join(' ')).to.include('.eca-keys/Billing_Sync/Billing_Sync.key');
      expect(JSON.stringify(ux.warn.args) + ux.log.args.flat().join('\n')).not.to.include(oldKey.split('\n')[1]);
      expect(globalSettings(result)).to.include(
        `<certificate>${retrieveCertificateBody(readFileSync(certificatePath(), 'utf8').trim())}</certificate>`,
      );
    });

    it('with --new-key and --dry-run, says what would happen and touches nothing', async () => {
      await EcaGenerate.run(JWT);
      const before = folderSnapshot(project);
      const result = await EcaGenerate.run([...JWT, '--new-key', '--dry-run']);
      expect(folderSnapshot(project)).to.deep.equal(before);
      expect(result.certificate).to.include({ keyPair: 'replaced' });
      expect(warned('KeyPairReplaced')?.message).to.include('--new-key would replace the key pair of Billing_Sync');
    });

    it('refuses a key that does not belong to the certificate, and writes nothing', async () => {
      await EcaGenerate.run(JWT);
      const { privateKeyPem } = await generateCertificate({ apiName: 'Other' });
      writeFileSync(keyPath(), privateKeyPem);
      const before = folderSnapshot(project);
      const error = await expectRejection<Error & { actions?: string[] }>(
        EcaGenerate.run([...JWT, '--force']),
        /does not belong to the certificate/,
      );
      expect(error.name).to.equal('KeyPairMismatchError');
      expect(error.actions?.join(' ')).to.include('--new-key');
      expect(folderSnapshot(project)).to.deep.equal(before);
    });

    it('refuses half a pair, naming the missing file', async () => {
      await EcaGenerate.run(JWT);
      rmSync(certificatePath());
      const error = await expectRejection(EcaGenerate.run([...JWT, '--force']), /Billing_Sync\.crt does not/);
      expect(error.name).to.equal('HalfKeyPairError');
      const replaced = await EcaGenerate.run([...JWT, '--force', '--new-key']);
      expect(replaced.certificate?.backupPaths?.map((path) => path.includes('.key.'))).to.deep.equal([true]);
    });

    it('--new-key needs --generate-certificate', async () => {
      const error = await expectRejection<Error & { exitCode?: number }>(EcaGenerate.run([...CC, '--new-key']));
      expect(error.message).to.include('--generate-certificate');
      expect(error.exitCode).to.equal(2);
    });
  });

  it('writes force-app/main/default outside a project, and warns that deploy needs a project', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'eca-bare-'));
    try {
      process.chdir(bare);
      const result = await EcaGenerate.run(CC);
      expect(result.outputDir).to.equal(join(bare, 'force-app/main/default'));
      const warning = ux.warn.getCalls().find((call) => (call.args[0] as { name?: string }).name === 'OutsideProject');
      expect(warning, 'the outside-a-project warning').not.to.equal(undefined);
      const { message, actions } = warning!.args[0] as { message: string; actions: string[] };
      expect(message).to.include(`no sfdx-project.json in ${bare}`).and.to.include('force-app/main/default');
      expect(actions.join(' ')).to.include('sf project generate');
    } finally {
      process.chdir(cwd);
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('says nothing about the project inside one, nor with --dry-run outside one', async () => {
    await EcaGenerate.run(CC);
    const bare = mkdtempSync(join(tmpdir(), 'eca-bare-'));
    try {
      process.chdir(bare);
      await EcaGenerate.run([...CC, '--dry-run']);
      expect(ux.warn.getCalls().map((call) => (call.args[0] as { name?: string }).name)).not.to.include(
        'OutsideProject',
      );
    } finally {
      process.chdir(cwd);
      rmSync(bare, { recursive: true, force: true });
    }
  });

  const misspelt: Array<[string[], string]> = [
    [['--permitted-users', 'admin-aproved'], 'Did you mean --permitted-users admin-approved?'],
    [['--session-timeout', '45'], 'Did you mean --session-timeout 30 or --session-timeout 60?'],
    [['--distribution-state', 'Local'], 'Did you mean --distribution-state local?'],
  ];
  for (const [flag, action] of misspelt) {
    it(`suggests the value meant for ${flag.join(' ')}, and writes nothing`, async () => {
      const error = await expectRejection<Error & { actions?: string[]; exitCode?: number }>(
        EcaGenerate.run([...CC, ...flag]),
        /to be one of/,
      );
      expect(error.actions?.[0]).to.include(action);
      expect(error.exitCode).to.equal(2);
      expect(String(ux.logToStderr.lastCall.args[0])).to.include('Try this:').and.to.include(action);
      expect(folderSnapshot(project)).to.deep.equal({ 'sfdx-project.json': readFileSync('sfdx-project.json', 'utf8') });
    });
  }

  it("names sf's default org in the next command, when there is one", async () => {
    mkdirSync(join(project, '.sf'));
    writeFileSync(join(project, '.sf', 'config.json'), JSON.stringify({ 'target-org': 'my-sandbox' }));
    const result = await EcaGenerate.run(CC);
    expect(result.nextCommand).to.equal('sf eca deploy --name Billing_Sync --target-org my-sandbox');
  });

  it('names the flag the certificate came from in the settings (there is no --certificate)', async () => {
    const generated = await EcaGenerate.run(ciJwtDryRun('--generate-certificate'));
    expect(generated.settings['generate-certificate']).to.deep.equal({ value: true, default: false });
    expect(generated.settings).not.to.have.property('certificate');
    const certificateFile = join(project, 'cert.pem');
    writeFileSync(certificateFile, RSA_2048_PEM);
    const fromFile = await EcaGenerate.run(ciJwtDryRun('--certificate-file', certificateFile));
    expect(fromFile.settings['certificate-file']).to.deep.equal({ value: true, default: false });
    const table = ux.log.getCalls().map((call) => String(call.args[0]));
    expect(table.some((line) => /^\s*--generate-certificate\s+true\s+flag/.test(line))).to.equal(true);
    expect(table.some((line) => /^\s*--certificate-file\s+true\s+flag/.test(line))).to.equal(true);
    expect(table.some((line) => /^\s*--certificate\s/.test(line))).to.equal(false);
  });
});
