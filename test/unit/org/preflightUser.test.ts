import { expect } from 'chai';
import {
  type AssignmentRecord,
  type OrgFacts,
  type PreflightRequirements,
  type UserRecord,
  gatherOrgFacts,
} from '../../../src/org/preflight.js';
import { admittedBy, chooseVerifyingUser } from '../../../src/org/preflightUser.js';

const DEPLOYER = 'admin@acme.example';
const user = (id: string, username: string, profile: string, active = true): UserRecord => ({
  Id: id,
  Username: username,
  IsActive: active,
  Profile: { Name: profile },
});
const assigned = (assigneeId: string, name: string, ownedByProfile = false): AssignmentRecord => ({
  AssigneeId: assigneeId,
  PermissionSet: { Name: name, IsOwnedByProfile: ownedByProfile },
});
const facts = (over: Partial<OrgFacts> = {}): OrgFacts => ({
  users: [user('005D', DEPLOYER, 'System Administrator')],
  assignments: [assigned('005D', 'X00e000000000AB', true)],
  permissionSetNames: [],
  profileNames: [],
  profilesWithActiveUsers: [],
  permissionSetsWithActiveUsers: [],
  holders: [],
  ...over,
});
const needs = (over: Partial<PreflightRequirements> = {}): PreflightRequirements => ({
  permissionSets: [],
  profiles: [],
  permittedUsers: 'AdminApprovedPreAuthorized',
  verifyingUser: DEPLOYER,
  ...over,
});
const integration = { kind: 'permission-set' as const, name: 'ECA_Integration', username: 'integration@acme.example' };

describe('preflight: the user a JWT bearer app is verified as', () => {
  const rows: Array<{ case: string; requirements: PreflightRequirements; facts: OrgFacts; expected: unknown }> = [
    {
      case: 'the deploying user holds a listed permission set: the deploying user',
      requirements: needs({ permissionSets: ['ECA_Integration'] }),
      facts: facts({ assignments: [assigned('005D', 'eca_integration')], holders: [integration] }),
      expected: {
        reason: 'deploying-user',
        username: DEPLOYER,
        via: { kind: 'permission-set', name: 'eca_integration' },
      },
    },
    {
      case: "the deploying user's profile is listed: the deploying user, before any other holder",
      requirements: needs({ permissionSets: ['ECA_Integration'], profiles: ['System Administrator'] }),
      facts: facts({ holders: [integration] }),
      expected: {
        reason: 'deploying-user',
        username: DEPLOYER,
        via: { kind: 'profile', name: 'System Administrator' },
      },
    },
    {
      case: 'the deploying user lacks the permission set: the active user who has it',
      requirements: needs({ permissionSets: ['ECA_Integration'] }),
      facts: facts({ holders: [integration] }),
      expected: {
        reason: 'admitted-user',
        username: 'integration@acme.example',
        via: { kind: 'permission-set', name: 'ECA_Integration' },
        deployingUser: DEPLOYER,
      },
    },
    {
      case: 'a profile-owned permission set of the same name does not admit',
      requirements: needs({ permissionSets: ['X00e000000000AB'] }),
      facts: facts(),
      expected: { reason: 'nobody-admitted', permissionSets: ['X00e000000000AB'], profiles: [] },
    },
    {
      case: 'holders of a permission set come before holders of a profile',
      requirements: needs({ permissionSets: ['ECA_Integration'], profiles: ['Integration'] }),
      facts: facts({
        holders: [integration, { kind: 'profile', name: 'Integration', username: 'other@acme.example' }],
      }),
      expected: {
        reason: 'admitted-user',
        username: 'integration@acme.example',
        via: { kind: 'permission-set', name: 'ECA_Integration' },
        deployingUser: DEPLOYER,
      },
    },
    {
      case: 'an inactive deploying user record does not count',
      requirements: needs({ profiles: ['System Administrator'] }),
      facts: facts({ users: [user('005D', DEPLOYER, 'System Administrator', false)] }),
      expected: { reason: 'nobody-admitted', permissionSets: [], profiles: ['System Administrator'] },
    },
    {
      case: 'nobody active holds what the app lists: nobody admitted, with what it lists',
      requirements: needs({ permissionSets: ['Nobody_Has_It'], profiles: ['Custom: Integration'] }),
      facts: facts(),
      expected: { reason: 'nobody-admitted', permissionSets: ['Nobody_Has_It'], profiles: ['Custom: Integration'] },
    },
    {
      case: 'self-authorized: no user the org can tell, even with a listed permission set held',
      requirements: needs({ permittedUsers: 'AllSelfAuthorized', permissionSets: ['ECA_Integration'] }),
      facts: facts({ assignments: [assigned('005D', 'ECA_Integration')], holders: [integration] }),
      expected: { reason: 'self-authorized' },
    },
  ];
  for (const row of rows) {
    it(row.case, () => expect(chooseVerifyingUser(row.requirements, row.facts)).to.deep.equal(row.expected));
  }

  it('admittedBy: undefined for a user the facts do not hold', () => {
    expect(admittedBy('nobody@acme.example', needs({ profiles: ['System Administrator'] }), facts())).to.equal(
      undefined,
    );
  });
});

describe('preflight: asking the org for the verifying user', () => {
  const recording = (answers: (soql: string) => unknown[]) => {
    const asked: string[] = [];
    const query = <T>(soql: string): Promise<T[]> => {
      asked.push(soql);
      return Promise.resolve(answers(soql) as T[]);
    };
    return { asked, query };
  };

  it('asks for the deploying user with the user and assignment queries, and names the holders found', async () => {
    const { asked, query } = recording((soql) =>
      soql.startsWith('SELECT AssigneeId, Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment')
        ? [{ AssigneeId: '005I', Assignee: { Username: 'integration@acme.example' }, PermissionSet: { Name: 'A' } }]
        : soql.startsWith('SELECT Id, Username, Profile.Name FROM User WHERE Profile.Name')
          ? [{ Id: '005O', Username: 'other@acme.example', Profile: { Name: 'P' } }]
          : [],
    );
    const gathered = await gatherOrgFacts(query, needs({ permissionSets: ['A'], profiles: ['P'] }));
    // Users, assignments, the permission set, the profile, and one "has active users" query for each.
    expect(asked).to.have.length(6);
    expect(asked[0]).to.include(`WHERE Username IN ('${DEPLOYER}')`);
    expect(asked[1]).to.include(`WHERE Assignee.Username IN ('${DEPLOYER}')`);
    expect(gathered.holders).to.deep.equal([
      { kind: 'permission-set', name: 'A', username: 'integration@acme.example' },
      { kind: 'profile', name: 'P', username: 'other@acme.example' },
    ]);
    expect(gathered.permissionSetsWithActiveUsers).to.deep.equal(['A']);
    expect(gathered.profilesWithActiveUsers).to.deep.equal(['P']);
  });

  it('shares the run-as user queries: no query more for an app with a run-as user', async () => {
    const withRunAs = recording(() => []);
    await gatherOrgFacts(withRunAs.query, needs({ runAsUser: 'run.as@acme.example', permissionSets: ['A'] }));
    const without = recording(() => []);
    await gatherOrgFacts(without.query, {
      runAsUser: 'run.as@acme.example',
      permissionSets: ['A'],
      profiles: [],
    });
    expect(withRunAs.asked).to.have.length(without.asked.length);
    expect(withRunAs.asked[0]).to.include(`IN ('run.as@acme.example', '${DEPLOYER}')`);
  });
});
