/*
 * The local org emulator: a faithful stand-in for a Salesforce org that speaks what @salesforce/core, SDR
 * and this plugin ask of one. Start it from a test with `startEmulator()`, authorize the CLI against it
 * with `authorizeEmulator()`, inspect or change `emulator.state`, inject faults with `emulator.faults`.
 * This is the package's entry point (@plugin-eca/org-emulator): everything a test or a script uses is exported here.
 */
import { type AddressInfo } from 'node:net';
import { DeployStore } from './deployStore.js';
import { Faults } from './faults.js';
import { type EmulatorContext, type EmulatorOptions } from './http.js';
import { type LoggedRequest, createEmulatorServer } from './server.js';
import { ADMIN_USERNAME, type OrgState, type Session, findUser, openSession, seedState } from './state.js';

export type { EmulatorOptions } from './http.js';
export type { LoggedRequest } from './server.js';
export * from './state.js';
export { Faults } from './faults.js';
export { authorizeEmulator, type AuthorizeOptions, type AuthorizeResult } from './cliAuth.js';
export { connectTo } from './connect.js';
export { type FixtureFile, type FixtureOptions, appFiles, writeDxProject, zipDeployment } from './fixtures.js';
export { MAX_QUERY_SUBREQUESTS, MAX_SUBREQUESTS } from './composite.js';
export { type QueryResult, runQuery } from './soql.js';
export { ECA_SCHEMA_PATH } from './schemaCheck.js';
export { MAX_API_VERSION } from './apiVersions.js';
export { cliEnv } from './cliEnv.js';
export { addConnectedApp, addOauthToken, seedApp, seedAuditOrg, seedConnectedApps } from './orgAudit.js';

export type Emulator = {
  /** http://127.0.0.1:<port>: instance URL and My Domain of the emulated org. */
  url: string;
  state: OrgState;
  faults: Faults;
  /** Every request received, in order. */
  requests: LoggedRequest[];
  /** Opens a session for a user (default: the admin) and returns its access token. */
  openSession(username?: string): Session;
  /** How many logged requests match a method and a path pattern. */
  countRequests(method: string, path: string | RegExp): number;
  /** The deploy jobs the org holds (validations included), oldest first, with their status. */
  deployJobs(): Array<{ id: string; status: string; checkOnly: boolean }>;
  close(): Promise<void>;
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = seedState(options.orgId);
  const faults = new Faults(state);
  const deploys = new DeployStore(state, faults);
  const requests: LoggedRequest[] = [];
  const holder: { context?: EmulatorContext } = {};
  const server = createEmulatorServer(() => holder.context!, requests);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  holder.context = { state, faults, deploys, options, baseUrl: url };
  return {
    url,
    state,
    faults,
    requests,
    openSession(username = ADMIN_USERNAME): Session {
      const user = findUser(state, username);
      if (!user) throw new Error(`no user ${username} in the emulated org`);
      return openSession(state, user.id);
    },
    countRequests(method: string, path: string | RegExp): number {
      return requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path.includes(path) : path.test(r.path)),
      ).length;
    },
    deployJobs() {
      return deploys.list().map((job) => ({ id: job.id, status: job.status, checkOnly: job.options.checkOnly }));
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
