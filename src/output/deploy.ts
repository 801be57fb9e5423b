/*
 * What `sf eca deploy` shows a person: the pre-flight checks, the spinner's progress, each component problem at
 * its file:line:column, and the closing lines for a success, a partial success or a deploy still running. The
 * --json result is the job's DeployCommandResult itself.
 */
import { relative } from 'node:path';
import type { SfError } from '@salesforce/core/sfError';
import type { DeployCommandResult } from '../jobs/deploy.js';
import { Messages } from '../messages.js';
import type { ComponentFailure, DeployedComponent, DeployProgress } from '../org/deploy.js';
import { alignColumns } from './columns.js';
import type { PreflightCheck } from '../org/preflight.js';
import type { LeftOutField } from '../org/stagingFolder.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

/** `Found Billing_Sync: 5 files.` */
export const foundLine = (app: string, files: number): string => messages.getMessage('info.found', [app, files]);

/** The spinner's title during the pre-flight checks. */
export const preflightTitle = (org: string): string => messages.getMessage('info.preflight', [org]);

/** Said when the org refused the one-shot deploy of a new app on cross-references and two phases follow. */
export const twoPhaseLine = (): string => messages.getMessage('info.twoPhase');

/** `file:line:column` of a failure, relative to the project when it lives there. */
export function failureLocation(failure: ComponentFailure, projectDir: string): string {
  if (!failure.file) return failure.fullName;
  const file = failure.file.startsWith(projectDir) ? relative(projectDir, failure.file) : failure.file;
  return [file, failure.line, failure.column].filter((part) => part !== undefined).join(':');
}

/** One line per component problem: `Type Name (file:line:column): problem`. */
export function failureLines(failures: readonly ComponentFailure[], projectDir: string): string[] {
  return failures.map((failure) =>
    messages.getMessage('info.componentFailure', [
      failure.type,
      failure.fullName,
      failureLocation(failure, projectDir),
      failure.problem,
    ]),
  );
}

/** The error a failed deploy (or validation) ends with, naming every component problem; carries the result as data. */
export function deployFailedError(result: DeployCommandResult, projectDir: string): SfError {
  const key = result.checkOnly ? 'error.ValidationFailed' : 'error.DeployFailed';
  const problems = failureLines(result.componentFailures, projectDir).map((line) => `- ${line}`);
  const error = messages.createError(key, [result.app, result.deployId, problems.join('\n') || `- ${result.status}`]);
  error.setData(result);
  return error;
}

const CHECK_MARKS: Record<PreflightCheck['status'], string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** One line per pre-flight check: `ok   Run-as user x exists.` */
export function preflightLines(checks: readonly PreflightCheck[]): string[] {
  return checks.map((item) => `  ${CHECK_MARKS[item.status]} ${item.message}`);
}

/** The spinner's status while the org works: `Deploy: InProgress 2/5 components`. */
export function progressLine(progress: DeployProgress): string {
  const phase = messages.getMessage(`info.phase.${progress.phase}`);
  return messages.getMessage('info.progress', [
    phase,
    progress.status,
    String(progress.deployed),
    String(progress.total),
  ]);
}

/** The spinner's title while the deploy runs: `Deploying Billing_Sync to my-org over the Metadata SOAP API at version 68.0`. */
export function deployingLine(
  app: string,
  org: string,
  options: { checkOnly: boolean; rest: boolean; apiVersion: string },
): string {
  const verb = messages.getMessage(options.checkOnly ? 'info.verb.validate' : 'info.verb.deploy');
  return messages.getMessage('info.deploying', [verb, app, org, options.rest ? 'REST' : 'SOAP', options.apiVersion]);
}

/** What was left out of the deployment and why, one line per field. */
export function leftOutLines(fields: readonly LeftOutField[], projectDir: string): string[] {
  return [
    messages.getMessage('info.leftOut'),
    ...fields.map(
      (item) =>
        `  ${messages.getMessage('info.leftOutField', [
          item.path.startsWith(projectDir) ? relative(projectDir, item.path) : item.path,
          item.field,
          messages.getMessage(`info.reason.${item.reason}`),
        ])}`,
    ),
  ];
}

/** Said when the org session is a JWT-format access token. */
export const jwtSessionLine = (): string => messages.getMessage('info.jwtSession');

/** What to say when --wait ran out: the deploy id and how to check on it (the command as the result carries it). */
export function inProgressLines(deployId: string, nextCommand: string): string[] {
  return [
    messages.getMessage('info.inProgress', [deployId]),
    messages.getMessage('info.inProgress.check', [nextCommand]),
  ];
}

/** Said when the run picks up a deploy an earlier run left running for the same files. */
export const resumingLine = (deployId: string, startedAt: string): string =>
  messages.getMessage('info.resuming', [deployId, startedAt]);

/** Said when the org no longer knows that deploy and a new one starts. */
export const resumeGoneLine = (deployId: string): string => messages.getMessage('info.resumeGone', [deployId]);

/** One short line for each status check that failed and is tried again. */
export const retryLine = (deployId: string, detail: string, attempt: number): string =>
  messages.getMessage('info.retry', [deployId, detail, String(attempt)]);

/**
 * The components of a finished deploy, as `sf project deploy start` prints its "Deployed Source" table: state, name,
 * type and path (relative to the project), one row each.
 */
export function deployedSourceLines(
  components: readonly DeployedComponent[],
  projectDir: string,
  checkOnly: boolean,
): string[] {
  if (components.length === 0) return [];
  const heading = ['state', 'name', 'type', 'path'].map((column) => messages.getMessage(`info.column.${column}`));
  const rows = components.map((item) => [
    item.state,
    item.fullName,
    item.type,
    item.file.startsWith(projectDir) ? relative(projectDir, item.file) : item.file,
  ]);
  return [
    messages.getMessage(checkOnly ? 'info.validatedSource' : 'info.deployedSource'),
    ...alignColumns([heading, ...rows]),
  ];
}

/** A partial success: each component problem, then the summary. */
export function partialLines(result: DeployCommandResult, projectDir: string): string[] {
  return [
    ...failureLines(result.componentFailures, projectDir),
    messages.getMessage('info.partial', [result.deployId]),
  ];
}

/** A success (or a validation that passed): what was done, the consumer key, and the command to run next. */
export function successLines(result: DeployCommandResult, org: string, projectDir = ''): string[] {
  const components = deployedSourceLines(result.components ?? [], projectDir, result.checkOnly);
  const table = components.length > 0 ? [...components, ''] : [];
  if (result.checkOnly) return [...table, messages.getMessage('info.validated', [result.app, org, result.deployId])];
  return [
    ...table,
    messages.getMessage('info.succeeded', [result.app, org, result.deployId]),
    ...(result.consumerKey ? [messages.getMessage('info.consumerKey', [result.consumerKey])] : []),
    '',
    messages.getMessage('info.nextCommand'),
    `  ${result.nextCommand}`,
    ...(result.nextCommandNote ? [`  ${result.nextCommandNote}`] : []),
  ];
}

/** The closing lines of a run that did not fail. */
export function closingLines(result: DeployCommandResult, org: string, projectDir: string, done: boolean): string[] {
  if (!done) return inProgressLines(result.deployId, result.nextCommand);
  if (result.status === 'Succeeded') return successLines(result, org, projectDir);
  if (result.status === 'SucceededPartial')
    return [
      ...deployedSourceLines(result.components ?? [], projectDir, false),
      '',
      ...partialLines(result, projectDir),
    ];
  return [];
}
