/*
 * The built CLI (bin/run.js, after `npm run build`) in a temporary DX project, as a user runs it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { parseHelpExample, readHelpExamples } from '../helpers/helpExamples.js';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';
import { schemaProblems } from '../helpers/schemaProblems.js';
import { folderSnapshot } from '../helpers/folderSnapshot.js';

type Envelope<T> = {
  status: number;
  result: T;
  name?: string;
  message?: string;
  actions?: string[];
  warnings?: unknown[];
};
type Result = {
  appName: string;
  apiName: string;
  outputDir: string;
  files: Array<{ type: string; path: string }>;
  settings: Record<string, { value: unknown; default: boolean }>;
  dryRun: boolean;
  nextCommand: string;
};

const ARGS = [
  'eca',
  'generate',
  '--name',
  'Billing Sync',
  '--contact-email',
  'integrations@example.com',
  '--flow',
  'client-credentials',
  '--run-as-user',
  'billing.integration@example.com',
  '--callback-url',
  'https://billing.example.com/callback',
];

const EXPECTED: Record<string, string> = {
  'force-app/main/default/externalClientApps/Billing_Sync.eca-meta.xml': 'ExternalClientApplication',
  'force-app/main/default/extlClntAppGlobalOauthSets/Billing_Sync_glbloauth.ecaGlblOauth-meta.xml':
    'ExtlClntAppGlobalOauthSettings',
  'force-app/main/default/extlClntAppOauthSettings/Billing_Sync_oauth.ecaOauth-meta.xml': 'ExtlClntAppOauthSettings',
  'force-app/main/default/extlClntAppOauthPolicies/Billing_Sync_oauthPlcy.ecaOauthPlcy-meta.xml':
    'ExtlClntAppOauthConfigurablePolicies',
  'force-app/main/default/extlClntAppPolicies/Billing_Sync_plcy.ecaPlcy-meta.xml': 'ExtlClntAppConfigurablePolicies',
};

describe('sf eca generate (built CLI, end to end)', () => {
  let project: string;
  let home: string;

  beforeEach(() => {
    home = isolatedHome();
    project = mkdtempSync(join(tmpdir(), 'eca-e2e-gen-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
  });
  afterEach(() => {
    for (const dir of [home, project]) rmSync(dir, { recursive: true, force: true });
  });

  it('writes five valid files that SDR resolves to their types', async () => {
    const run = await runCli(ARGS, { cwd: project, home });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('Wrote 5 files for Billing_Sync');
    expect(run.stdout).to.include('sf eca deploy --name Billing_Sync --target-org <alias>');
    const files = folderSnapshot(project);
    expect(
      Object.keys(files)
        .filter((p) => p !== 'sfdx-project.json')
        .sort(),
    ).to.deep.equal(Object.keys(EXPECTED).sort());
    expect(
      await schemaProblems(Object.keys(EXPECTED).map((p) => ({ fileName: p.split('/').pop()!, xml: files[p] }))),
    ).to.deep.equal([]);

    const components = ComponentSet.fromSource(join(project, 'force-app')).getSourceComponents().toArray();
    const resolved = Object.fromEntries(components.map((c) => [relative(project, c.xml!), c.type.name]));
    expect(resolved).to.deep.equal(EXPECTED);
    expect(components.map((c) => c.fullName).sort()).to.deep.equal([
      'Billing_Sync',
      'Billing_Sync_glbloauth',
      'Billing_Sync_oauth',
      'Billing_Sync_oauthPlcy',
      'Billing_Sync_plcy',
    ]);
  });

  it('answers --json with the app, files, settings and warnings', async () => {
    const run = await runCli([...ARGS, '--json'], { cwd: project, home });
    expect(run.code, run.stderr).to.equal(0);
    const json = parseJson<Envelope<Result>>(run);
    expect(json.status).to.equal(0);
    expect(json.result).to.include({ appName: 'Billing Sync', apiName: 'Billing_Sync', dryRun: false });
    expect(json.result.outputDir).to.equal(join(project, 'force-app/main/default'));
    expect(json.result.files.map((f) => [relative(project, f.path), f.type])).to.deep.equal(Object.entries(EXPECTED));
    expect(json.result.settings['run-as-user']).to.deep.equal({
      value: 'billing.integration@example.com',
      default: false,
    });
    expect(json.result.settings['session-timeout']).to.deep.equal({ value: 15, default: true });
    expect(json.warnings).to.deep.equal([]);
    expect(json.result, 'warnings live in the envelope only').not.to.have.property('warnings');
  });

  it('leaves the disk untouched on bad input and names the flag', async () => {
    const run = await runCli(
      [...ARGS.slice(0, 6), '--flow', 'username-password', '--callback-url', 'http://billing.example.com/cb', '--json'],
      { cwd: project, home },
    );
    expect(run.code).to.equal(1);
    const json = parseJson<Envelope<unknown>>(run);
    expect(json.message).to.include('--flow: The username-password flow is refused');
    expect(json.message).to.include('--callback-url:');
    expect(json.actions?.join('\n')).to.include('--flow web-server').and.include('--flow client-credentials');
    expect(Object.keys(folderSnapshot(project))).to.deep.equal(['sfdx-project.json']);
  });

  it('refuses to overwrite without --force, and writes byte-identical files with it', async () => {
    expect((await runCli(ARGS, { cwd: project, home })).code).to.equal(0);
    const first = folderSnapshot(project);
    const again = await runCli(ARGS, { cwd: project, home });
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('exist already').and.include('--force');
    const forced = await runCli([...ARGS, '--force'], { cwd: project, home });
    expect(forced.code, forced.stderr).to.equal(0);
    expect(folderSnapshot(project)).to.deep.equal(first);
  });

  it('runs every example of its help', async () => {
    const examples = readHelpExamples('eca.generate');
    expect(examples.length).to.be.greaterThan(2);
    for (const example of examples) {
      const { args, stdinFile } = parseHelpExample(example, home);
      expect(stdinFile, example).to.equal(undefined);
      const cwd = mkdtempSync(join(tmpdir(), 'eca-e2e-example-'));
      const run = await runCli(['eca', 'generate', ...args], { cwd, home });
      rmSync(cwd, { recursive: true, force: true });
      expect(run.code, `${example}\n${run.stderr}`).to.equal(0);
    }
  });

  it('writes nothing with --dry-run and never loads SDR, jsforce, the org layers or React', async () => {
    const hook = join(project, 'module-log.mjs');
    const log = join(project, 'modules.log');
    writeFileSync(
      hook,
      [
        "import { register, createRequire } from 'node:module';",
        "import { MessageChannel, isMainThread } from 'node:worker_threads';",
        "import { writeFileSync } from 'node:fs';",
        "// Workers (the logger's thread-stream) load this file too: only the main thread records.",
        'const { port1, port2 } = new MessageChannel();',
        'const urls = [];',
        "port1.on('message', (url) => urls.push(url));",
        'port1.unref();',
        'const hooks = `let port; export function initialize(d) { port = d.port; } export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;',
        'register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });',
        'const require = createRequire(import.meta.url);',
        `if (isMainThread) process.on('exit', () => writeFileSync(${JSON.stringify(log)}, [...urls, ...Object.keys(require.cache)].join('\\n')));`,
      ].join('\n'),
    );
    const run = await runCli([...ARGS, '--dry-run'], { cwd: project, home, env: { NODE_OPTIONS: `--import ${hook}` } });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include('Dry run: nothing was written').and.include('<ExtlClntAppOauthConfigurablePolicies');
    expect(Object.keys(folderSnapshot(project)).sort()).to.deep.equal([
      'module-log.mjs',
      'modules.log',
      'sfdx-project.json',
    ]);
    const modules = readFileSync(log, 'utf8');
    expect(modules).to.include('lib/commands/eca/generate.js');
    // No org layer and no UI library: not SDR, not jsforce, not @salesforce/core's index (which loads jsforce),
    // not sf-plugins-core (which loads that index and ink), not React.
    for (const heavy of [
      /source-deploy-retrieve/,
      /jsforce/,
      /@salesforce\/core\/lib\/index\.js/,
      /sf-plugins-core/,
      /node_modules\/react\//,
      /node_modules\/ink\//,
      /@oclif\/table/,
      /undici/,
    ]) {
      expect(modules, String(heavy)).not.to.match(heavy);
    }
  });
});
