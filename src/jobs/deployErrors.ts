/*
 * How a run of `sf eca deploy` ends when it can't see its deploy to the end, and the commands it prints. Before the
 * org accepted a deploy, nothing was deployed: the error says which request failed and how. After, every ending
 * (Ctrl-C, a lost connection, an org failing past --wait, an expired session) names the deploy, the command that
 * follows it (`sf project deploy report --job-id …`) and the re-run that picks it up, in the message and in
 * --json's data. Every printed command runs as printed: full flags, the target org, no period glued to it.
 */
import type { SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import { EXIT_INTERRUPTED, EXIT_ORG_UNAVAILABLE } from '../model/exitCodes.js';
import { printable } from '../model/networkText.js';
import { translateOrgError } from '../org/connection.js';
import type { DeployLostError } from '../org/deploy.js';
import { classifyOrgError, isTransient, orgUnavailableError, whatTheOrgDid } from '../org/orgFailure.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

/** A word a shell passes through unchanged, else the word in single quotes. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** `sf project deploy report --job-id 0Af… --target-org my-org`. */
export const reportCommand = (deployId: string, org: string): string =>
  `sf project deploy report --job-id ${shellWord(deployId)} --target-org ${shellWord(org)}`;

/** `sf eca deploy --name App --target-org my-org`: the same run again. */
export const deployCommand = (app: string, org: string, checkOnly = false): string =>
  `sf eca deploy --name ${shellWord(app)} --target-org ${shellWord(org)}${checkOnly ? ' --dry-run' : ''}`;

/**
 * `sf eca verify --name App --target-org my-org`, with `--username` for an app verified by the JWT bearer flow (a
 * `<username>` placeholder as it is, for the line under it to explain).
 */
export const verifyCommand = (app: string, org: string, username?: string): string =>
  `sf eca verify --name ${shellWord(app)} --target-org ${shellWord(org)}${
    username ? ` --username ${username === '<username>' ? username : shellWord(username)}` : ''
  }`;

/** An org's text never drives the terminal: the message of an error as it came, without control characters. */
function withPrintableMessage(error: unknown): unknown {
  if (error instanceof Error) error.message = printable(error.message);
  return error;
}

/** The requests a run makes before the org accepts a deploy, by the names the errors use. */
export type DeployStage = 'preflight' | 'certificate' | 'deploy';

export type RunNames = { org: string; app: string; checkOnly: boolean };

/** Ctrl-C: before the deploy request, nothing was deployed; after it, the org goes on deploying. Exit code 130. */
export function interruptedError(names: RunNames, deployId?: string): SfError {
  const error = deployId
    ? messages.createError(
        'error.InterruptedDeploying',
        [deployId],
        [reportCommand(deployId, names.org), deployCommand(names.app, names.org, names.checkOnly)],
      )
    : messages.createError('error.InterruptedBeforeDeploy');
  error.exitCode = EXIT_INTERRUPTED;
  return deployId ? error.setData({ deployId, nextCommand: reportCommand(deployId, names.org) }) : error;
}

/** A deploy the org accepted and the run could no longer follow: it goes on in the org. */
export function lostDeployError(lost: DeployLostError, names: RunNames): SfError {
  const { deployId, failure } = lost;
  const report = reportCommand(deployId, names.org);
  const again = deployCommand(names.app, names.org, names.checkOnly);
  const error =
    failure.kind === 'session'
      ? messages.createError('error.SessionExpiredDeploying', [names.org, deployId], [names.org, report, again])
      : messages.createError('error.LostDeploy', [deployId, names.org, whatTheOrgDid(failure)], [report, again]);
  error.exitCode = isTransient(failure) ? EXIT_ORG_UNAVAILABLE : 1;
  return error.setData({ deployId, nextCommand: reportCommand(deployId, names.org) });
}

/**
 * An error before any deploy was accepted: the org unreachable or failing (exit 70, naming the request), an expired
 * session (log in again), or the error as it is.
 */
export function beforeDeployError(error: unknown, stage: DeployStage, names: RunNames): unknown {
  const failure = classifyOrgError(error);
  if (!isTransient(failure)) return withPrintableMessage(translateOrgError(error, names.org));
  if (stage === 'deploy') {
    const failed = messages.createError(
      'error.DeployRequestFailed',
      [names.org, whatTheOrgDid(failure)],
      [deployCommand(names.app, names.org, names.checkOnly)],
    );
    failed.exitCode = EXIT_ORG_UNAVAILABLE;
    return failed;
  }
  return orgUnavailableError(messages.getMessage(`request.${stage}`), failure, names.org);
}
