/*
 * The pieces `sf eca deploy` wires together around the deploy itself: what the app asks of the org, how queries
 * reach it, which Metadata API the user chose, what the command returns, and the errors an org session can raise.
 */
import { relative } from 'node:path';
import { ConfigAggregator, type Connection, Messages, type Org, type SfError, StateAggregator } from '@salesforce/core';
import type { AppSpec } from '../model/appSpec.js';
import type { Duration } from '@salesforce/kit';
import { findAppId, readConsumer } from '../org/credentials.js';
import { batchedSoqlRunner } from '../org/soqlBatch.js';
import { type ComponentFailure, type DeployOutcome, type DeployProgress, type DeployStatus, isCrossReferenceFailure } from '../org/deploy.js';
import type { AppFile } from '../org/stagingFolder.js';
import type { PreflightCheck, PreflightRequirements, SoqlRunner } from '../org/preflight.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.deploy');

/** The --wait flag's value. */
export type Minutes = Duration;

/** What `sf eca deploy --json` returns. Never holds a secret. */
export type DeployCommandResult = {
  app: string;
  targetOrg: string;
  deployId: string;
  status: DeployStatus;
  checkOnly: boolean;
  files: AppFile[];
  preflight: PreflightCheck[];
  componentFailures: ComponentFailure[];
  consumerKey?: string;
  warnings: string[];
  twoPhase: boolean;
};

/** The users, permission sets and profiles an app names: what the pre-flight checks look for. */
export function requirementsOf(spec: AppSpec): PreflightRequirements {
  return {
    ...(spec.policies.runAsUser ? { runAsUser: spec.policies.runAsUser } : {}),
    permissionSets: spec.policies.permissionSets,
    profiles: spec.policies.profiles,
  };
}

/**
 * SOQL through the authenticated connection, the queries of one turn batched into Composite requests (see
 * ./soqlBatch.ts). The pre-flight queries are small: one page is all there is.
 */
export function soqlRunnerFor(connection: Connection): SoqlRunner {
  return batchedSoqlRunner({
    version: connection.version,
    query: async <T>(soql: string) => ({ records: (await connection.query(soql)).records as unknown as T[] }),
    request: <T>(request: { method: 'POST'; url: string; body: string; headers: Record<string, string> }) => connection.request<T>(request),
  });
}

const REST_DEPLOY_CONFIG = 'org-metadata-rest-deploy';
const REST_DEPLOY_ENV = ['SF_ORG_METADATA_REST_DEPLOY', 'SFDX_REST_DEPLOY'];

const isTrue = (value: unknown): boolean => value === true || String(value).toLowerCase() === 'true';

/**
 * REST or SOAP, as `sf project deploy start` decides: SF_ORG_METADATA_REST_DEPLOY (or its older synonym), else the
 * `org-metadata-rest-deploy` config variable. The variable is read directly: outside `sf` (bin/run.js) no plugin
 * registers the config key, so the config aggregator would not map the environment variable to it.
 */
export async function isRestDeployEnabled(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const fromEnv = REST_DEPLOY_ENV.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  if (fromEnv !== undefined) return isTrue(fromEnv);
  const aggregator = await ConfigAggregator.create();
  return isTrue(aggregator.getPropertyValue(REST_DEPLOY_CONFIG));
}

const SESSION_PROBLEMS = /INVALID_SESSION_ID|Session expired or invalid|expired access\/refresh token|invalid_grant/i;

/** Errors this command raises itself: never reinterpreted, whatever their text quotes. */
const OWN_ERRORS = new Set(['PreflightFailedError', 'DeployFailedError', 'ValidationFailedError']);

/** An org error that means "log in again" becomes an error saying so; anything else passes through unchanged. */
export function translateOrgError(error: unknown, org: string): unknown {
  if (!(error instanceof Error) || OWN_ERRORS.has(error.name)) return error;
  const code = 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : '';
  const text = `${error.name} ${code} ${error.message}`;
  if (!SESSION_PROBLEMS.test(text)) return error;
  return messages.createError('error.SessionExpired', [org, error.message], [org], error);
}

