/*
 * What an audit reads of the emulated org: SOAP listMetadata, retrieve and checkRetrieveStatus as jsforce calls them,
 * the files in the shape of real retrieves (docs/salesforce-facts.md §8: alphabetical, the full field set, the org's
 * own values, the certificate as its base64 body, never the secret), valid against the ECA schema; the
 * ExternalClientApp settings; OauthToken and the paged usage resource; Connected Apps still refused on deploy.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { type Connection } from '@salesforce/core';
import {
  addConnectedApp,
  addOauthToken,
  type Emulator,
  findApp,
  runQuery,
  seedApp,
  startEmulator,
} from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { appFiles } from '../src/fixtures.js';
import { schemaFindings } from '../src/schemaCheck.js';
import { deployFiles } from './helpers/testing.js';
import { expectRejection } from './helpers/expectError.js';
import { makeTestCertificate } from './helpers/testCertificate.js';

type Meta = {
  metadata: {
    list(queries: Array<{ type: string }>, version?: string): Promise<unknown>;
    retrieve(request: Record<string, unknown>): PromiseLike<{ id: string }>;
    checkRetrieveStatus(
      id: string,
    ): Promise<{ done: string | boolean; status: string; zipFile: string; messages?: unknown }>;
  };
};

const CONNECTED_APP =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n    <contactEmail>a@example.com</contactEmail>\n    <label>Legacy Tool</label>\n</ConnectedApp>\n';

describe('emulator: listMetadata and retrieve, as an audit reads an org', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let connection: Connection;
  const meta = (): Meta['metadata'] => (connection as unknown as Meta).metadata;

  async function retrieve(types: Array<{ name: string; members: string[] }>): Promise<Map<string, string>> {
    const started = await meta().retrieve({ apiVersion: '66.0', singlePackage: true, unpackaged: { types } });
    const status = await meta().checkRetrieveStatus(started.id);
    expect(String(status.done)).to.equal('true');
    expect(status.status).to.equal('Succeeded');
    const zip = await JSZip.loadAsync(Buffer.from(status.zipFile, 'base64'));
    const files = new Map<string, string>();
    for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) files.set(name, await entry.async('string'));
    return files;
  }

  let certificatePem: string;
  before(async () => {
    ({ certificatePem } = await makeTestCertificate());
  });

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
    const files = appFiles({ appName: 'Emu_App' }).map((file) =>
      file.type === 'ExtlClntAppGlobalOauthSettings'
        ? {
            ...file,
            xml: file.xml.replace(
              '<externalClientApplication>',
              `<certificate>${certificatePem}</certificate>\n    <externalClientApplication>`,
            ),
          }
        : file,
    );
    const outcome = await deployFiles(connection, files);
    expect(outcome.success, JSON.stringify(outcome.failures)).to.equal(true);
    addConnectedApp(emulator.state, 'Legacy_Tool', CONNECTED_APP);
  });
  afterEach(() => emulator.close());

  it('lists the components of up to three types per call, and refuses more', async () => {
    const listed = [
      await meta().list([{ type: 'ExternalClientApplication' }, { type: 'ConnectedApp' }], '66.0'),
    ].flat() as Array<Record<string, string>>;
    expect(listed.map((p) => `${p.type}:${p.fullName}:${p.fileName}`).sort()).to.deep.equal([
      'ConnectedApp:Legacy_Tool:connectedApps/Legacy_Tool.connectedApp',
      'ExternalClientApplication:Emu_App:externalClientApps/Emu_App.eca',
    ]);
    expect(listed[0].manageableState).to.equal('unmanaged');
    const four = [
      'ExternalClientApplication',
      'ConnectedApp',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppConfigurablePolicies',
    ];
    await expectRejection(meta().list(four.map((type) => ({ type }))), /at most 3/);
  });

  it("retrieves the apps in the shape of real retrieves: sorted, full field set, the org's values, no secret", async () => {
    const files = await retrieve([
      { name: 'ExternalClientApplication', members: ['Emu_App'] },
      { name: 'ExtlClntAppGlobalOauthSettings', members: ['*'] },
      { name: 'ExtlClntAppOauthSettings', members: ['*'] },
      { name: 'ExtlClntAppOauthConfigurablePolicies', members: ['*'] },
      { name: 'ExtlClntAppConfigurablePolicies', members: ['*'] },
      { name: 'ConnectedApp', members: ['Legacy_Tool', 'Gone'] },
      { name: 'Settings', members: ['ExternalClientApp'] },
    ]);
    const app = findApp(emulator.state, 'Emu_App')!;
    const org15 = emulator.state.orgId.slice(0, 15);
    expect([...files.keys()].sort()).to.deep.equal([
      'connectedApps/Legacy_Tool.connectedApp',
      'externalClientApps/Emu_App.eca',
      'extlClntAppGlobalOauthSets/Emu_App_ecaGlblOauth.ecaGlblOauth',
      'extlClntAppOauthPolicies/Emu_App_ecaOauthPlcy.ecaOauthPlcy',
      'extlClntAppOauthSettings/Emu_App_ecaOauth.ecaOauth',
      'extlClntAppPolicies/Emu_App_ecaPlcy.ecaPlcy',
      'package.xml',
      'settings/ExternalClientApp.settings',
    ]);
    const ecaFiles = [...files.entries()].filter(([name]) => /^(externalClientApps|extlClnt)/.test(name));
    for (const [name, xml] of ecaFiles) {
      const elements = [...xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
      expect(elements, name).to.deep.equal([...elements].sort());
      expect(xml.endsWith('>\n'), name).to.equal(true);
    }
    expect((await schemaFindings(ecaFiles.map(([, xml]) => xml))).size).to.equal(0);
    expect(files.get('externalClientApps/Emu_App.eca')).to.include(
      `<orgScopedExternalApp>${org15}:Emu_App</orgScopedExternalApp>`,
    );
    expect(files.get('extlClntAppOauthSettings/Emu_App_ecaOauth.ecaOauth')).to.include(
      `<oauthLink>${org15}:${app.consumerId.slice(0, 15)}</oauthLink>`,
    );
    const global = files.get('extlClntAppGlobalOauthSets/Emu_App_ecaGlblOauth.ecaGlblOauth')!;
    expect(global).to.include(`<consumerKey>${app.consumerKey}</consumerKey>`);
    expect(global).to.not.include(app.consumerSecret);
    expect(global).to.include('<isNamedUserJwtEnabled>false</isNamedUserJwtEnabled>');
    expect(global).to.not.include('BEGIN CERTIFICATE');
    const body = /<certificate>([^<]+)<\/certificate>/.exec(global)![1].split('\n');
    expect(body.slice(0, -1).every((line) => line.length === 64)).to.equal(true);
    expect(files.get('connectedApps/Legacy_Tool.connectedApp')).to.equal(CONNECTED_APP);
    expect(files.get('settings/ExternalClientApp.settings')).to.include(
      '<enableClientSecretInRestApiAccess>false</enableClientSecretInRestApiAccess>',
    );
  });

  it('compresses the zip as an org does: every entry deflated, the answer smaller than its files', async () => {
    const started = await meta().retrieve({
      apiVersion: '66.0',
      singlePackage: true,
      unpackaged: { types: [{ name: 'ExtlClntAppGlobalOauthSettings', members: ['*'] }] },
    });
    const zip = Buffer.from((await meta().checkRetrieveStatus(started.id)).zipFile, 'base64');
    // The central directory (APPNOTE 4.3.12): the compression method of each entry, and its two sizes.
    const entries: Array<{ method: number; compressed: number; size: number }> = [];
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1;) {
      entries.push({
        method: zip.readUInt16LE(at + 10),
        compressed: zip.readUInt32LE(at + 20),
        size: zip.readUInt32LE(at + 24),
      });
      at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46);
    }
    expect(entries.map((e) => e.method)).to.deep.equal([8, 8]);
    for (const entry of entries) expect(entry.compressed).to.be.below(entry.size);
    const files = await JSZip.loadAsync(zip);
    expect(
      await files.file('extlClntAppGlobalOauthSets/Emu_App_ecaGlblOauth.ecaGlblOauth')!.async('string'),
    ).to.include('<externalClientApplication>Emu_App</externalClientApplication>');
  });

  it('answers the secret setting as the org holds it', async () => {
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    const files = await retrieve([{ name: 'Settings', members: ['ExternalClientApp'] }]);
    expect(files.get('settings/ExternalClientApp.settings')).to.include(
      '<enableClientSecretInRestApiAccess>true</enableClientSecretInRestApiAccess>',
    );
  });

  it('answers OauthToken rows and pages the usage resource', async () => {
    addOauthToken(emulator.state, 'Emu_App', 'integration@eca-emulator.test', 3);
    addOauthToken(emulator.state, 'Legacy Tool', 'standard@eca-emulator.test', 200);
    const rows = runQuery(emulator.state, 'SELECT AppName, UserId, LastUsedDate FROM OauthToken').records;
    expect(rows.map((r) => r.AppName)).to.deep.equal(['Emu_App', 'Legacy Tool']);
    const first = await connection.request<{
      apps: Array<{ developerName: string; identifier: string }>;
      nextPageUrl: string | null;
    }>('/services/data/v66.0/apps/oauth/usage?page=0&pageSize=1');
    expect(first.apps).to.deep.equal([
      { developerName: 'Emu_App', identifier: findApp(emulator.state, 'Emu_App')!.id, label: 'Emu_App' },
    ]);
    expect(first.nextPageUrl).to.equal(null);
    const second = seedApp(emulator.state, 'Second_App');
    addOauthToken(emulator.state, second.label, 'integration@eca-emulator.test', 1);
    type Page = { apps: Array<{ developerName: string }>; nextPageUrl: string | null };
    const page0 = await connection.request<Page>('/services/data/v66.0/apps/oauth/usage?page=0&pageSize=1');
    expect(page0.nextPageUrl).to.equal('/services/data/v66.0/apps/oauth/usage?page=1&pageSize=1');
    const page1 = await connection.request<Page>(page0.nextPageUrl!);
    expect(page1.apps.map((a) => a.developerName)).to.deep.equal(['Second_App']);
    expect(page1.nextPageUrl).to.equal(null);
  });

  it('still refuses to create a Connected App', async () => {
    const outcome = await deployFiles(connection, [
      {
        type: 'ConnectedApp',
        folder: 'connectedApps',
        suffix: 'connectedApp',
        fullName: 'New_App',
        xml: CONNECTED_APP,
      },
    ]);
    expect(outcome.success).to.equal(false);
    expect(JSON.stringify(outcome.failures)).to.include("You can't create a connected app");
  });
});
