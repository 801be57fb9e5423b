/*
 * Every complete app a real org wrote (test/fixtures/corpus/eca, origin `retrieved` in MANIFEST.tsv, the apps
 * packages/org-emulator/test/corpus.test.ts deploys) deployed through the built plugin: its files copied into a new DX
 * project, the emulated org given the users and permission sets its policies name, then `sf eca deploy --dry-run` and
 * the real deploy. The org-specific fields of the org the files came from are reported in `leftOut`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  type Emulator,
  addPermissionSet,
  addUser,
  authorizeEmulator,
  findApp,
  findUser,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/eca/', import.meta.url));
const ALIAS = 'emu';
const ECA_ROOT = 'ExternalClientApplication';

type CorpusFile = { repo: string; path: string; type: string; xml: string };
type CorpusApp = { name: string; repo: string; files: CorpusFile[] };

const field = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}\\s*>([\\s\\S]*?)</${name}\\s*>`).exec(xml)?.[1].trim();

function readCorpus(): CorpusApp[] {
  const files = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([, , , , origin]) => origin.startsWith('retrieved'))
    .map(([repo, path, , type]) => ({
      repo,
      path,
      type,
      xml: readFileSync(join(CORPUS, repo.replace('/', '__'), path), 'utf8'),
    }));
  const apps = new Map<string, CorpusApp>();
  for (const f of files) {
    const name =
      f.type === ECA_ROOT
        ? basename(f.path).replace(/\.eca(-meta\.xml)?$/, '')
        : field(f.xml, 'externalClientApplication');
    if (!name) continue;
    const key = `${f.repo}:${name}`;
    if (!apps.has(key)) apps.set(key, { name, repo: f.repo, files: [] });
    apps.get(key)!.files.push(f);
  }
  // Complete: the app's own file is there (an orphan policy such as We-Go's InboundAPITest is not an app).
  return [...apps.values()].filter((a) => a.files.some((f) => f.type === ECA_ROOT));
}

type DeployJson = { result: { status: string; checkOnly: boolean; leftOut: Array<{ path: string; field: string }> } };

describe('e2e: every complete retrieved corpus app deploys through the plugin', function () {
  this.timeout(90_000);
  let emulator: Emulator;
  let home: string;
  const made: string[] = [];

  before(async () => {
    emulator = await startEmulator();
    home = isolatedHome();
    made.push(home);
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
  });
  after(async () => {
    // The folders first: a test that timed out may leave a request open that makes close() wait.
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    await emulator?.close();
  });

  /** Gives the org what the app's policy names, as the org the files came from had. */
  function preparePrerequisites(app: CorpusApp): void {
    const state = emulator.state;
    const profileId = state.profiles.find((p) => p.name === 'Minimum Access - API Only Integrations')!.id;
    for (const f of app.files.filter((x) => x.type === 'ExtlClntAppOauthConfigurablePolicies')) {
      for (const name of (field(f.xml, 'commaSeparatedPermissionSet') ?? '').split(',').map((s) => s.trim()))
        if (name && !state.permissionSets.some((p) => p.name === name))
          addPermissionSet(state, name, name, { ApiEnabled: true });
      const runAs = field(f.xml, 'clientCredentialsFlowUser');
      if (runAs && !findUser(state, runAs))
        addUser(state, { username: runAs, firstName: 'Run', lastName: 'As', profileId });
    }
  }

  /** A DX project holding the app's files in source format; API 63.0 for isNamedUserJwtEnabled (§2.16), else 68.0 (the org's newest, Winter '27). */
  function projectOf(app: CorpusApp): string {
    const project = mkdtempSync(join(tmpdir(), 'eca-corpus-project-'));
    made.push(project);
    const version = app.files.some((f) => f.xml.includes('<isNamedUserJwtEnabled>')) ? '63.0' : '68.0';
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: version }),
    );
    for (const f of app.files) {
      const folder = join(project, 'force-app/main/default', basename(join(f.path, '..')));
      mkdirSync(folder, { recursive: true });
      const name = basename(f.path).endsWith('-meta.xml') ? basename(f.path) : `${basename(f.path)}-meta.xml`;
      copyFileSync(join(CORPUS, f.repo.replace('/', '__'), f.path), join(folder, name));
    }
    return project;
  }

  it('checks every app, then deploys it for real; org-specific fields are reported as left out', async () => {
    const apps = readCorpus();
    expect(apps.length).to.be.at.least(12);
    let deployed = 0;
    let leftOutChecked = 0;
    for (const app of apps) {
      preparePrerequisites(app);
      const project = projectOf(app);
      const where = `${app.repo} ${app.name}`;
      const orgSpecific = app.files.flatMap((f) =>
        ['orgScopedExternalApp', 'oauthLink'].filter((name) => new RegExp(`<${name}\\b`).test(f.xml)),
      );
      for (const dryRun of [true, false]) {
        const args = [
          'eca',
          'deploy',
          '--name',
          app.name,
          '--target-org',
          ALIAS,
          '--json',
          ...(dryRun ? ['--dry-run'] : []),
        ];
        const result = await runCli(args, { cwd: project, home });
        expect(result.code, `${where}\n${result.stdout}\n${result.stderr}`).to.equal(0);
        const json = parseJson<DeployJson>(result);
        expect(json.result.checkOnly, where).to.equal(dryRun);
        expect(
          json.result.leftOut.map((l) => l.field),
          where,
        ).to.include.members(orgSpecific);
      }
      expect(findApp(emulator.state, app.name), where).to.not.equal(undefined);
      leftOutChecked += orgSpecific.length;
      deployed += 1;
    }
    expect(leftOutChecked, 'org-specific fields seen in deployed apps').to.be.greaterThan(0);
    expect(deployed, 'apps deployed').to.equal(apps.length);
  });
});
