/*
 * `sf eca verify` from start to end, with the command's output and the org connection passed in: plan the flow,
 * get the consumer key and secret, get a token (waiting while the app propagates), prove it works, revoke it,
 * build the report. The command only turns flags into a VerifyInput and binds the output.
 */
import { SfError, type Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { normaliseApiVersion } from '../oauth/apiProbe.js';
import { readPrivateKeyFile } from '../oauth/jwtBearer.js';
import { jwtAudience, tokenEndpointBase, type TokenFlow } from '../oauth/loginHost.js';
import { tokenUrl } from '../oauth/tokenRequest.js';
import { type RetryEvent, WaitExpiredError, retryKind } from '../oauth/waitForToken.js';
import { soqlString } from '../org/soql.js';
import type { AppSpec } from '../model/appSpec.js';
import { EXIT_APP_DISABLED, EXIT_INTERRUPTED, EXIT_WAIT_EXPIRED } from '../model/exitCodes.js';

export { EXIT_INTERRUPTED, EXIT_WAIT_EXPIRED };
import { confirmToken } from '../oauth/confirmToken.js';
import { type CliLoginSettings } from '../org/cliLogin.js';
import { assertWebLoginCallback, loginAfterVerify, webServerLogin } from './verifyLogin.js';
import { TokenEndpointError } from '../oauth/tokenErrors.js';
import { oneLine } from '../model/networkText.js';
import { keyMatchesCertificate } from '../oauth/keyMatch.js';
import { resolveVerifyCredentials } from './verifyCredentials.js';
import { planFlow } from '../oauth/flowPlan.js';
import { obtainToken, type TokenRun } from '../oauth/obtainToken.js';
import { buildVerifyReport, type VerifyResult } from './verifyResult.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

/** Minimum time a person gets to log in, even with --wait 0 (which only stops the waiting for propagation). */
const MIN_BROWSER_MS = 2 * 60_000;

export type VerifyInput = {
  spec: AppSpec;
  flow?: TokenFlow;
  connection: Connection;
  /** Username of the target org: what the --json result names. */
  targetOrg: string;
  /** How the user knows the org (its alias, else its username): what the progress lines name. */
  orgLabel?: string;
  targetOrgId: string;
  loginUrl?: string;
  clientId?: string;
  secretFromStdin: boolean;
  username?: string;
  /** --jwt-key-file, else the key generate wrote for the app (generatedKeyFile). */
  jwtKeyFile?: string;
  audience?: string;
  waitMs: number;
  openBrowser: boolean;
  keepToken: boolean;
  showSecrets: boolean;
  apiVersion?: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** --login: authorize sf itself through the app afterwards (--alias, --set-default). */
  login?: CliLoginSettings;
  /** The app's policies file when it switches the app off (isEnabled or isOauthPluginEnabled not true). */
  appDisabledIn?: string;
  /** Test seams for the retry loop. */
  retry?: TokenRun['retry'];
};

export type VerifyUi = {
  log: (line: string) => void;
  warn: (message: string) => void;
  /** Start / update / stop the spinner (no-ops under --json). */
  start: (text: string) => void;
  stop: (text: string) => void;
  /** Each event of the token request's retry loop (attempts, refusals that will be retried, the countdown). */
  onRetry: (event: RetryEvent) => void;
  /** Show the authorize URL to the person (also under --json: it goes to stderr then). */
  authorizeUrl: (url: string) => void;
  /** Opens the system browser. */
  browse: (url: string) => Promise<void>;
};

export async function verifyApp(input: VerifyInput, ui: VerifyUi): Promise<VerifyResult> {
  const { spec, connection } = input;
  const plan = planFlow(spec, input.flow, input.orgLabel ?? input.targetOrg);
  const base = tokenEndpointBase(input.loginUrl ?? connection.instanceUrl, plan.flow);
  const apiVersion = normaliseApiVersion(input.apiVersion ?? connection.getApiVersion());
  const flowName = messages.getMessage(`flowName.${plan.flow}`);
  const orgLabel = input.orgLabel ?? input.targetOrg;
  ui.log(
    messages.getMessage(plan.requested ? 'info.flowRequested' : 'info.flowInferred', [
      spec.apiName,
      orgLabel,
      flowName,
    ]),
  );

  const jwt = plan.flow === 'jwt-bearer' ? await jwtInput(input, base, ui) : undefined;
  if (input.login && plan.flow === 'web-server') await assertWebLoginCallback(spec);
  // sf keeps the token it logs in with: a client credentials or web server --login does not revoke it.
  const keepToken = input.keepToken || (input.login !== undefined && plan.flow !== 'jwt-bearer');
  const webLogin: { done?: VerifyResult['login'] } = {};
  ui.start(messages.getMessage('info.credentials', [orgLabel]));
  const credentials = await resolveVerifyCredentials({
    ...input,
    apiName: spec.apiName,
    needsSecret: plan.needsSecret,
  });
  ui.stop(messages.getMessage('info.obtained'));
  const secretSource = messages.getMessage(`info.secretSource.${credentials.secretSource}`);
  ui.log(
    messages.getMessage(credentials.clientIdSource === 'flag' ? 'info.clientIdFlag' : 'info.clientIdOrg', [
      credentials.clientId,
      secretSource,
    ]),
  );

  const tokenEndpoint = tokenUrl(base);
  ui.start(messages.getMessage('info.requesting', [tokenEndpoint]));
  const obtained = await obtainToken({
    plan,
    base,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    jwt,
    waitMs: input.waitMs,
    signal: input.signal,
    onRetry: ui.onRetry,
    browser: {
      timeoutMs: Math.max(MIN_BROWSER_MS, input.waitMs),
      onAuthorizeUrl: (url) => {
        ui.authorizeUrl(url);
        if (!input.openBrowser) ui.log(messages.getMessage('info.browserNotAsked'));
      },
      open: input.openBrowser ? ui.browse : undefined,
      onBrowserError: (error) => ui.warn(browserNotOpened(error)),
      onBrowserOpened: () => ui.log(messages.getMessage('info.browserOpened')),
    },
    retry: input.retry,
    refine: (error) => disabledApp(error, input) ?? keyMismatch(error, input, jwt),
    ...(input.login && plan.flow === 'web-server'
      ? { browserLogin: () => webServerLogin(input, base, credentials, ui, webLogin) }
      : {}),
  }).catch((error: unknown) => {
    ui.stop(messages.getMessage('info.failed'));
    throw tokenFailure(error, { app: spec.apiName, flow: plan.flow, tokenEndpoint }, input.signal);
  });
  ui.stop(messages.getMessage('info.obtained'));

  const confirmation = await confirmToken({
    token: obtained.token,
    base,
    apiVersion,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    keepToken,
    lookupUsername: (userId) => usernameOf(connection, userId),
  });
  if (input.signal?.aborted) {
    const state = messages.getMessage(
      confirmation.revoked ? 'info.tokenRevoked' : input.keepToken ? 'info.tokenKept' : 'info.tokenNotRevoked',
    );
    throw Object.assign(messages.createError('error.InterruptedAfterToken', [state]), { exitCode: EXIT_INTERRUPTED });
  }
  const notes = credentials.secretNote
    ? [messages.getMessage('warning.noSecretForIntrospection', [credentials.secretNote])]
    : [];
  const result = buildVerifyReport({
    spec,
    flow: plan.flow,
    targetOrg: input.targetOrg,
    targetOrgId: input.targetOrgId,
    tokenEndpoint,
    clientId: credentials.clientId,
    secretSource: credentials.secretSource,
    obtained,
    confirmation,
    showSecrets: input.showSecrets,
    clientSecret: credentials.clientSecret,
    notes,
  });
  if (result.orgId && !result.orgMatches) {
    throw messages.createError('error.OrgMismatch', [result.orgId, input.targetOrg, input.targetOrgId]).setData(result);
  }
  if (input.login)
    result.login = webLogin.done ?? (await loginAfterVerify(input, plan.flow, base, credentials, obtained));
  return result;
}

/**
 * An app whose files switch it off gets "not installed" answers that waiting cannot change: say so at once
 * (exit 71) instead of waiting for a propagation that will not come.
 */
function disabledApp(error: unknown, input: VerifyInput): SfError | undefined {
  if (!input.appDisabledIn || retryKind(error) !== 'propagation' || !(error instanceof SfError)) return undefined;
  const disabled = messages.createError(
    'error.AppDisabled',
    [input.spec.apiName, input.appDisabledIn, shortAnswer(error)],
    [input.appDisabledIn, input.spec.apiName, input.orgLabel ?? input.targetOrg],
  );
  disabled.exitCode = EXIT_APP_DISABLED;
  return disabled;
}

/**
 * "invalid assertion" in the JWT bearer flow: the plugin holds the key and the certificate in the app's files, so it
 * can say which one does not match: the key is not the certificate's, or the org holds another certificate.
 */
function keyMismatch(error: unknown, input: VerifyInput, jwt: TokenRun['jwt']): SfError | undefined {
  if (!jwt || !(error instanceof TokenEndpointError) || error.diagnosis.code !== 'jwtAssertionInvalid')
    return undefined;
  const certificate = input.spec.oauth.certificate;
  const matches = certificate ? keyMatchesCertificate(jwt.privateKey, certificate) : undefined;
  if (matches === undefined) return undefined;
  const app = input.spec.apiName;
  const org = input.orgLabel ?? input.targetOrg;
  const key = input.jwtKeyFile ?? '-';
  const mismatch = matches
    ? messages.createError('error.CertificateNotInOrg', [key, app, shortAnswer(error)], [app, org])
    : messages.createError('error.KeyNotCertificates', [key, app, shortAnswer(error)], [app, app]);
  return mismatch.setData({ attempts: 1 });
}

/** The warning when the browser could not be opened, with why. */
export const browserNotOpened = (error: unknown): string =>
  messages.getMessage('warning.browserNotOpened', [
    oneLine(error instanceof Error ? error.message : String(error), 200),
  ]);

const shortAnswer = (error: SfError): string =>
  error instanceof TokenEndpointError
    ? `${error.error}${error.errorDescription ? `: ${error.errorDescription}` : ''}`
    : error.message;

async function jwtInput(input: VerifyInput, base: string, ui: VerifyUi): Promise<TokenRun['jwt']> {
  if (!input.username) throw messages.createError('error.JwtUsernameRequired');
  if (!input.jwtKeyFile) throw messages.createError('error.JwtKeyFileRequired');
  const { key, warnings } = await readPrivateKeyFile(input.jwtKeyFile);
  warnings.forEach((warning) => ui.warn(warning));
  return { username: input.username, privateKey: key, audience: jwtAudience(base, input.audience) };
}

async function usernameOf(connection: Connection, userId: string): Promise<string | undefined> {
  const result = await connection.query<{ Username?: string }>(
    `SELECT Username FROM User WHERE Id = ${soqlString(userId)}`,
  );
  return result.records[0]?.Username;
}

/** The error to show when no token came: exit codes for a wait that ran out and for Ctrl-C; data for --json. */
function tokenFailure(error: unknown, context: Record<string, string>, signal?: AbortSignal): unknown {
  if (signal?.aborted) {
    const stopped = messages.createError('error.Interrupted');
    stopped.exitCode = EXIT_INTERRUPTED;
    return stopped;
  }
  if (!(error instanceof SfError)) return error;
  if (error instanceof WaitExpiredError) error.exitCode = EXIT_WAIT_EXPIRED;
  const progress = (error.data ?? {}) as Record<string, unknown>;
  // The errors that end a wait (WaitExpiredError, StillRefusedError, OrgUnavailableError) carry their own counts.
  const counted = error as SfError & { attempts?: number; elapsedMs?: number };
  const attempts = typeof counted.attempts === 'number' ? counted.attempts : progress.attempts;
  const elapsedMs = typeof counted.elapsedMs === 'number' ? counted.elapsedMs : progress.elapsedMs;
  return error.setData({ ...context, attempts, elapsedMs });
}