/** `file:line:column` of a failure, relative to the project when it lives there. */
export function failureLocation(failure: ComponentFailure, projectDir: string): string {
  if (!failure.file) return failure.fullName;
  const file = failure.file.startsWith(projectDir) ? relative(projectDir, failure.file) : failure.file;
  return [file, failure.line, failure.column].filter((part) => part !== undefined).join(':');
}

/** One line per component problem: `Type Name (file:line:column): problem`. */
export function failureLines(failures: readonly ComponentFailure[], projectDir: string): string[] {
  return failures.map((failure) =>
    messages.getMessage('info.componentFailure', [failure.type, failure.fullName, failureLocation(failure, projectDir), failure.problem])
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

/** The warnings of the run: org-specific fields left out, the re-check's warnings, pre-flight warnings. */
export function runWarnings(
  orgSpecificFields: ReadonlyArray<{ path: string; field: string }>,
  findingWarnings: ReadonlyArray<{ message: string }>,
  checks: readonly PreflightCheck[],
  projectDir: string
): string[] {
  const shortPath = (path: string): string => (path.startsWith(projectDir) ? relative(projectDir, path) : path);
  const overridden = checks.some((item) => item.status === 'warn' && item.check.startsWith('run-as-user-'));
  return [
    ...orgSpecificFields.map((item) => messages.getMessage('warning.orgSpecificField', [shortPath(item.path), item.field])),
    ...findingWarnings.map((item) => item.message),
    ...checks.filter((item) => item.status === 'warn').map((item) => messages.getMessage('warning.preflight', [item.message])),
    ...(overridden ? [messages.getMessage('warning.adminOverride')] : []),
  ];
}

/** The spinner's status while the org works: `Deploy: InProgress 2/5 components`. */
export function progressLine(progress: DeployProgress): string {
  const phase = messages.getMessage(`info.phase.${progress.phase}`);
  return messages.getMessage('info.progress', [phase, progress.status, String(progress.deployed), String(progress.total)]);
}

/** What to say when --wait ran out: the deploy id and how to check on it. */
export function inProgressLines(deployId: string, org: string): string[] {
  return [messages.getMessage('info.inProgress', [deployId]), messages.getMessage('info.inProgress.check', [deployId, org])];
}

/** A partial success: each component problem, then the summary. */
export function partialLines(result: DeployCommandResult, projectDir: string): string[] {
  return [...failureLines(result.componentFailures, projectDir), messages.getMessage('info.partial', [result.deployId])];
}

/** The alias the user knows the org by (for the commands we print), else its username. */
export async function aliasOf(org: Org): Promise<string> {
  const username = org.getUsername() ?? '';
  return (await StateAggregator.getInstance()).aliases.get(username) ?? username;
}

/**
 * The new app's consumer key (key only, never the secret), or the warning that says why it couldn't be read. The
 * app's record id comes from the deploy result when the org named it there, else from a query.
 */
export async function readConsumerKey(connection: Connection, apiName: string, appId?: string): Promise<{ key: string } | { warning: string }> {
  try {
    const { key } = await readConsumer(connection, appId ?? (await findAppId(connection, apiName)), 'key');
    return { key };
  } catch (error) {
    return { warning: messages.getMessage('warning.noConsumerKey', [error instanceof Error ? error.message : String(error)]) };
  }
}

/** Warnings about the outcome itself: a validation rejected on cross-references can't be helped by two phases. */
export function outcomeWarnings(outcome: DeployOutcome, checkOnly: boolean): string[] {
  return checkOnly && outcome.status === 'Failed' && isCrossReferenceFailure(outcome.componentFailures)
    ? [messages.getMessage('warning.dryRunCrossReference')]
    : [];
}
