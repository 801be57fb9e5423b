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

/** Read what the checks need: every query at once (the assignments are asked by username, not by the user's id). */
export async function gatherOrgFacts(query: SoqlRunner, requirements: PreflightRequirements): Promise<OrgFacts> {
  const { runAsUser, permissionSets, profiles } = requirements;
  const holds = async (soql: string, name: string): Promise<string[]> =>
    (await query<unknown>(soql)).length > 0 ? [name] : [];
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
    runAsUser ? query<UserRecord>(usersByUsernameQuery([runAsUser])) : none<UserRecord>(),
    runAsUser ? query<AssignmentRecord>(assignmentsByAssigneeUsernameQuery([runAsUser])) : none<AssignmentRecord>(),
    permissionSets.length > 0
      ? query<{ Name: string }>(permissionSetsByNameQuery(permissionSets))
      : none<{ Name: string }>(),
    profiles.length > 0 ? query<{ Name: string }>(profilesByNameQuery(profiles)) : none<{ Name: string }>(),
    Promise.all(profiles.map((name) => holds(activeUserWithProfileQuery(name), name))),
    Promise.all(permissionSets.map((name) => holds(activeAssignmentOfPermissionSetQuery(name), name))),
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
    profilesWithActiveUsers: profilesWithActiveUsers.flat(),
    permissionSetsWithActiveUsers: permissionSetsWithActiveUsers.flat(),
    usersByEmail,
  };
}
