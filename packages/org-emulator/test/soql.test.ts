import { expect } from 'chai';
import { runQuery } from '../src/soql.js';
import { SoqlError, parseSoql } from '../src/soqlParser.js';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  ADMIN_USERNAME,
  seedState,
  findUser,
  startEmulator,
} from '../src/index.js';

describe('emulator: SOQL subset', () => {
  const state = seedState();
  const integration = findUser(state, INTEGRATION_USERNAME)!;

  it('selects fields and one-level relationship paths with IN', () => {
    const result = runQuery(
      state,
      `SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsModifyAllData, Profile.PermissionsViewAllData, Profile.PermissionsManageUsers, Profile.PermissionsCustomizeApplication, Profile.PermissionsApiUserOnly FROM User WHERE Username IN ('${INTEGRATION_USERNAME}', '${ADMIN_USERNAME}') ORDER BY Username`,
    );
    expect(result.totalSize).to.equal(2);
    expect(result.done).to.equal(true);
    const [admin, user] = result.records;
    expect(admin.Username).to.equal(ADMIN_USERNAME);
    expect(admin.Profile).to.deep.include({
      Name: 'System Administrator',
      PermissionsModifyAllData: true,
      PermissionsApiUserOnly: false,
    });
    expect(user).to.deep.equal({
      attributes: { type: 'User', url: `/services/data/v66.0/sobjects/User/${integration.id}` },
      Id: integration.id,
      Username: INTEGRATION_USERNAME,
      IsActive: true,
      Profile: {
        attributes: { type: 'Profile', url: `/services/data/v66.0/sobjects/Profile/${integration.profileId}` },
        Name: 'Minimum Access - API Only Integrations',
        PermissionsModifyAllData: false,
        PermissionsViewAllData: false,
        PermissionsManageUsers: false,
        PermissionsCustomizeApplication: false,
        PermissionsApiUserOnly: true,
      },
    });
  });

  it('answers the pre-flight permission set assignment query, profile-owned sets included', () => {
    const result = runQuery(
      state,
      `SELECT AssigneeId, PermissionSet.Name, PermissionSet.PermissionsModifyAllData, PermissionSet.PermissionsApiUserOnly, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE AssigneeId IN ('${integration.id}')`,
    );
    const names = result.records.map((r) => (r.PermissionSet as { Name: string }).Name);
    expect(names).to.include('ECA_Integration');
    expect(result.records.some((r) => (r.PermissionSet as { IsOwnedByProfile: boolean }).IsOwnedByProfile)).to.equal(
      true,
    );
  });

  const table: Array<[string, number]> = [
    [
      "SELECT Id, Name FROM PermissionSet WHERE Name IN ('ECA_Integration', 'Admin_Like', 'Nope') AND IsOwnedByProfile = false",
      2,
    ],
    ["SELECT Id, Name FROM Profile WHERE Name IN ('System Administrator', 'Standard User')", 2],
    ['SELECT Id FROM User WHERE IsActive = false', 1],
    [
      "SELECT Id FROM User WHERE IsActive = true AND (Profile.Name = 'System Administrator' OR Profile.PermissionsApiUserOnly = true)",
      2,
    ],
    ["SELECT Id FROM User WHERE NOT (Username = 'admin@eca-emulator.test')", 3],
    ["SELECT Id FROM User WHERE Username != 'admin@eca-emulator.test' LIMIT 2", 2],
    ["select id from user where username = 'ADMIN@eca-emulator.test'", 1],
    ["SELECT Id FROM User WHERE Username LIKE '%@eca-emulator.test'", 4],
    ["SELECT Id FROM User WHERE Username NOT IN ('admin@eca-emulator.test')", 3],
    ["SELECT Id FROM User WHERE LastName = 'O\\'Brien' OR LastName = 'back\\\\slash'", 0],
    ["SELECT Id, DeveloperName FROM ExternalClientApplication WHERE DeveloperName = 'X'", 0],
    [
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
      1,
    ],
    ['SELECT Id FROM PermissionSet WHERE ProfileId = null', 2],
    ['SELECT COUNT() FROM User', 4],
  ];
  for (const [soql, count] of table) {
    it(`counts ${count} for ${soql}`, () => {
      expect(runQuery(state, soql).totalSize).to.equal(count);
    });
  }

  it('reads escaped string literals', () => {
    const query = parseSoql("SELECT Id FROM User WHERE LastName = 'O\\'Brien \\\\ x'");
    expect(query.where).to.deep.equal({ kind: 'compare', field: 'LastName', op: '=', value: "O'Brien \\ x" });
  });

  const errors: Array<[string, string, RegExp]> = [
    ['SELECT FROM User', 'MALFORMED_QUERY', /unexpected token: 'FROM'/],
    ['SELECT Id FROM User WHERE', 'MALFORMED_QUERY', /unexpected end of query/],
    ["SELECT Id FROM User WHERE Username = 'open", 'MALFORMED_QUERY', /unterminated/],
    ['SELECT Id FROM User WHERE (IsActive = true', 'MALFORMED_QUERY', /unexpected end/],
    ['SELECT Id FROM User LIMIT x', 'MALFORMED_QUERY', /unexpected token: 'x'/],
    ['SELECT Id FROM User WHERE Username IN ()', 'MALFORMED_QUERY', /unexpected token: '\)'/],
    ["SELECT Id FROM User WHERE Username = 'a\\q'", 'MALFORMED_QUERY', /escape/],
    ['SELECT Bogus FROM User', 'INVALID_FIELD', /No such column 'Bogus' on entity 'User'/],
    ['SELECT Profile.Bogus FROM User', 'INVALID_FIELD', /No such column 'Bogus' on entity 'Profile'/],
    ['SELECT Id FROM User WHERE Manager.Name = null', 'INVALID_FIELD', /relationship 'Manager'/],
    ['SELECT Id FROM Widget', 'INVALID_TYPE', /sObject type 'Widget' is not supported/],
  ];
  for (const [soql, code, message] of errors) {
    it(`refuses ${soql} with ${code}`, () => {
      let caught: unknown;
      try {
        runQuery(state, soql);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(SoqlError);
      expect((caught as SoqlError).errorCode).to.equal(code);
      expect((caught as SoqlError).message).to.match(message);
    });
  }

  describe('over HTTP', () => {
    let emulator: Emulator;
    before(async () => (emulator = await startEmulator()));
    after(() => emulator.close());

    const get = (soql: string, token?: string): Promise<Response> =>
      fetch(`${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });

    it('answers 200 with records', async () => {
      const response = await get(
        "SELECT Id FROM User WHERE Username = 'admin@eca-emulator.test'",
        emulator.openSession().token,
      );
      expect(response.status).to.equal(200);
      expect(((await response.json()) as { totalSize: number }).totalSize).to.equal(1);
    });

    it('answers columns=true (what sf data query asks first) with columnMetadata, relationships as joinColumns', async () => {
      const token = emulator.openSession().token;
      const response = await fetch(
        `${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id, Username, Profile.Name FROM User')}&columns=true`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(response.status).to.equal(200);
      const body = (await response.json()) as {
        columnMetadata: Array<{ columnName: string; displayName: string; aggregate: boolean; joinColumns: unknown[] }>;
        entityName: string;
      };
      expect(body.entityName).to.equal('User');
      expect(body.columnMetadata.map((c) => c.columnName)).to.deep.equal(['Id', 'Username', 'Profile']);
      expect(body.columnMetadata[0]).to.include({ aggregate: false, displayName: 'Id' });
      expect(body.columnMetadata[2].joinColumns[0]).to.include({ columnName: 'Name', displayName: 'Profile.Name' });
      expect(body).to.not.have.property('records');
      const count = await fetch(
        `${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent('SELECT COUNT() FROM User')}&columns=true`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(((await count.json()) as { columnMetadata: unknown[] }).columnMetadata).to.deep.equal([]);
      const bad = await fetch(
        `${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent('SELECT x FROM User')}&columns=true`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      expect(bad.status).to.equal(400);
    });

    it('answers 400 with the error code for a bad query', async () => {
      const token = emulator.openSession().token;
      for (const [soql, code] of [
        ['SELECT', 'MALFORMED_QUERY'],
        ['SELECT x FROM User', 'INVALID_FIELD'],
        ['SELECT Id FROM Nope', 'INVALID_TYPE'],
      ]) {
        const response = await get(soql, token);
        expect(response.status).to.equal(400);
        expect(((await response.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal(code);
      }
    });
  });
});
