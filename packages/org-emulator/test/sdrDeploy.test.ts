import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { ComponentSet, type DeployResult } from '@salesforce/source-deploy-retrieve';
import { type Emulator, startEmulator, findApp } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { rmSync } from 'node:fs';
import { appFiles, writeDxProject as writeProject, type FixtureOptions } from '../src/fixtures.js';
import { expectRejection } from './helpers/expectError.js';

const POLL = { frequency: { milliseconds: 50 }, timeout: { milliseconds: 30_000 } } as unknown as Parameters<
  Awaited<ReturnType<ComponentSet['deploy']>>['pollStatus']
>[0];

describe('emulator: deploys through the real SDR', function () {
  let emulator: Emulator;
  let connection: Connection;
  const projects: string[] = [];
  const writeDxProject = (files: Parameters<typeof writeProject>[0]): string => {
    projects.push(writeProject(files));
    return projects[projects.length - 1];
  };
  after(() => projects.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  async function sdrDeploy(rest: boolean, fixture: FixtureOptions = {}, checkOnly = false): Promise<DeployResult> {
    const components = ComponentSet.fromSource(writeDxProject(appFiles(fixture)));
    const deploy = await components.deploy({ usernameOrConnection: connection, apiOptions: { rest, checkOnly } });
    return deploy.pollStatus(POLL);
  }

  for (const rest of [false, true]) {
    const api = rest ? 'REST' : 'SOAP';
    const deployPath = rest ? '/metadata/deployRequest' : '/services/Soap/m/66.0';

    it(`deploys a valid app over ${api}`, async () => {
      const result = await sdrDeploy(rest);
      expect(result.response.status).to.equal('Succeeded');
      expect(result.getFileResponses().map((f) => [f.type, f.state])).to.have.deep.members([
        ['ExternalClientApplication', 'Created'],
        ['ExtlClntAppGlobalOauthSettings', 'Created'],
        ['ExtlClntAppOauthSettings', 'Created'],
        ['ExtlClntAppOauthConfigurablePolicies', 'Created'],
        ['ExtlClntAppConfigurablePolicies', 'Created'],
      ]);
      expect(findApp(emulator.state, 'Emu_App')?.consumerKey).to.match(/^3MVG9/);
      expect(emulator.countRequests('POST', deployPath)).to.be.greaterThan(0);
    });

    it(`names the created app's record id in its component success over ${api}, not in a validation's`, async () => {
      const appSuccess = (result: DeployResult): { id?: string } | undefined =>
        [result.response.details.componentSuccesses ?? []]
          .flat()
          .find((m) => m.componentType === 'ExternalClientApplication');
      const validation = await sdrDeploy(rest, {}, true);
      expect(appSuccess(validation)?.id ?? '').to.equal('');
      const result = await sdrDeploy(rest);
      const id = findApp(emulator.state, 'Emu_App')?.id;
      expect(id).to.match(/^0xI/);
      expect(appSuccess(result)?.id).to.equal(id);
      // A later deploy updates the same record and names it too.
      expect(appSuccess(await sdrDeploy(rest))?.id).to.equal(id);
    });

    it(`reports a component failure with file, line and column over ${api}`, async () => {
      const result = await sdrDeploy(rest, {
        oauth: [
          '<commaSeparatedOauthScopes>api</commaSeparatedOauthScopes>',
          '<externalClientApplication>Emu_App</externalClientApplication>',
        ],
      });
      expect(result.response.status).to.equal('Failed');
      const failed = result.getFileResponses().filter((f) => f.state === 'Failed');
      const scope = failed.find((f) => f.type === 'ExtlClntAppOauthSettings') as {
        filePath?: string;
        lineNumber?: number;
        columnNumber?: number;
        error?: string;
      };
      expect(scope.filePath).to.match(/Emu_App_ecaOauth\.ecaOauth-meta\.xml$/);
      expect([scope.lineNumber, scope.columnNumber]).to.deep.equal([3, 5]);
      expect(scope.error).to.match(/^Invalid OAuth scope: api\./);
      expect(emulator.state.apps).to.have.length(0);
    });

    it(`validates only (checkOnly) over ${api}`, async () => {
      const result = await sdrDeploy(rest, {}, true);
      expect(result.response.status).to.equal('Succeeded');
      expect(result.response.checkOnly).to.equal(true);
      expect(emulator.state.apps).to.have.length(0);
    });

    it(`keeps polling through slow deploys and a 503 over ${api}`, async () => {
      emulator.faults.slowDeployPolls = 3;
      emulator.faults.failNext(rest ? /deployRequest\/0Af/ : '/services/Soap/m', 1, 503, rest ? 0 : 1);
      const updates: string[] = [];
      const components = ComponentSet.fromSource(writeDxProject(appFiles()));
      const deploy = await components.deploy({ usernameOrConnection: connection, apiOptions: { rest } });
      deploy.onUpdate((status) => updates.push(status.status));
      const result = await deploy.pollStatus(POLL);
      expect(result.response.status).to.equal('Succeeded');
      expect(updates).to.include('InProgress');
      const polls = rest
        ? emulator.countRequests('GET', /deployRequest\/0Af/)
        : emulator.countRequests('POST', '/services/Soap/m') - 1;
      expect(polls).to.be.at.least(5);
    });
  }

  it('surfaces a dropped connection during polling as a network error', async () => {
    emulator.faults.dropNext('/services/Soap/m', 10, 1);
    const components = ComponentSet.fromSource(writeDxProject(appFiles()));
    const deploy = await components.deploy({ usernameOrConnection: connection });
    const error = await expectRejection(deploy.pollStatus(POLL));
    expect(error.message).to.match(/fetch failed|socket|ECONNRESET/i);
  });

  it('cancels a deploy that has not finished', async () => {
    emulator.faults.slowDeployPolls = 50;
    const components = ComponentSet.fromSource(writeDxProject(appFiles()));
    const deploy = await components.deploy({ usernameOrConnection: connection });
    await deploy.cancel();
    const result = await deploy.pollStatus(POLL);
    expect(result.response.status).to.equal('Canceled');
    expect(emulator.state.apps).to.have.length(0);
  });

  it('refuses a deploy once the session has expired', async () => {
    emulator.faults.expireSessions();
    const components = ComponentSet.fromSource(writeDxProject(appFiles()));
    const error = await expectRejection(components.deploy({ usernameOrConnection: connection }));
    expect(error.message).to.match(/INVALID_SESSION_ID|session/i);
  });
});
