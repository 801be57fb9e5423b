/*
 * What the NUTs ask of the real org directly, beside the CLI: the consumer secret setting, the credentials REST API
 * (docs/salesforce-facts.md §5), Metadata API deploys of chosen files through SDR (§6), the OAuth token endpoint with plain fetch
 * (§4), and deleting the apps a run deployed. Secrets read here stay in memory and are never printed.
 */
import type { Connection } from '@salesforce/core';

// ---------------------------------------------------------------------------------------------------------------
// The setting "Allow access to External Client App consumer secrets via REST API"

const SETTINGS_TYPE = 'ExternalClientAppSettings';
const SETTINGS_NAME = 'ExternalClientApp';
const SECRET_SETTING = 'enableClientSecretInRestApiAccess';

/** The Metadata API type names jsforce knows; the ECA settings type is not among them yet. */
type MetadataTypeName = Parameters<Connection['metadata']['read']>[0];

/** The setting's value, or undefined when the org does not return ExternalClientAppSettings. */
export async function readSecretSetting(conn: Connection): Promise<boolean | undefined> {
  const read = (await conn.metadata.read(SETTINGS_TYPE as MetadataTypeName, SETTINGS_NAME)) as unknown as
    Record<string, unknown> | undefined;
  if (!read?.fullName) return undefined;
  const value = read[SECRET_SETTING];
  return value === true || value === 'true';
}

