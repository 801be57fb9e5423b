/*
 * The job of `sf eca deploy`, without the terminal: find the app's files and re-check them (./deployChecks.ts: the
 * credentials in them, the org-specific fields left out, the API version they need), run the pre-flight checks
 * against the org with the app's own record id in the same batch, check that a redeploy of an existing app keeps its
 * certificate, deploy exactly those files, and read the new app's consumer key back. What happens along the way goes
 * to DeployEvents, which the command binds to its spinner and output (src/output/deploy.ts).
 */
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
  preloadDeployer,
} from '../org/deploy.js';
import { isJwtAccessToken, isRestDeployEnabled } from '../org/metadataApi.js';
import { type PreflightCheck, type PreflightRequirements, preflightError, runPreflight } from '../org/preflight.js';
import { checkCertificateRemoval, type CertificateCheck } from '../org/retrieve.js';
import { externalClientAppIdQuery } from '../org/soql.js';
import { type AppFile, type LeftOutField, leftOutFields, readSourceFiles } from '../org/stagingFolder.js';
import { type AppToDeploy, resolveAppToDeploy } from './appInProject.js';
import {
  apiVersionFor,
  certificateOutcome,
  credentialsInSource,
  leftOutWarnings,
  outcomeWarnings,
  runWarnings,
} from './deployChecks.js';

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
  /** Fields of the files that were not sent, and why (the files themselves are never changed). */
  leftOut: LeftOutField[];
  /** The API version of the deploy. */
  apiVersion: string;
  /** The Metadata API used: REST when configured, or when the org session is a JWT-format access token. */
  metadataApi: 'SOAP' | 'REST';
  /** The certificate check of an existing app's redeploy (`not-needed` for a new app or a file with a certificate). */
  certificateCheck: CertificateCheck['status'];
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
  /** --allow-secret-in-source: deploy a consumer secret written in the Global file (with a warning to rotate it). */
  allowSecretInSource?: boolean;
  /** --allow-certificate-removal: redeploy a Global file without the certificate the org's app has. */
  allowCertificateRemoval?: boolean;
  /** Ctrl-C: the run stops, saying whether the org is still deploying. */
  signal?: AbortSignal;
};

export type DeployEvents = {
  found(app: AppToDeploy): void;
  preflightStarted(org: string): void;
  preflightDone(checks: readonly PreflightCheck[]): void;
  warning(message: string): void;
  deployStarted(app: string, org: string, options: { checkOnly: boolean; rest: boolean; apiVersion: string }): void;
  /** The fields left out of what is sent (the warnings say it too). */
  leftOut(fields: readonly LeftOutField[]): void;
  /** Said when the org session is a JWT-format access token, so the REST deploy is used. */
  jwtSession(): void;
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
  const sources = await readSourceFiles(app.files);
  const credentials = credentialsInSource(sources, input.projectDir, input.allowSecretInSource === true);
  if (credentials.error) throw credentials.error.setData({ app: app.spec.apiName });
  // A flag that asks for less than the files need is refused before any request.
  if (input.apiVersion) apiVersionFor(sources, { flag: input.apiVersion, fallback: '0', projectDir: input.projectDir });
  try {
    const connection = input.org.getConnection(input.apiVersion);
    const orgId = input.org.getOrgId();
    const leftOut = leftOutFields(sources, orgId);
    events.preflightStarted(alias);
    const query = soqlRunnerFor(connection);
    const pending = runPreflight(query, requirementsOf(app.spec), { allowAdminRunAsUser: input.allowAdminRunAsUser });
    // In the same turn as the pre-flight's queries, so it joins their Composite request: new app or existing one.
    const record = query<{ Id?: string }>(externalClientAppIdQuery(app.spec.apiName)).then(
      (rows) => ({ known: true, id: rows[0]?.Id }),
      () => ({ known: false, id: undefined }),
    );
    const orgMax = input.apiVersion ? undefined : connection.retrieveMaxApiVersion().catch(() => undefined);
    preloadDeployer();
    const [preflight, appRecord, maxVersion] = await Promise.all([pending, record, orgMax]);
    events.preflightDone(preflight);
    const blocked = preflightError(preflight);
    if (blocked) throw blocked.setData({ app: app.spec.apiName, preflight });
    const version = apiVersionFor(sources, {
      flag: input.apiVersion,
      orgMax: maxVersion,
      fallback: connection.getApiVersion(),
      projectDir: input.projectDir,
    }).version;
    connection.setApiVersion(version);
    const jwt = isJwtAccessToken(connection.accessToken ?? undefined);
    const certificate = await checkCertificateRemoval(
      connection,
      sources,
      appRecord.id !== undefined,
      jwt ? messages.getMessage('info.jwtNoRead') : undefined,
    );
    const removal = certificateOutcome(certificate, input.projectDir, input.allowCertificateRemoval === true);
    if (removal.error) throw removal.error.setData({ app: app.spec.apiName });
    if (leftOut.length > 0) events.leftOut(leftOut);
    warn([
      ...credentials.warnings,
      ...leftOutWarnings(leftOut, input.projectDir, orgId),
      ...removal.warnings,
      ...runWarnings(app, preflight),
    ]);

    if (input.signal?.aborted) throw interrupted();
    const rest = jwt || (await isRestDeployEnabled());
    if (jwt) events.jwtSession();
    events.deployStarted(app.spec.apiName, alias, { checkOnly: input.checkOnly, rest, apiVersion: version });
    const outcome = await deployApp({
      connection,
      files: app.files,
      leftOut,
      apiVersion: version,
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
      leftOut,
      apiVersion: version,
      metadataApi: rest ? 'REST' : 'SOAP',
      certificateCheck: certificate.status,
    };
    if (outcome.done && outcome.status === 'Succeeded' && !input.checkOnly) {
      const consumer = await readConsumerKey(connection, result.app, outcome.appId ?? appRecord.id);
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
      // The message ends a sentence of its own; the warning adds the period ("credentials.. Find it" otherwise).
      warning: messages.getMessage('warning.noConsumerKey', [
        (error instanceof Error ? error.message : String(error)).replace(/\.+$/, ''),
      ]),
    };
  }
}
