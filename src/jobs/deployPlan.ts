/*
 * What `sf eca deploy` asks the org before it deploys: the pre-flight checks with the app's own record id in the
 * same batch (new app or existing one), the org's highest API version, and for a redeploy of an existing app
 * whether the Global OAuth settings file keeps the org's certificate. The outcome is the deploy's plan: its API
 * version, SOAP or REST, the checks to report; or an error before anything was sent.
 */
import type { Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { isJwtAccessToken, isRestDeployEnabled } from '../org/metadataApi.js';
import { preloadDeployer } from '../org/deploy.js';
import { inferFlow } from '../oauth/flowPlan.js';
import {
  type PreflightCheck,
  type VerifyingUser,
  preflightError,
  runPreflightAndChooseUser,
} from '../org/preflight.js';
import { checkCertificateRemoval, type CertificateCheck } from '../org/retrieve.js';
import { externalClientAppIdQuery } from '../org/soql.js';
import { soqlRunnerFor } from '../org/connection.js';
import type { LeftOutField, SourceFile } from '../org/stagingFolder.js';
import type { AppToDeploy } from './appInProject.js';
import { apiVersionFor, certificateOutcome, leftOutWarnings, requirementsOf, runWarnings } from './deployChecks.js';
import { type DeployStage, deployCommand } from './deployErrors.js';
import { verifyingUserRequirements } from './deployNext.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

export type DeployPlan = {
  version: string;
  rest: boolean;
  /** The session is a JWT-format access token: REST whatever the choice (SOAP refuses it). */
  jwt?: boolean;
  preflight: PreflightCheck[];
  certificate: CertificateCheck['status'];
  /** The app's record id when the org already has the app. */
  appId?: string;
  /** A JWT bearer app: the user its verify command names (./preflightUser.ts), or why none is known. */
  verifyingUser?: VerifyingUser;
};

export type PlanInput = {
  input: {
    projectDir: string;
    apiVersion?: string;
    allowAdminRunAsUser: boolean;
    allowNonApiOnlyRunAsUser?: boolean;
    allowCertificateRemoval?: boolean;
    orgId?: string;
    /** The deploying user: for a JWT bearer app, asked whether the app admits it. */
    deployingUser?: string;
  };
  app: AppToDeploy;
  sources: SourceFile[];
  leftOut: LeftOutField[];
  /** The warnings of the files themselves, said with the others once the org has been checked. */
  fileWarnings: readonly string[];
  connection: Connection;
  alias: string;
  events: {
    preflightStarted(org: string): void;
    preflightDone(checks: readonly PreflightCheck[]): void;
    leftOut(fields: readonly LeftOutField[]): void;
  };
  warn: (messages: readonly string[]) => void;
};

/** Checks the org and decides how to deploy; `stageOf` is told which request is on the wire (for the errors). */
export async function checkOrg(plan: PlanInput, stageOf: (stage: DeployStage) => void): Promise<DeployPlan> {
  const { input, app, sources, leftOut, connection, events } = plan;
  events.preflightStarted(plan.alias);
  const query = soqlRunnerFor(connection);
  // A JWT bearer app: the same queries also find the user its verify command names (./deployNext.ts).
  const deployingUser = inferFlow(app.spec) === 'jwt-bearer' ? input.deployingUser : undefined;
  const requirements = {
    ...requirementsOf(app.spec),
    ...(deployingUser ? verifyingUserRequirements(app, deployingUser) : {}),
  };
  const pending = runPreflightAndChooseUser(query, requirements, {
    allowAdminRunAsUser: input.allowAdminRunAsUser,
    allowNonApiOnlyRunAsUser: input.allowNonApiOnlyRunAsUser,
  });
  // In the same turn as the pre-flight's queries, so it joins their Composite request: new app or existing one.
  const record = query<{ Id?: string }>(externalClientAppIdQuery(app.spec.apiName)).then(
    (rows) => ({ known: true, id: rows[0]?.Id }),
    () => ({ known: false, id: undefined }),
  );
  const orgMax = input.apiVersion ? undefined : connection.retrieveMaxApiVersion().catch(() => undefined);
  preloadDeployer();
  const [{ checks: preflight, verifyingUser }, appRecord, maxVersion] = await Promise.all([pending, record, orgMax]);
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
  stageOf('certificate');
  const certificate = await checkCertificateRemoval(
    connection,
    sources,
    appRecord.id !== undefined,
    jwt ? messages.getMessage('info.jwtNoRead') : undefined,
  );
  const again = deployCommand(app.spec.apiName, plan.alias);
  const removal = certificateOutcome(certificate, input.projectDir, input.allowCertificateRemoval === true, again);
  if (removal.error) throw removal.error.setData({ app: app.spec.apiName });
  if (leftOut.length > 0) events.leftOut(leftOut);
  plan.warn([
    ...plan.fileWarnings,
    ...leftOutWarnings(leftOut, input.projectDir, input.orgId),
    ...removal.warnings,
    ...runWarnings(app, preflight, { nonApiOnlyFlag: input.allowNonApiOnlyRunAsUser === true }),
  ]);
  const rest = jwt || (await isRestDeployEnabled());
  return {
    version,
    rest,
    jwt,
    preflight,
    certificate: certificate.status,
    ...(appRecord.id ? { appId: appRecord.id } : {}),
    ...(verifyingUser ? { verifyingUser } : {}),
  };
}
