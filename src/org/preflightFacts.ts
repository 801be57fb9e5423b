/*
 * The half of the pre-flight that asks the org (./preflight.ts decides): every query at once, so that they go
 * together in Composite requests (./soqlBatch.ts).
 */
import type { AssignmentRecord, OrgFacts, PreflightRequirements, SoqlRunner, UserRecord } from './preflight.js';
import {
  activeAssignmentOfPermissionSetQuery,
  activeUserWithProfileQuery,
  assignmentsByAssigneeUsernameQuery,
  permissionSetsByNameQuery,
  profilesByNameQuery,
  usersByEmailQuery,
  usersByUsernameQuery,
} from './soql.js';

const none = <T>(): Promise<T[]> => Promise.resolve([]);

type HolderRow = { Username?: string | null; Assignee?: { Username?: string | null } | null };
type Holder = NonNullable<OrgFacts['holders']>[number];

/**
 * Read what the checks need: every query at once (the assignments are asked by username, not by the user's id). The
 * run-as user and the user a JWT bearer app is first verified as (the deploying user) share the user and assignment
 * queries; the "has active users" queries name the user they found.
 */
export async function gatherOrgFacts(query: SoqlRunner, requirements: PreflightRequirements): Promise<OrgFacts> {
  const { runAsUser, permissionSets, profiles } = requirements;
  const usernames = [...new Set([runAsUser, requirements.verifyingUser].filter((name): name is string => !!name))];
  const holds = async (soql: string, kind: Holder['kind'], name: string): Promise<Holder[]> => {
    const row = (await query<HolderRow>(soql))[0];
    return row ? [{ kind, name, username: row.Username ?? row.Assignee?.Username ?? '' }] : [];
  };
  type EmailRow = { Username: string; Email?: string | null };
  const [
    users,
    assignments,
    permissionSetRows,
    profileRows,
    profilesWithActiveUsers,
    permissionSetsWithActiveUsers,
    usersByEmail,
  ] = await Promise.all([
    usernames.length > 0 ? query<UserRecord>(usersByUsernameQuery(usernames)) : none<UserRecord>(),
    usernames.length > 0
      ? query<AssignmentRecord>(assignmentsByAssigneeUsernameQuery(usernames))
      : none<AssignmentRecord>(),
    permissionSets.length > 0
      ? query<{ Name: string }>(permissionSetsByNameQuery(permissionSets))
      : none<{ Name: string }>(),
    profiles.length > 0 ? query<{ Name: string }>(profilesByNameQuery(profiles)) : none<{ Name: string }>(),
    Promise.all(profiles.map((name) => holds(activeUserWithProfileQuery(name), 'profile', name))),
    Promise.all(
      permissionSets.map((name) => holds(activeAssignmentOfPermissionSetQuery(name), 'permission-set', name)),
    ),
    // In the same batch: when no user has the run-as username, the one whose email address it is can be named.
    runAsUser?.includes('@')
      ? query<EmailRow>(usersByEmailQuery([runAsUser])).catch(() => [] as EmailRow[])
      : none<EmailRow>(),
  ]);
  return {
    users,
    assignments,
    permissionSetNames: permissionSetRows.map((row) => row.Name),
    profileNames: profileRows.map((row) => row.Name),
    profilesWithActiveUsers: profilesWithActiveUsers.flat().map((holder) => holder.name),
    permissionSetsWithActiveUsers: permissionSetsWithActiveUsers.flat().map((holder) => holder.name),
    usersByEmail,
    holders: [...permissionSetsWithActiveUsers.flat(), ...profilesWithActiveUsers.flat()].filter(
      (holder) => holder.username !== '',
    ),
  };
}
