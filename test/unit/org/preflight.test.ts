import { expect } from 'chai';
import {
  type AssignmentRecord,
  type OrgFacts,
  type PreflightCheck,
  type UserRecord,
  evaluatePreflight,
  gatherOrgFacts,
  preflightError,
} from '../../../src/org/preflight.js';
import {
  externalClientAppIdQuery,
  permissionSetsByNameQuery,
  soqlInList,
  usersByUsernameQuery,
} from '../../../src/org/soql.js';

const integrationProfile = {
  Name: 'Minimum Access - API Only Integrations',
  PermissionsModifyAllData: false,
  PermissionsViewAllData: false,
  PermissionsManageUsers: false,
  PermissionsCustomizeApplication: false,
  PermissionsApiUserOnly: true,
};
const user = (id: string, username: string, overrides: Partial<UserRecord> = {}): UserRecord => ({
  Id: id,
  Username: username,
  IsActive: true,
  Profile: integrationProfile,
  ...overrides,
});
const assignment = (assigneeId: string, name: string, grants: Record<string, boolean>): AssignmentRecord => ({
  AssigneeId: assigneeId,
  PermissionSet: { Name: name, IsOwnedByProfile: false, ...grants },
});

const facts = (users: UserRecord[], assignments: AssignmentRecord[] = []): OrgFacts => ({
  users,
  assignments,
  permissionSetNames: ['ECA_Integration'],
  profileNames: ['Minimum Access - API Only Integrations'],
  profilesWithActiveUsers: ['Minimum Access - API Only Integrations'],
  permissionSetsWithActiveUsers: [],
});

const statusOf = (checks: PreflightCheck[], name: PreflightCheck['check']): string | undefined =>
  checks.find((item) => item.check === name)?.status;

describe('preflight: the run-as user', () => {
  const username = 'integration@example.com';
  const table: Array<{
    case: string;
    users: UserRecord[];
    assignments?: AssignmentRecord[];
    expected: Partial<Record<PreflightCheck['check'], string | undefined>>;
    reason?: RegExp;
  }> = [
    {
      case: 'a dedicated API-only integration user passes every check',
      users: [user('005A', username)],
      expected: {
        'run-as-user-exists': 'pass',
        'run-as-user-active': 'pass',
        'run-as-user-not-admin': 'pass',
        'run-as-user-api-only': 'pass',
      },
    },
    {
      case: 'the username matches case-insensitively, as Salesforce usernames do',
      users: [user('005A', 'Integration@Example.com')],
      expected: { 'run-as-user-exists': 'pass' },
    },
    {
      case: 'a missing user fails existence and skips the other user checks',
      users: [],
      expected: { 'run-as-user-exists': 'fail', 'run-as-user-active': undefined, 'run-as-user-not-admin': undefined },
    },
    {
      case: 'an inactive user fails',
      users: [user('005A', username, { IsActive: false })],
      expected: { 'run-as-user-active': 'fail', 'run-as-user-not-admin': 'pass' },
    },
    {
      case: 'the System Administrator profile is an administrator even without the permission fields',
      users: [user('005A', username, { Profile: { Name: 'System Administrator' } })],
      expected: { 'run-as-user-not-admin': 'fail', 'run-as-user-api-only': 'fail' },
      reason: /profile System Administrator/,
    },
    {
      case: 'a custom profile with Modify All Data is an administrator',
      users: [
        user('005A', username, { Profile: { ...integrationProfile, Name: 'Ops', PermissionsModifyAllData: true } }),
      ],
      expected: { 'run-as-user-not-admin': 'fail' },
      reason: /profile Ops grants ModifyAllData/,
    },
    {
      case: 'a permission set with View All Data makes the user an administrator',
      users: [user('005A', username)],
      assignments: [assignment('005A', 'Admin_Like', { PermissionsViewAllData: true })],
      expected: { 'run-as-user-not-admin': 'fail', 'run-as-user-api-only': 'pass' },
      reason: /permission set Admin_Like grants ViewAllData/,
    },
    {
      case: 'Manage Users and Customize Application count too',
      users: [user('005A', username)],
      assignments: [
        assignment('005A', 'Setup', { PermissionsManageUsers: true, PermissionsCustomizeApplication: true }),
      ],
      expected: { 'run-as-user-not-admin': 'fail' },
      reason: /ManageUsers, CustomizeApplication/,
    },
    {
      case: "another user's admin permission set does not count",
      users: [user('005A', username)],
      assignments: [assignment('005B', 'Admin_Like', { PermissionsModifyAllData: true })],
      expected: { 'run-as-user-not-admin': 'pass' },
    },
    {
      case: 'a user that can log in to the UI is not API Only',
      users: [
        user('005A', username, {
          Profile: { ...integrationProfile, Name: 'Standard User', PermissionsApiUserOnly: false },
        }),
      ],
      expected: { 'run-as-user-not-admin': 'pass', 'run-as-user-api-only': 'fail' },
    },
    {
      case: 'API Only through a permission set is enough',
      users: [user('005A', username, { Profile: { ...integrationProfile, PermissionsApiUserOnly: false } })],
      assignments: [assignment('005A', 'Api_Only', { PermissionsApiUserOnly: true })],
      expected: { 'run-as-user-api-only': 'pass' },
    },
  ];

  for (const row of table) {
    it(row.case, () => {
      const checks = evaluatePreflight(
        { runAsUser: username, permissionSets: [], profiles: [] },
        facts(row.users, row.assignments),
      );
      for (const [name, status] of Object.entries(row.expected)) {
        expect(statusOf(checks, name as PreflightCheck['check']), name).to.equal(status);
      }
      if (row.reason)
        expect(checks.find((item) => item.check === 'run-as-user-not-admin')?.message).to.match(row.reason);
    });
  }

  it("gives the seed's advice when the run-as user is an administrator", () => {
    const checks = evaluatePreflight(
      { runAsUser: username, permissionSets: [], profiles: [] },
      facts([user('005A', username, { Profile: { Name: 'System Administrator' } })]),
    );
    const error = preflightError(checks);
    expect(error?.message).to.match(/is an administrator/);
    expect(error?.actions?.join('\n')).to.include('Pair the app with a dedicated integration user, not an admin.');
  });

  it('--allow-admin-run-as-user turns the administrator and API Only failures into warnings', () => {
    const checks = evaluatePreflight(
      { runAsUser: username, permissionSets: [], profiles: [] },
      facts([user('005A', username, { Profile: { Name: 'System Administrator' } })]),
      { allowAdminRunAsUser: true },
    );
    expect(statusOf(checks, 'run-as-user-not-admin')).to.equal('warn');
    expect(statusOf(checks, 'run-as-user-api-only')).to.equal('warn');
    expect(preflightError(checks)).to.equal(undefined);
  });

  it('the override does not excuse a missing or inactive user', () => {
    const missing = evaluatePreflight({ runAsUser: username, permissionSets: [], profiles: [] }, facts([]), {
      allowAdminRunAsUser: true,
    });
    expect(preflightError(missing)?.message).to.include("doesn't exist");
    const inactive = evaluatePreflight(
      { runAsUser: username, permissionSets: [], profiles: [] },
      facts([user('005A', username, { IsActive: false })]),
      { allowAdminRunAsUser: true },
    );
    expect(preflightError(inactive)?.message).to.include('inactive');
  });
});

