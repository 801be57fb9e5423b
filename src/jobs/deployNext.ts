/*
 * The verify command a deploy ends with, for a JWT bearer app: it names a user the app admits (the deploying user
 * when the app admits it, else an active user holding one of its permission sets or profiles, chosen by the
 * pre-flight, src/org/preflightUser.ts), or, when none is known, a `<username>` placeholder with a line that says who
 * qualifies. A token is only issued for such a user: naming another would print a command that fails.
 */
import type { Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { soqlRunnerFor } from '../org/connection.js';
import { type PreflightRequirements, type VerifyingUser, runPreflightAndChooseUser } from '../org/preflight.js';
import type { AppToDeploy } from './appInProject.js';
import { verifyCommand } from './deployErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

/** What the next command holds for `--username` when no admitted user is known. */
export const USERNAME_PLACEHOLDER = '<username>';

/** What the pre-flight asks for a JWT bearer app's user: its permission sets, profiles and who it admits. */
export function verifyingUserRequirements(app: AppToDeploy, deployingUser: string): PreflightRequirements {
  const { permissionSets, profiles, permittedUsers } = app.spec.policies;
  return { permissionSets, profiles, permittedUsers, verifyingUser: deployingUser };
}

/**
 * The user to verify a JWT bearer app as, asked on its own: for a run that picked up an earlier run's deploy and so
 * skipped the pre-flight.
 */
export async function askVerifyingUser(
  connection: Connection,
  app: AppToDeploy,
  deployingUser: string,
): Promise<VerifyingUser | undefined> {
  try {
    const chosen = await runPreflightAndChooseUser(
      soqlRunnerFor(connection),
      verifyingUserRequirements(app, deployingUser),
    );
    return chosen.verifyingUser;
  } catch {
    return undefined;
  }
}

const admittedThrough = (via: { kind: 'permission-set' | 'profile'; name: string }): string =>
  messages.getMessage(via.kind === 'profile' ? 'info.verifyingUser.profile' : 'info.verifyingUser.permissionSet', [
    via.name,
  ]);

const alternatives = (permissionSets: readonly string[], profiles: readonly string[]): string =>
  [
    ...permissionSets.map((name) => admittedThrough({ kind: 'permission-set', name })),
    ...profiles.map((name) => admittedThrough({ kind: 'profile', name })),
  ].join(` ${messages.getMessage('info.verifyingUser.or')} `);

/** The verify command after a deploy, and the line that explains its `--username` when that needs saying. */
export function nextVerify(
  app: string,
  org: string,
  user: VerifyingUser | undefined,
): { command: string; note?: string } {
  switch (user?.reason) {
    case undefined:
      return {
        command: verifyCommand(app, org, USERNAME_PLACEHOLDER),
        note: messages.getMessage('info.verifyingUser.unknown', [USERNAME_PLACEHOLDER]),
      };
    case 'deploying-user':
      return { command: verifyCommand(app, org, user.username) };
    case 'admitted-user':
      return {
        command: verifyCommand(app, org, user.username),
        note: user.deployingUser
          ? messages.getMessage('info.verifyingUser.another', [
              user.username,
              admittedThrough(user.via),
              user.deployingUser,
            ])
          : messages.getMessage('info.verifyingUser.admitted', [user.username, admittedThrough(user.via)]),
      };
    case 'self-authorized':
      return {
        command: verifyCommand(app, org, USERNAME_PLACEHOLDER),
        note: messages.getMessage('info.verifyingUser.selfAuthorized', [USERNAME_PLACEHOLDER]),
      };
    case 'nobody-admitted': {
      const listed = user.permissionSets.length + user.profiles.length > 0;
      return {
        command: verifyCommand(app, org, USERNAME_PLACEHOLDER),
        note: listed
          ? messages.getMessage('info.verifyingUser.nobody', [
              USERNAME_PLACEHOLDER,
              alternatives(user.permissionSets, user.profiles),
            ])
          : messages.getMessage('info.verifyingUser.noneListed', [USERNAME_PLACEHOLDER]),
      };
    }
  }
}