export async function writeSecretSetting(conn: Connection, on: boolean): Promise<void> {
  const settings = { fullName: SETTINGS_NAME, [SECRET_SETTING]: on };
  const result = await conn.metadata.update(SETTINGS_TYPE, settings);
  const results = [result].flat();
  const failed = results.filter((item) => String(item.success) !== 'true');
  if (failed.length > 0) {
    const errors = failed.flatMap((item) =>
      [item.errors ?? []].flat().map((error) => `${error.statusCode}: ${error.message}`),
    );
    throw new Error(
      `Setting ${SETTINGS_TYPE}.${SECRET_SETTING} to ${String(on)} failed: ${errors.join('; ') || 'no detail'}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The credentials REST API (Connect REST, v62+)

export type ApiFailure = { errorCode: string; message: string; text: string };

/** The error code and message of a failed REST call, as jsforce reports them. */
export function apiFailure(error: unknown): ApiFailure {
  const errorCode = String(
    (error as { errorCode?: unknown }).errorCode ?? (error as { name?: unknown }).name ?? 'ERROR',
  );
  const message = error instanceof Error ? error.message : String(error);
  return { errorCode, message, text: `${errorCode}: ${message}` };
}

const credentialsPath = (conn: Connection, ...parts: string[]): string =>
  `/services/data/v${Math.max(62, Math.floor(Number(conn.getApiVersion())))}.0/apps/oauth/credentials/${parts.map(encodeURIComponent).join('/')}`;

export async function findAppId(conn: Connection, apiName: string): Promise<string | undefined> {
  if (!/^\w+$/.test(apiName)) throw new Error(`not an API name: ${apiName}`);
  const records = (
    await conn.query<{ Id: string }>(`SELECT Id FROM ExternalClientApplication WHERE DeveloperName = '${apiName}'`)
  ).records;
  return records[0]?.Id;
}

export type Consumer = { id: string; key?: string; name?: string; url?: string };

/** GET …/apps/oauth/credentials/{appId}: the app's consumers. */
export async function listConsumers(conn: Connection, appId: string): Promise<Consumer[]> {
  const body = await conn.request<{ consumers?: Consumer[] }>({ method: 'GET', url: credentialsPath(conn, appId) });
  return body.consumers ?? [];
}

export type ConsumerPart = { id?: string; key?: string; secret?: string };

/** GET …/apps/oauth/credentials/{appId}/{consumerId}?part=key|secret|keyandsecret. */
export function readConsumerPart(
  conn: Connection,
  appId: string,
  consumerId: string,
  part: 'key' | 'secret' | 'keyandsecret',
): Promise<ConsumerPart> {
  return conn.request<ConsumerPart>({ method: 'GET', url: `${credentialsPath(conn, appId, consumerId)}?part=${part}` });
}

/** The secret, or why the org would not give it. */
export async function trySecret(
  conn: Connection,
  appId: string,
  consumerId: string,
): Promise<{ secret: string } | { failure: ApiFailure }> {
  try {
    const body = await readConsumerPart(conn, appId, consumerId, 'secret');
    if (typeof body.secret === 'string' && body.secret) return { secret: body.secret };
    return {
      failure: {
        errorCode: 'NO_SECRET',
        message: 'the answer holds no secret',
        text: 'NO_SECRET: the answer holds no secret',
      },
    };
  } catch (error) {
    return { failure: apiFailure(error) };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until reading the secret works (open) or fails (closed): a changed setting may take a moment to apply.
 * Returns the last outcome either way.
 */
export async function awaitSecretAccess(
  conn: Connection,
  appId: string,
  consumerId: string,
  open: boolean,
  timeoutMs = 120_000,
): Promise<{ secret: string } | { failure: ApiFailure }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await trySecret(conn, appId, consumerId);
    if ('secret' in outcome === open || Date.now() > deadline) return outcome;
    await sleep(5000);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata API deploys of chosen files (SDR), as the deploy command's one-shot and two-phase deploys make them

export const APP_TYPE = 'ExternalClientApplication';

export type SdrDeploy = {
  id: string;
  status: string;
  failures: Array<{ type: string; fullName: string; problem: string }>;
};

export async function deployPaths(conn: Connection, fsPaths: string[], waitSeconds: number): Promise<SdrDeploy> {
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const components = ComponentSet.fromSource({ fsPaths });
  const deploy = await components.deploy({ usernameOrConnection: conn, apiOptions: { rollbackOnError: true } });
  const result = await deploy.pollStatus(2000, waitSeconds);
  const failures = result
    .getFileResponses()
    .filter((response) => String(response.state) === 'Failed')
    .map((response) => ({
      type: response.type,
      fullName: response.fullName,
      problem: 'error' in response ? String(response.error) : '',
    }));
  return { id: deploy.id ?? '', status: String(result.response.status), failures };
}

/** The problems that mean "the satellites reached the org before their app" (what the two-phase fallback is for). */
export const CROSS_REFERENCE =
  /INVALID_CROSS_REFERENCE_KEY|invalid cross reference|doesn't have a valid OAuth settings configuration/i;

// ---------------------------------------------------------------------------------------------------------------
// The OAuth token endpoint, with plain fetch

export type TokenAnswer = { status: number; error?: string; description?: string; gotToken: boolean };

/** POST <host>/services/oauth2/token with a form; a token obtained by surprise is revoked at once and never kept. */
export async function requestToken(host: string, form: Record<string, string>): Promise<TokenAnswer> {
  const endpoint = new URL('/services/oauth2/token', host);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
    throw new Error(`POST ${endpoint.href} did not answer: ${reason}`);
  }
  const text = await response.text();
  let body: { error?: string; error_description?: string; access_token?: string; instance_url?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { error: `(not JSON: ${text.slice(0, 200)})` };
  }
  if (body.access_token) {
    await fetch(new URL('/services/oauth2/revoke', body.instance_url ?? host), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: body.access_token }).toString(),
      signal: AbortSignal.timeout(60_000),
    }).catch(() => undefined);
  }
  return {
    status: response.status,
    error: body.error,
    description: body.error_description,
    gotToken: Boolean(body.access_token),
  };
}

export const describeAnswer = (answer: TokenAnswer): string =>
  answer.gotToken
    ? `HTTP ${answer.status}, a token (revoked at once)`
    : `HTTP ${answer.status} ${answer.error ?? ''} / ${answer.description ?? ''}`;

/** The login host of the org's kind: login.salesforce.com, or test.salesforce.com for a sandbox. */
export function loginHostFor(instanceUrl: string): string {
  const host = new URL(instanceUrl).hostname;
  // Sandboxes: <domain>--<sandbox>.sandbox.my.salesforce.com (older: <domain>--<sandbox>.my.salesforce.com); scratch orgs.
  const sandbox = /\.(?:sandbox|scratch)\.my\.salesforce\.com$/i.test(host) || host.includes('--');
  return sandbox ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
}

// ---------------------------------------------------------------------------------------------------------------
// Deleting the apps a run deployed

/** Satellites before the app they name. The generated satellites carry the app's own name. */
const DELETE_ORDER = [
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  APP_TYPE,
];

/** A component that is not there (never deployed, or deleted with its app) is not a failure of the clean-up. */
const NOT_THERE = /not found|no .* named|INVALID_CROSS_REFERENCE_KEY|does not exist|cannot find/i;

/**
 * Deletes the apps and their satellites through the Metadata API (CRUD delete, ten names a call), then asks the org
 * which of the apps are still there. Returns a line per problem and the apps left.
 */
export async function deleteApps(
  conn: Connection,
  apiNames: readonly string[],
): Promise<{ problems: string[]; remaining: string[] }> {
  const problems: string[] = [];
  for (const type of DELETE_ORDER) {
    for (let start = 0; start < apiNames.length; start += 10) {
      const names = apiNames.slice(start, start + 10);
      try {
        const results = [await conn.metadata.delete(type, [...names])].flat();
        for (const result of results) {
          if (String(result.success) === 'true') continue;
          const messages = [result.errors ?? []].flat().map((error) => `${error.statusCode}: ${error.message}`);
          if (messages.every((message) => NOT_THERE.test(message))) continue;
          problems.push(`${type} ${result.fullName}: ${messages.join('; ')}`);
        }
      } catch (error) {
        problems.push(`${type} ${names.join(', ')}: ${apiFailure(error).text}`);
      }
    }
  }
  const remaining: string[] = [];
  for (const name of apiNames) {
    try {
      if (await findAppId(conn, name)) remaining.push(name);
    } catch (error) {
      problems.push(`looking for ${name} after the delete: ${apiFailure(error).text}`);
      remaining.push(name);
    }
  }
  return { problems, remaining };
}
