/*
 * The plugin's org code against the local org emulator: every SOQL query the plugin builds is one the emulator
 * answers, and the deploy's pre-flight goes out as one Composite request through a real @salesforce/core Connection.
 * (The emulator's own tests, packages/org-emulator/test, never import the plugin.)
 */
import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import {
  type Emulator,
  ADMIN_USERNAME,
  INTEGRATION_USERNAME,
  connectTo,
  runQuery,
  seedState,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { gatherOrgFacts } from '../../../src/org/preflight.js';
import * as pluginQueries from '../../../src/org/soql.js';
import { soqlRunnerFor } from '../../../src/org/connection.js';

describe('plugin against the emulator: SOQL subset', () => {
  const state = seedState();

  it('answers every query the plugin builds (src/org/soql.ts)', () => {
    const queries = [
      pluginQueries.usersByUsernameQuery([INTEGRATION_USERNAME, "o'brien@example.com"]),
      pluginQueries.assignmentsByAssigneeUsernameQuery([INTEGRATION_USERNAME, ADMIN_USERNAME]),
      pluginQueries.permissionSetsByNameQuery(['ECA_Integration']),
      pluginQueries.profilesByNameQuery(['System Administrator']),
      pluginQueries.activeUserWithProfileQuery('System Administrator'),
      pluginQueries.activeAssignmentOfPermissionSetQuery('ECA_Integration'),
      pluginQueries.externalClientAppIdQuery('Emu_App'),
      pluginQueries.usersByEmailQuery(['nobody@example.com']),
    ];
    expect(queries.map((q) => runQuery(state, q).totalSize)).to.deep.equal([1, 3, 1, 1, 1, 1, 0, 0]);
  });
});

describe('plugin against the emulator: the Composite resource', () => {
  let emulator: Emulator;

  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  describe("through the plugin's pre-flight runner and a real Connection", () => {
    let connection: Connection;
    beforeEach(async () => (connection = await connectTo(emulator)));

    it('sends the whole pre-flight of an app with a run-as user, a profile and a permission set in one request', async () => {
      const before = emulator.requests.length;
      const requirements = {
        runAsUser: INTEGRATION_USERNAME,
        permissionSets: ['ECA_Integration'],
        profiles: ['System Administrator'],
      };
      const batched = await gatherOrgFacts(soqlRunnerFor(connection), requirements);
      const sent = emulator.requests.slice(before);
      // Seven queries (the run-as user's email owner among them): five in one Composite request, two in another,
      // both at once.
      expect(sent.map((r) => `${r.method} ${r.path.replace(/v\d+\.\d/, 'vNN')}`).sort()).to.deep.equal([
        'POST /services/data/vNN/composite',
        'POST /services/data/vNN/composite',
      ]);
      const plain = await gatherOrgFacts(
        async <T>(soql: string) => (await connection.query(soql)).records as unknown as T[],
        requirements,
      );
      expect(batched).to.deep.equal(plain);
      expect(batched.users.map((u) => u.Username)).to.deep.equal([INTEGRATION_USERNAME]);
      expect(batched.assignments.length).to.be.greaterThan(0);
      expect(batched.permissionSetNames).to.deep.equal(['ECA_Integration']);
    });

    it("finds a JWT bearer app's verifying user in the same request: the deploying user's rows and a holder", async () => {
      const before = emulator.requests.length;
      const facts = await gatherOrgFacts(soqlRunnerFor(connection), {
        permissionSets: ['ECA_Integration'],
        profiles: [],
        verifyingUser: ADMIN_USERNAME,
      });
      const sent = emulator.requests.slice(before);
      expect(sent.map((r) => `${r.method} ${r.path.replace(/v\d+\.\d/, 'vNN')}`)).to.deep.equal([
        'POST /services/data/vNN/composite',
      ]);
      expect(facts.users.map((u) => [u.Username, u.Profile?.Name])).to.deep.equal([
        [ADMIN_USERNAME, 'System Administrator'],
      ]);
      expect(facts.holders).to.deep.equal([
        { kind: 'permission-set', name: 'ECA_Integration', username: INTEGRATION_USERNAME },
      ]);
    });
  });
});
