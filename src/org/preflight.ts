/*
 * Pre-flight checks of the target org before an app is deployed: does the run-as user exist, is it active, is it a
 * dedicated least-privileged integration user (not an administrator, API Only), and do the profiles and permission
 * sets the app pre-authorizes exist and have active users.
 *
 * Two halves: `gatherOrgFacts` asks the org (SOQL from ./soql.js, in parallel), `evaluatePreflight` decides from
 * those facts alone (pure, table-tested). `runPreflight` is both.
 */
import { type SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { ADMIN_PERMISSION_FIELDS, API_ONLY_FIELD, type AdminPermissionField } from './soql.js';
import { gatherOrgFacts } from './preflightFacts.js';
import { type VerifyingUser, chooseVerifyingUser } from './preflightUser.js';

export { gatherOrgFacts } from './preflightFacts.js';
export type { AdmittedBy, VerifyingUser } from './preflightUser.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'preflight');

/** The profile whose holders are administrators whatever its permission fields say. */
export const ADMIN_PROFILE_NAME = 'System Administrator';

/** What an app asks of the org: taken from AppSpec.policies. */
export type PreflightRequirements = {
  runAsUser?: string;
  permissionSets: readonly string[];
  profiles: readonly string[];
  /** Who may use the app; with AllSelfAuthorized the lists above admit nobody in particular. */
  permittedUsers?: 'AdminApprovedPreAuthorized' | 'AllSelfAuthorized';
  /** A JWT bearer app: the user it is first verified as (the deploying user), asked whether the app admits it. */
  verifyingUser?: string;
};

type PermissionFlags = Partial<Record<AdminPermissionField | typeof API_ONLY_FIELD, boolean | null>>;

/** A User row as the org returns it (`Profile` is null when the user cannot see it). */
export type UserRecord = {
  Id: string;
  Username: string;
  IsActive: boolean;
  Profile?: (PermissionFlags & { Name?: string | null }) | null;
};

/** A PermissionSetAssignment row (profile-owned permission sets included). */
export type AssignmentRecord = {
  AssigneeId: string;
  PermissionSet?: (PermissionFlags & { Name?: string | null; IsOwnedByProfile?: boolean | null }) | null;
};

/** Everything the checks need, as read from the org. */
export type OrgFacts = {
  users: UserRecord[];
  assignments: AssignmentRecord[];
  permissionSetNames: string[];
  profileNames: string[];
  /** Names of the required profiles held by at least one active user. */
  profilesWithActiveUsers: string[];
  /** Names of the required permission sets assigned to at least one active user. */
  permissionSetsWithActiveUsers: string[];
  /** Users whose email address is the run-as user given (a username was expected). */
  usersByEmail?: Array<{ Username: string; Email?: string | null }>;
  /** For each required permission set and profile held by an active user, one such user (permission sets first). */
  holders?: Array<{ kind: 'permission-set' | 'profile'; name: string; username: string }>;
};

export type PreflightCheckName =
  | 'run-as-user-exists'
  | 'run-as-user-active'
  | 'run-as-user-not-admin'
  | 'run-as-user-api-only'
  | 'permission-set-exists'
  | 'permission-set-has-active-users'
  | 'profile-exists'
  | 'profile-has-active-users';

export type PreflightCheck = {
  check: PreflightCheckName;
  /** The username, permission set or profile the check is about. */
  subject: string;
  /** pass; fail (blocks the deploy); warn (reported, does not block). */
  status: 'pass' | 'fail' | 'warn';
  message: string;
  actions: string[];
};

export type PreflightOptions = {
  /** The emergency override: an administrator run-as user becomes a warning instead of a failure. */
  allowAdminRunAsUser?: boolean;
  /**
   * A run-as user that isn't API Only (it can also log in to the UI) becomes a warning instead of a failure. When
   * left out, allowAdminRunAsUser stands for it, as the one override of earlier versions did (deprecated).
   */
  allowNonApiOnlyRunAsUser?: boolean;
};

/** Runs one SOQL query and returns its records. */
export type SoqlRunner = <T>(soql: string) => Promise<T[]>;

const check = (
  name: PreflightCheckName,
  subject: string,
  status: PreflightCheck['status'],
  messageKey: string,
  tokens: string[] = [subject],
): PreflightCheck => {
  const actionsKey = `${messageKey}.actions`;
  return {
    check: name,
    subject,
    status,
    message: messages.getMessage(messageKey, tokens),
    actions: status === 'pass' ? [] : messages.getMessages(actionsKey, tokens),
  };
};

/** Why a user counts as an administrator: one line per source ("profile System Administrator", "permission set X: ModifyAllData"). */
export function adminReasons(user: UserRecord, assignments: readonly AssignmentRecord[]): string[] {
  const reasons: string[] = [];
  const profileName = user.Profile?.Name ?? '';
  if (profileName === ADMIN_PROFILE_NAME) reasons.push(messages.getMessage('reason.adminProfile', [profileName]));
  const profileGrants = ADMIN_PERMISSION_FIELDS.filter((field) => user.Profile?.[field] === true);
  if (profileGrants.length > 0 && profileName !== ADMIN_PROFILE_NAME) {
    reasons.push(
      messages.getMessage('reason.profileGrants', [profileName, profileGrants.map(permissionLabel).join(', ')]),
    );
  }
  for (const assignment of assignments) {
    const permissionSet = assignment.PermissionSet;
    if (assignment.AssigneeId !== user.Id || !permissionSet || permissionSet.IsOwnedByProfile === true) continue;
    const grants = ADMIN_PERMISSION_FIELDS.filter((field) => permissionSet[field] === true);
    if (grants.length > 0) {
      reasons.push(
        messages.getMessage('reason.permissionSetGrants', [
          permissionSet.Name ?? '?',
          grants.map(permissionLabel).join(', '),
        ]),
      );
    }
  }
  return reasons;
}

/** API Only through the profile or any assigned permission set. */
export function isApiOnly(user: UserRecord, assignments: readonly AssignmentRecord[]): boolean {
  if (user.Profile?.[API_ONLY_FIELD] === true) return true;
  return assignments.some(
    (assignment) => assignment.AssigneeId === user.Id && assignment.PermissionSet?.[API_ONLY_FIELD] === true,
  );
}

function permissionLabel(field: string): string {
  return field.replace(/^Permissions/, '');
}

function runAsUserChecks(username: string, facts: OrgFacts, options: PreflightOptions): PreflightCheck[] {
  const user = facts.users.find((candidate) => candidate.Username.toLowerCase() === username.toLowerCase());
  const owners = (facts.usersByEmail ?? []).filter((row) => row.Email?.toLowerCase() === username.toLowerCase());
  if (!user && owners.length > 0) {
    const usernames = owners.map((row) => row.Username).join(', ');
    return [check('run-as-user-exists', username, 'fail', 'check.runAsUserIsEmail', [username, usernames])];
  }
  if (!user) return [check('run-as-user-exists', username, 'fail', 'check.runAsUserMissing')];
  const checks = [check('run-as-user-exists', username, 'pass', 'check.runAsUserExists')];
  checks.push(
    user.IsActive
      ? check('run-as-user-active', username, 'pass', 'check.runAsUserActive')
      : check('run-as-user-active', username, 'fail', 'check.runAsUserInactive'),
  );
  const adminOverride = options.allowAdminRunAsUser === true ? 'warn' : 'fail';
  const uiOverride = (options.allowNonApiOnlyRunAsUser ?? options.allowAdminRunAsUser) === true ? 'warn' : 'fail';
  const reasons = adminReasons(user, facts.assignments);
  checks.push(
    reasons.length === 0
      ? check('run-as-user-not-admin', username, 'pass', 'check.runAsUserNotAdmin')
      : check('run-as-user-not-admin', username, adminOverride, 'check.runAsUserAdmin', [username, reasons.join('; ')]),
  );
  checks.push(
    isApiOnly(user, facts.assignments)
      ? check('run-as-user-api-only', username, 'pass', 'check.runAsUserApiOnly')
      : check('run-as-user-api-only', username, uiOverride, 'check.runAsUserNotApiOnly'),
  );
  return checks;
}

const includesName = (names: readonly string[], name: string): boolean =>
  names.some((candidate) => candidate.toLowerCase() === name.toLowerCase());

function namedAccessChecks(
  kind: 'permission-set' | 'profile',
  names: readonly string[],
  existing: readonly string[],
  withActiveUsers: readonly string[],
): PreflightCheck[] {
  const prefix = kind === 'permission-set' ? 'check.permissionSet' : 'check.profile';
  return names.flatMap((name) => {
    if (!includesName(existing, name)) return [check(`${kind}-exists`, name, 'fail', `${prefix}Missing`)];
    return [
      check(`${kind}-exists`, name, 'pass', `${prefix}Exists`),
      includesName(withActiveUsers, name)
        ? check(`${kind}-has-active-users`, name, 'pass', `${prefix}HasActiveUsers`)
        : check(`${kind}-has-active-users`, name, 'warn', `${prefix}NoActiveUsers`),
    ];
  });
}

/** Decide every check from the facts. Pure. */
export function evaluatePreflight(
  requirements: PreflightRequirements,
  facts: OrgFacts,
  options: PreflightOptions = {},
): PreflightCheck[] {
  return [
    ...(requirements.runAsUser ? runAsUserChecks(requirements.runAsUser, facts, options) : []),
    ...namedAccessChecks(
      'permission-set',
      requirements.permissionSets,
      facts.permissionSetNames,
      facts.permissionSetsWithActiveUsers,
    ),
    ...namedAccessChecks('profile', requirements.profiles, facts.profileNames, facts.profilesWithActiveUsers),
  ];
}

/** Ask the org, then decide. */
export async function runPreflight(
  query: SoqlRunner,
  requirements: PreflightRequirements,
  options: PreflightOptions = {},
): Promise<PreflightCheck[]> {
  return evaluatePreflight(requirements, await gatherOrgFacts(query, requirements), options);
}

/**
 * Ask the org once, then decide the checks and, when the requirements name a verifying user (a JWT bearer app), who
 * the app can be verified as.
 */
export async function runPreflightAndChooseUser(
  query: SoqlRunner,
  requirements: PreflightRequirements,
  options: PreflightOptions = {},
): Promise<{ checks: PreflightCheck[]; verifyingUser?: VerifyingUser }> {
  const facts = await gatherOrgFacts(query, requirements);
  return {
    checks: evaluatePreflight(requirements, facts, options),
    ...(requirements.verifyingUser !== undefined ? { verifyingUser: chooseVerifyingUser(requirements, facts) } : {}),
  };
}

/** The error that stops a deploy when any check failed, naming every failure and its fix; undefined when none did. */
export function preflightError(checks: readonly PreflightCheck[]): SfError | undefined {
  const failures = checks.filter((item) => item.status === 'fail');
  if (failures.length === 0) return undefined;
  const error = messages.createError('error.PreflightFailed', [failures.map((item) => `- ${item.message}`).join('\n')]);
  error.actions = [...new Set(failures.flatMap((item) => item.actions))];
  return error;
}
