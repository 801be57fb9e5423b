/*
 * Every complete app a real org wrote (test/fixtures/corpus/eca, origin `retrieved` in MANIFEST.tsv) deploys to the
 * emulator, checkOnly and for real, once its org-specific fields are left out (orgScopedExternalApp, oauthLink,
 * consumerKey: docs/salesforce-facts.md §6.2, §8.13), as the plugin sends them to another org. The org those files
 * came from had the users and permission sets they name; the test gives the emulated org the same before deploying.
 * Only this test reads the corpus: the emulator's src never reaches outside the package.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { parseStringPromise } from 'xml2js';
import { type Emulator, addPermissionSet, addUser, findApp, findUser, startEmulator } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { type FixtureFile } from '../src/fixtures.js';
import { ORG_METADATA_TYPES } from '../src/metadataTypes.js';
import { deployFiles } from './helpers/testing.js';

const CORPUS = fileURLToPath(new URL('../../../test/fixtures/corpus/eca/', import.meta.url));
const ORG_SPECIFIC = /[ \t]*<(orgScopedExternalApp|oauthLink|consumerKey)\b[^>]*>[\s\S]*?<\/\1\s*>[ \t]*\r?\n?/g;

type CorpusFile = FixtureFile & { path: string; fields: Record<string, unknown> };
type CorpusApp = { name: string; repo: string; files: CorpusFile[] };

async function readCorpus(): Promise<CorpusApp[]> {
  const rows = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([, , , , origin]) => origin.startsWith('retrieved'));
  const files: Array<CorpusFile & { app: string; repo: string }> = [];
  for (const [repo, path] of rows) {
    const raw = readFileSync(join(CORPUS, repo.replace('/', '__'), path), 'utf8');
    const parsed = (await parseStringPromise(raw, { explicitArray: false })) as Record<string, Record<string, unknown>>;
    const [root] = Object.keys(parsed);
    const type = ORG_METADATA_TYPES.find((t) => t.name === root);
    if (!type) throw new Error(`${path}: no emulator type for ${root}`);
    const fullName = basename(path)
      .replace(/-meta\.xml$/, '')
      .replace(new RegExp(`\\.${type.suffix}$`), '');
    const fields = { ...parsed[root] };
    const app = root === 'ExternalClientApplication' ? fullName : String(fields.externalClientApplication).trim();
    files.push({
      type: root,
      folder: type.folder,
      suffix: type.suffix,
      fullName,
      xml: raw.replace(ORG_SPECIFIC, ''),
      path: `${repo}/${path}`,
      fields,
      app,
      repo,
    });
  }
  const apps = new Map<string, CorpusApp>();
  for (const f of files) {
    const key = `${f.repo}:${f.app}`;
    if (!apps.has(key)) apps.set(key, { name: f.app, repo: f.repo, files: [] });
    apps.get(key)!.files.push(f);
  }
  // Complete: the app's own file is there (an orphan satellite, such as We-Go's InboundAPITest policy, is not an app).
  return [...apps.values()].filter((a) => a.files.some((f) => f.type === 'ExternalClientApplication'));
}

const list = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

describe('emulator: the real corpus apps deploy', function () {
  // The package's own runs allow 60 s a test; the repository's unit run (10 s) must too: a dozen deploys.
  this.timeout(60_000);
  let apps: CorpusApp[] = [];
  let emulator: Emulator;
  let connection: Connection;

  before(async () => {
    apps = await readCorpus();
  });
  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  /** Gives the org what the app's policy names, as the org the files came from had. */
  function preparePrerequisites(app: CorpusApp): void {
    const state = emulator.state;
    const profileId = state.profiles.find((p) => p.name === 'Minimum Access - API Only Integrations')!.id;
    for (const f of app.files.filter((x) => x.type === 'ExtlClntAppOauthConfigurablePolicies')) {
      for (const name of list(f.fields.commaSeparatedPermissionSet))
        if (!state.permissionSets.some((p) => p.name === name))
          addPermissionSet(state, name, name, { ApiEnabled: true });
      const runAs =
        typeof f.fields.clientCredentialsFlowUser === 'string' ? f.fields.clientCredentialsFlowUser.trim() : '';
      if (runAs && !findUser(state, runAs))
        addUser(state, { username: runAs, firstName: 'Run', lastName: 'As', profileId });
    }
  }

  /** API 61–63 for a policy that carries isNamedUserJwtEnabled (§2.16), else 67 (the v67 fields of §8.18). */
  const versionOf = (app: CorpusApp): string =>
    app.files.some(
      (f) => f.type === 'ExtlClntAppOauthConfigurablePolicies' && f.fields.isNamedUserJwtEnabled !== undefined,
    )
      ? '63.0'
      : '67.0';

  it('finds the complete retrieved apps of the corpus', () => {
    expect(apps.map((a) => a.name)).to.include.members([
      'Booking_Integration_API',
      'SOLU_CI_CD',
      'Postman',
      'ClaudeMcpClientRC',
      'Headless360_MCP_Client',
      'ecaViaMetadata',
      'RoadLink_Bus_Integration',
      'Salesforce_API_Playground',
    ]);
    expect(apps.length).to.be.at.least(12);
  });

  it('accepts every complete retrieved app, checkOnly and then for real, without its org-specific fields', async () => {
    for (const app of apps) {
      await emulator.close();
      emulator = await startEmulator();
      connection = await connectTo(emulator);
      preparePrerequisites(app);
      const where = `${app.repo} ${app.name} (${app.files.map((f) => f.path.split('/').pop()).join(', ')})`;
      const version = versionOf(app);
      const checked = await deployFiles(connection, app.files, { checkOnly: true }, undefined, version);
      expect(checked.failures, where).to.deep.equal([]);
      expect(checked.status, where).to.equal('Succeeded');
      expect(emulator.state.apps, `${where}: checkOnly changes nothing`).to.have.length(0);
      const deployed = await deployFiles(connection, app.files, {}, undefined, version);
      expect(deployed.failures, where).to.deep.equal([]);
      expect(deployed.status, where).to.equal('Succeeded');
      expect(deployed.numberComponentsDeployed, where).to.equal(app.files.length);
      const stored = findApp(emulator.state, app.name);
      expect(stored, where).to.not.equal(undefined);
      for (const f of app.files)
        expect(stored!.components[f.type]?.fullName, `${where}: ${f.path}`).to.equal(f.fullName);
    }
  });
});