describe('preflight: profiles and permission sets', () => {
  it('fails on a missing permission set or profile, warns when nobody active holds one', () => {
    const checks = evaluatePreflight(
      { permissionSets: ['ECA_Integration', 'Nope'], profiles: ['Minimum Access - API Only Integrations', 'Ghost'] },
      facts([]),
    );
    expect(checks.map((item) => `${item.check} ${item.subject} ${item.status}`)).to.deep.equal([
      'permission-set-exists ECA_Integration pass',
      'permission-set-has-active-users ECA_Integration warn',
      'permission-set-exists Nope fail',
      'profile-exists Minimum Access - API Only Integrations pass',
      'profile-has-active-users Minimum Access - API Only Integrations pass',
      'profile-exists Ghost fail',
    ]);
    const error = preflightError(checks);
    expect(error?.message).to.include('Permission set Nope');
    expect(error?.message).to.include('Profile Ghost');
    expect(error?.message).not.to.include('ECA_Integration');
  });

  it('no requirements, no checks, no error', () => {
    const checks = evaluatePreflight({ permissionSets: [], profiles: [] }, facts([]));
    expect(checks).to.deep.equal([]);
    expect(preflightError(checks)).to.equal(undefined);
  });
});

describe('preflight: asking the org', () => {
  it("sends every query at once, the run-as user's assignments included (by username, not by id)", async () => {
    const asked: string[] = [];
    const pending: Array<() => void> = [];
    const query = <T>(soql: string): Promise<T[]> => {
      asked.push(soql);
      const rows: unknown[] = soql.startsWith('SELECT Id, Username')
        ? [user('005A', "o'brien@example.com")]
        : soql.includes('FROM PermissionSetAssignment WHERE Assignee.Username')
          ? [
              {
                AssigneeId: '005A',
                PermissionSet: { Name: 'X_Admin', IsOwnedByProfile: false, PermissionsModifyAllData: true },
              },
            ]
          : [];
      return new Promise((resolve) => pending.push(() => resolve(rows as T[])));
    };
    const result = gatherOrgFacts(query, {
      runAsUser: "o'brien@example.com",
      permissionSets: ['ECA_Integration'],
      profiles: ['P'],
    });
    await Promise.resolve();
    // All seven before any answer: one round trip, whatever the org's latency.
    expect(asked).to.have.length(7);
    expect(asked[1]).to.equal(
      "SELECT AssigneeId, PermissionSet.Name, PermissionSet.IsOwnedByProfile, PermissionSet.PermissionsModifyAllData, PermissionSet.PermissionsViewAllData, PermissionSet.PermissionsManageUsers, PermissionSet.PermissionsCustomizeApplication, PermissionSet.PermissionsApiUserOnly FROM PermissionSetAssignment WHERE Assignee.Username IN ('o\\'brien@example.com')",
    );
    pending.splice(0).forEach((release) => release());
    const gathered = await result;
    expect(asked).to.have.length(7);
    expect(gathered.users.map((row) => row.Username)).to.deep.equal(["o'brien@example.com"]);
    expect(gathered.assignments.map((row) => row.PermissionSet?.Name)).to.deep.equal(['X_Admin']);
    expect(asked[0]).to.include("WHERE Username IN ('o\\'brien@example.com')");
  });

  it('asks nothing when the app names no user, profile or permission set', async () => {
    const asked: string[] = [];
    await gatherOrgFacts(
      <T>(soql: string) => {
        asked.push(soql);
        return Promise.resolve([] as T[]);
      },
      { permissionSets: [], profiles: [] },
    );
    expect(asked).to.deep.equal([]);
  });
});

