/*
 * Who a JWT bearer app can be verified as, decided from the pre-flight's facts (./preflightFacts.ts asks). The org
 * issues a JWT bearer token only for a user the app admits: with admin approval (AdminApprovedPreAuthorized), an
 * active user holding one of the app's permission sets or its profile; with AllSelfAuthorized, a user who approved
 * the app once, which no query tells (docs/salesforce-facts.md §4.1, §4.5). The deploying user comes first when the
 * app admits it, else an active user who holds one of the app's permission sets (then profiles), else nobody known.
 * Pure, table-tested.
 */
import type { OrgFacts, PreflightRequirements } from './preflight.js';

/** Through what a user is admitted: one of the app's permission sets or profiles. */
export type AdmittedBy = { kind: 'permission-set' | 'profile'; name: string };

export type VerifyingUser =
  /** The deploying user is admitted: the next command names it. */
  | { reason: 'deploying-user'; username: string; via: AdmittedBy }
  /** The deploying user is not (or is not known): another active user the app admits. */
  | { reason: 'admitted-user'; username: string; via: AdmittedBy; deployingUser?: string }
  /** AllSelfAuthorized: any user who approved the app once, which the org does not tell. */
  | { reason: 'self-authorized' }
  /** Admin approval, and no active user holds any of the app's permission sets or profiles (or it lists none). */
  | { reason: 'nobody-admitted'; permissionSets: string[]; profiles: string[] };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const listed = (names: readonly string[], name: string | null | undefined): boolean =>
  !!name && names.some((candidate) => same(candidate, name));

/** Whether the app admits the named user, by the facts read for it: through which permission set or profile. */
export function admittedBy(
  username: string,
  requirements: PreflightRequirements,
  facts: OrgFacts,
): AdmittedBy | undefined {
  const user = facts.users.find((candidate) => same(candidate.Username, username));
  if (!user?.IsActive) return undefined;
  const permissionSet = facts.assignments.find(
    (row) =>
      row.AssigneeId === user.Id &&
      row.PermissionSet?.IsOwnedByProfile !== true &&
      listed(requirements.permissionSets, row.PermissionSet?.Name),
  )?.PermissionSet?.Name;
  if (permissionSet) return { kind: 'permission-set', name: permissionSet };
  const profile = user.Profile?.Name;
  if (profile && listed(requirements.profiles, profile)) return { kind: 'profile', name: profile };
  return undefined;
}

/** The user the next command verifies a JWT bearer app as, and why; or why none is known. */
export function chooseVerifyingUser(requirements: PreflightRequirements, facts: OrgFacts): VerifyingUser {
  if (requirements.permittedUsers === 'AllSelfAuthorized') return { reason: 'self-authorized' };
  const deploying = requirements.verifyingUser;
  const via = deploying ? admittedBy(deploying, requirements, facts) : undefined;
  if (deploying && via) return { reason: 'deploying-user', username: deploying, via };
  const holder = (facts.holders ?? []).find((candidate) => candidate.username !== '');
  if (holder) {
    return {
      reason: 'admitted-user',
      username: holder.username,
      via: { kind: holder.kind, name: holder.name },
      ...(deploying ? { deployingUser: deploying } : {}),
    };
  }
  return {
    reason: 'nobody-admitted',
    permissionSets: [...requirements.permissionSets],
    profiles: [...requirements.profiles],
  };
}
