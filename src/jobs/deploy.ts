/*
 * The job of `sf eca deploy`, without the terminal: find the app's files and re-check them, run the pre-flight
 * checks against the org, deploy exactly those files, and read the new app's consumer key back. What happens along
 * the way goes to DeployEvents, which the command binds to its spinner and output (src/output/deploy.ts).
 */
import { relative } from 'node:path';
import type { Connection, Org } from '@salesforce/core';
import type { Duration } from '@salesforce/kit';
import type { SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import type { AppSpec } from '../model/appSpec.js';
import { EXIT_INTERRUPTED } from '../model/exitCodes.js';
import { aliasOf, soqlRunnerFor, translateOrgError } from '../org/connection.js';
import { findAppId, readConsumer } from '../org/credentials.js';
import {
  type ComponentFailure,
  type DeployOutcome,
  type DeployProgress,
  type DeployStatus,
  deployApp,
  DeployInterruptedError,
  exitCodeFor,
  isCrossReferenceFailure,
  isRestDeployEnabled,
  preloadDeployer,
} from '../org/deploy.js';
import { type PreflightCheck, type PreflightRequirements, preflightError, runPreflight } from '../org/preflight.js';
import type { AppFile } from '../org/stagingFolder.js';
import { type AppToDeploy, resolveAppToDeploy } from './appInProject.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

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

export type DeployInput = {
  org: Org;
  projectDir: string;
  packageDirs: string[];
  /** --name: the app's API name or label; may be left out when the project holds one app. */
  name?: string;
  apiVersion?: string;
  wait: Duration;
  checkOnly: boolean;
  allowAdminRunAsUser: boolean;
  allowFullScope: boolean;
  /** Ctrl-C: the run stops, saying whether the org is still deploying. */
  signal?: AbortSignal;
};

export type DeployEvents = {
  found(app: AppToDeploy): void;
  preflightStarted(org: string): void;
  preflightDone(checks: readonly PreflightCheck[]): void;
  warning(message: string): void;
  deployStarted(app: string, org: string, options: { checkOnly: boolean; rest: boolean }): void;
  progress(progress: DeployProgress): void;
  twoPhase(): void;
  deployDone(outcome: DeployOutcome): void;
};

export type DeployRun = {
  result: DeployCommandResult;
  /** The alias (else username) of the target org, as the printed commands name it. */
  org: string;
  /** false: --wait ran out while the org was still deploying. */
  done: boolean;
  exitCode: number;
};

export async function runDeploy(input: DeployInput, events: DeployEvents): Promise<DeployRun> {
  const alias = await aliasOf(input.org);
  const app = await resolveAppToDeploy(input.packageDirs, input.name, { allowFullScope: input.allowFullScope });
  events.found(app);
  const warnings: string[] = [];
  const warn = (list: readonly string[]): void => {
    for (const message of list) {
      events.warning(message);
      warnings.push(message);
    }
  };
  try {
    const connection = input.org.getConnection(input.apiVersion);
    events.preflightStarted(alias);
    const pending = runPreflight(soqlRunnerFor(connection), requirementsOf(app.spec), {
      allowAdminRunAsUser: input.allowAdminRunAsUser,
    });
    preloadDeployer();
    const preflight = await pending;
    events.preflightDone(preflight);
    const blocked = preflightError(preflight);
    if (blocked) throw blocked.setData({ app: app.spec.apiName, preflight });
    warn(runWarnings(app, preflight, input.projectDir));

    if (input.signal?.aborted) throw interrupted();
    const rest = await isRestDeployEnabled();
    events.deployStarted(app.spec.apiName, alias, { checkOnly: input.checkOnly, rest });
    const outcome = await deployApp({
      connection,
      files: app.files,
      orgSpecificFields: app.orgSpecificFields,
      rest,
      checkOnly: input.checkOnly,
      wait: input.wait,
      signal: input.signal,
      onProgress: (progress) => events.progress(progress),
      onTwoPhase: () => events.twoPhase(),
    });
    events.deployDone(outcome);
    warn(outcomeWarnings(outcome, input.checkOnly));
    const result: DeployCommandResult = {
      app: app.spec.apiName,
      targetOrg: input.org.getUsername() ?? alias,
      deployId: outcome.deployId,
      status: outcome.status,
      checkOnly: input.checkOnly,
      files: app.files.map(({ type, path }) => ({ type, path })),
      preflight,
      componentFailures: outcome.componentFailures,
      warnings,
      twoPhase: outcome.twoPhase,
    };
    if (outcome.done && outcome.status === 'Succeeded' && !input.checkOnly) {
      const consumer = await readConsumerKey(connection, result.app, outcome.appId);
      if ('warning' in consumer) warn([consumer.warning]);
      else result.consumerKey = consumer.key;
    }
    return { result, org: alias, done: outcome.done, exitCode: exitCodeFor(outcome) };
  } catch (error) {
    if (error instanceof DeployInterruptedError) throw interrupted(error.deployId, alias);
    throw translateOrgError(error, alias);
  }
}

/** Ctrl-C: before the deploy request, nothing was deployed; after it, the org goes on deploying. Exit code 130. */
function interrupted(deployId?: string, org?: string): SfError {
  const error = deployId
    ? messages.createError('error.InterruptedDeploying', [deployId], [deployId, org ?? ''])
    : messages.createError('error.InterruptedBeforeDeploy');
  error.exitCode = EXIT_INTERRUPTED;
  return deployId ? error.setData({ deployId }) : error;
}

/** The users, permission sets and profiles an app names: what the pre-flight checks look for. */
export function requirementsOf(spec: AppSpec): PreflightRequirements {
  return {
    ...(spec.policies.runAsUser ? { runAsUser: spec.policies.runAsUser } : {}),
    permissionSets: spec.policies.permissionSets,
    profiles: spec.policies.profiles,
  };
}

/** The warnings of the run: org-specific fields left out, the re-check's warnings, pre-flight warnings. */
export function runWarnings(
  app: Pick<AppToDeploy, 'orgSpecificFields' | 'warnings'>,
  checks: readonly PreflightCheck[],
  projectDir: string,
): string[] {
  const shortPath = (path: string): string => (path.startsWith(projectDir) ? relative(projectDir, path) : path);
  const overridden = checks.some((item) => item.status === 'warn' && item.check.startsWith('run-as-user-'));
  return [
    ...app.orgSpecificFields.map((item) =>
      messages.getMessage('warning.orgSpecificField', [shortPath(item.path), item.field]),
    ),
    ...app.warnings.map((item) => item.message),
    ...checks
      .filter((item) => item.status === 'warn')
      .map((item) => messages.getMessage('warning.preflight', [item.message])),
    ...(overridden ? [messages.getMessage('warning.adminOverride')] : []),
  ];
}

/** Warnings about the outcome itself: a validation rejected on cross-references can't be helped by two phases. */
export function outcomeWarnings(outcome: DeployOutcome, checkOnly: boolean): string[] {
  return checkOnly && outcome.status === 'Failed' && isCrossReferenceFailure(outcome.componentFailures)
    ? [messages.getMessage('warning.dryRunCrossReference')]
    : [];
}

/**
 * The new app's consumer key (key only, never the secret), or the warning that says why it couldn't be read. The
 * app's record id comes from the deploy result when the org named it there, else from a query.
 */
export async function readConsumerKey(
  connection: Connection,
  apiName: string,
  appId?: string,
): Promise<{ key: string } | { warning: string }> {
  try {
    const { key } = await readConsumer(connection, appId ?? (await findAppId(connection, apiName)), 'key');
    return { key };
  } catch (error) {
    return {
      warning: messages.getMessage('warning.noConsumerKey', [error instanceof Error ? error.message : String(error)]),
    };
  }
}
