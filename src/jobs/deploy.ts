/*
 * The job of `sf eca deploy`, without the terminal: find the app's files and re-check them (./deployChecks.ts: the
 * credentials in them, the org-specific fields left out, the API version they need), run the pre-flight checks
 * against the org with the app's own record id in the same batch, check that a redeploy of an existing app keeps its
 * certificate, deploy exactly those files, and read the new app's consumer key back. What happens along the way goes
 * to DeployEvents, which the command binds to its spinner and output (src/output/deploy.ts).
 */
import type { Org } from '@salesforce/core';
import type { Duration } from '@salesforce/kit';
import { inferFlow } from '../oauth/flowPlan.js';
import { aliasOf } from '../org/connection.js';
import {
  type ComponentFailure,
  type DeployedComponent,
  type DeployOutcome,
  type DeployProgress,
  type DeployStatus,
  deployApp,
  DeployInterruptedError,
  DeployLostError,
  exitCodeFor,
} from '../org/deploy.js';
import { classifyOrgError, whatTheOrgDid } from '../org/orgFailure.js';
import type { PreflightCheck, VerifyingUser } from '../org/preflight.js';
import type { CertificateCheck } from '../org/retrieve.js';
import { type AppFile, type LeftOutField, leftOutFields, readSourceFiles } from '../org/stagingFolder.js';
import { type AppToDeploy, resolveAppToDeploy } from './appInProject.js';
import {
  apiVersionFor,
  credentialsInSource,
  leftOutWarnings,
  outcomeWarnings,
  readConsumerKey,
  unknownTypesError,
} from './deployChecks.js';
import {
  type DeployStage,
  type RunNames,
  beforeDeployError,
  deployCommand,
  interruptedError,
  lostDeployError,
  reportCommand,
  verifyCommand,
} from './deployErrors.js';
import { askVerifyingUser, nextVerify } from './deployNext.js';
import { type DeployPlan, checkOrg } from './deployPlan.js';
import { type DeployRecord, deployRecords, fingerprintOf } from './deployRecord.js';

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
  /** Every component deployed (or validated) with its state, as `sf project deploy start` lists them. */
  components: DeployedComponent[];
  /** The command to run next: `sf eca verify …` after a deploy, else `sf project deploy report …` for this deploy. */
  nextCommand: string;
  /** What the next command's `--username` needs said: who it names and why, or who to put in for `<username>`. */
  nextCommandNote?: string;
  /** A JWT bearer app: the user the next command verifies it as, and why (or why none is known). */
  verifyingUser?: VerifyingUser;
  /** The deploy an earlier run had left running, which this run picked up instead of starting another. */
  resumed?: string;
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
  /** --allow-non-api-only-run-as-user: a run-as user that can also log in to the UI is a warning, not a failure. */
  allowNonApiOnlyRunAsUser?: boolean;
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
  /** An earlier run left a deploy of the same files: this run follows it instead of starting another. */
  resuming(deployId: string, startedAt: string): void;
  /** The org no longer knows the deploy an earlier run left: a new one starts. */
  resumeGone(deployId: string): void;
  /** A status check failed and is tried again. */
  retry(deployId: string, detail: string, attempt: number): void;
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
  const names: RunNames = { org: alias, app: app.spec.apiName, checkOnly: input.checkOnly };
  const warnings: string[] = [];
  const warn = (list: readonly string[]): void => {
    for (const message of list) {
      events.warning(message);
      warnings.push(message);
    }
  };
  const sources = await readSourceFiles(app.files);
  const credentials = credentialsInSource(sources, input.projectDir, input.allowSecretInSource === true, {
    verify: verifyCommand(names.app, alias),
    deploy: deployCommand(names.app, alias, input.checkOnly),
  });
  if (credentials.error) throw credentials.error.setData({ app: app.spec.apiName });
  // A flag that asks for less than the files need is refused before any request.
  if (input.apiVersion) apiVersionFor(sources, { flag: input.apiVersion, fallback: '0', projectDir: input.projectDir });
  const orgId = input.org.getOrgId();
  const leftOut = leftOutFields(sources, orgId);
  const records = deployRecords(input.projectDir, input.org.getUsername() ?? alias, names.app, input.checkOnly);
  const fingerprint = fingerprintOf(input.projectDir, sources, leftOut, input.apiVersion ?? '');
  const recorded = await records.find(fingerprint);
  let stage: DeployStage = 'preflight';
  let accepted: string | undefined;
  try {
    const connection = input.org.getConnection(input.apiVersion);
    let plan: DeployPlan;
    if (recorded) {
      events.resuming(recorded.deployId, recorded.startedAt);
      plan = { version: recorded.apiVersion, rest: recorded.rest, preflight: [], certificate: 'not-needed' };
      connection.setApiVersion(plan.version);
      warn([...credentials.warnings, ...leftOutWarnings(leftOut, input.projectDir, orgId)]);
    } else {
      const deployingUser = input.org.getUsername();
      const planInput = {
        input: { ...input, orgId, deployingUser },
        app,
        sources,
        leftOut,
        connection,
        alias,
        events,
        warn,
      };
      plan = await checkOrg({ ...planInput, fileWarnings: credentials.warnings }, (next) => (stage = next));
    }
    if (input.signal?.aborted) throw interruptedError(names);
    stage = 'deploy';
    if (plan.jwt) events.jwtSession();
    events.deployStarted(app.spec.apiName, alias, {
      checkOnly: input.checkOnly,
      rest: plan.rest,
      apiVersion: plan.version,
    });
    const deploy = (resume?: DeployRecord): Promise<DeployOutcome> =>
      deployApp({
        connection,
        files: app.files,
        leftOut,
        apiVersion: plan.version,
        rest: plan.rest,
        checkOnly: input.checkOnly,
        wait: input.wait,
        signal: input.signal,
        ...(resume ? { resume: { deployId: resume.deployId, phase: resume.phase } } : {}),
        onProgress: (progress) => events.progress(progress),
        onTwoPhase: () => events.twoPhase(),
        onRetry: (failure, attempt) => events.retry(accepted ?? '', whatTheOrgDid(failure), attempt),
        onAccepted: (deployId, phase) => {
          accepted = deployId;
          void records.save({
            deployId,
            phase,
            fingerprint,
            startedAt: recorded?.deployId === deployId ? recorded.startedAt : new Date().toISOString(),
            apiVersion: plan.version,
            rest: plan.rest,
          });
        },
      });
    let outcome: DeployOutcome;
    try {
      outcome = await deploy(recorded);
    } catch (error) {
      // The org forgot the deploy an earlier run left (results are kept 30 days): deploy afresh.
      if (!(recorded && error instanceof DeployLostError && error.failure.kind === 'other')) throw error;
      if (error.deployId !== recorded.deployId) throw error;
      events.resumeGone(recorded.deployId);
      await records.remove();
      accepted = undefined;
      outcome = await deploy();
    }
    if (outcome.done) await records.remove();
    events.deployDone(outcome);
    warn(outcomeWarnings(outcome, input.checkOnly));
    const unknownTypes = unknownTypesError(outcome, names.app, plan.version);
    if (unknownTypes)
      throw unknownTypes.setData({ deployId: outcome.deployId, componentFailures: outcome.componentFailures });
    const deployed = outcome.done && outcome.status === 'Succeeded' && !input.checkOnly;
    // A JWT app is verified as a user the app admits: the one the pre-flight found (asked now after a resumed run).
    const jwtBearer = deployed && inferFlow(app.spec) === 'jwt-bearer';
    const deployingUser = input.org.getUsername();
    const verifyingUser =
      plan.verifyingUser ??
      (jwtBearer && deployingUser ? await askVerifyingUser(connection, app, deployingUser) : undefined);
    const next = jwtBearer
      ? nextVerify(names.app, alias, verifyingUser)
      : { command: deployed ? verifyCommand(names.app, alias) : reportCommand(outcome.deployId, alias) };
    const nextCommand = next.command;
    const consumerKey = deployed
      ? await readConsumerKey(connection, names.app, nextCommand, outcome.appId ?? plan.appId)
      : undefined;
    if (consumerKey && 'warning' in consumerKey) warn([consumerKey.warning]);
    const result: DeployCommandResult = {
      app: app.spec.apiName,
      targetOrg: input.org.getUsername() ?? alias,
      deployId: outcome.deployId,
      status: outcome.status,
      checkOnly: input.checkOnly,
      files: app.files.map(({ type, path }) => ({ type, path })),
      preflight: plan.preflight,
      componentFailures: outcome.componentFailures,
      components: outcome.components,
      warnings,
      twoPhase: outcome.twoPhase,
      leftOut,
      apiVersion: plan.version,
      metadataApi: plan.rest ? 'REST' : 'SOAP',
      certificateCheck: plan.certificate,
      ...(consumerKey && 'key' in consumerKey ? { consumerKey: consumerKey.key } : {}),
      nextCommand,
      ...(next.note ? { nextCommandNote: next.note } : {}),
      ...(jwtBearer && verifyingUser ? { verifyingUser } : {}),
      ...(recorded && outcome.deployIds.includes(recorded.deployId) ? { resumed: recorded.deployId } : {}),
    };
    return { result, org: alias, done: outcome.done, exitCode: exitCodeFor(outcome) };
  } catch (error) {
    if (error instanceof DeployInterruptedError) throw interruptedError(names, error.deployId || accepted);
    if (error instanceof DeployLostError) throw lostDeployError(error, names);
    if (accepted) throw lostDeployError(new DeployLostError(accepted, classifyOrgError(error), error), names);
    throw beforeDeployError(error, stage, names);
  }
}