describe('SOQL query builders', () => {
  it('builds IN lists without duplicates and refuses an empty one', () => {
    expect(soqlInList(['a', "b'c", 'a'])).to.equal("('a', 'b\\'c')");
    expect(() => soqlInList([])).to.throw(/at least one/);
  });

  it('escapes user input in every builder', () => {
    expect(usersByUsernameQuery(["o'brien@x.com"])).to.equal(
      "SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsModifyAllData, Profile.PermissionsViewAllData, Profile.PermissionsManageUsers, Profile.PermissionsCustomizeApplication, Profile.PermissionsApiUserOnly FROM User WHERE Username IN ('o\\'brien@x.com')",
    );
    expect(permissionSetsByNameQuery(['A\\B'])).to.equal(
      "SELECT Id, Name FROM PermissionSet WHERE Name IN ('A\\\\B') AND IsOwnedByProfile = false",
    );
    expect(externalClientAppIdQuery("My'App")).to.equal(
      "SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'My\\'App'",
    );
  });
});

describe('preflight: a run-as user given by its email, and the override of each case', () => {
  const requirements = { runAsUser: 'integration.owner@acme.example', permissionSets: [], profiles: [] };

  it('points to the username that owns the email address', () => {
    const checks = evaluatePreflight(requirements, {
      ...facts([]),
      usersByEmail: [{ Username: 'integration@acme.test', Email: 'integration.owner@acme.example' }],
    });
    expect(checks).to.have.length(1);
    expect(checks[0]).to.include({ check: 'run-as-user-exists', status: 'fail' });
    expect(checks[0].message).to.equal(
      'Run-as user integration.owner@acme.example is an email address, not a username: it is the email of integration@acme.test.',
    );
    expect(checks[0].actions.join('\n')).not.to.match(/Create the integration user/);
  });

  it('without such an email, says the user does not exist', () => {
    const checks = evaluatePreflight(requirements, { ...facts([]), usersByEmail: [] });
    expect(checks[0].message).to.match(/doesn't exist in the target org/);
  });

  const notApiOnly = user('005B', 'ui@example.com', {
    Profile: { ...integrationProfile, PermissionsApiUserOnly: false },
  });
  const uiRequirements = { runAsUser: 'ui@example.com', permissionSets: [], profiles: [] };
  const table: Array<[string, { allowAdminRunAsUser?: boolean; allowNonApiOnlyRunAsUser?: boolean }, string]> = [
    ['no override', {}, 'fail'],
    ['--allow-non-api-only-run-as-user', { allowNonApiOnlyRunAsUser: true }, 'warn'],
    ['--allow-admin-run-as-user (deprecated for this case)', { allowAdminRunAsUser: true }, 'warn'],
    [
      '--allow-admin-run-as-user with the new flag off',
      { allowAdminRunAsUser: true, allowNonApiOnlyRunAsUser: false },
      'fail',
    ],
  ];
  for (const [label, options, expected] of table) {
    it(`a user that can log in to the UI, ${label}: ${expected}`, () => {
      const checks = evaluatePreflight(uiRequirements, facts([notApiOnly]), options);
      expect(statusOf(checks, 'run-as-user-api-only')).to.equal(expected);
      expect(statusOf(checks, 'run-as-user-not-admin')).to.equal('pass');
    });
  }

  it('the advice for a user that is not API Only is not worded for administrators', () => {
    const check = evaluatePreflight(uiRequirements, facts([notApiOnly])).find(
      (item) => item.check === 'run-as-user-api-only',
    );
    const advice = check?.actions.join('\n') ?? '';
    expect(advice).to.include('--allow-non-api-only-run-as-user');
    expect(advice).not.to.match(/admin/i);
  });

  it('--allow-non-api-only-run-as-user does not let an administrator through', () => {
    const admin = user('005C', 'ui@example.com', {
      Profile: { ...integrationProfile, Name: 'System Administrator', PermissionsModifyAllData: true },
    });
    const checks = evaluatePreflight(uiRequirements, facts([admin]), { allowNonApiOnlyRunAsUser: true });
    expect(statusOf(checks, 'run-as-user-not-admin')).to.equal('fail');
  });
});
