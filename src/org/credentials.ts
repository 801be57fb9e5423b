/*
 * Reading an app's consumer key (and, when asked, secret) back from the org with the deploying user's session
 * (docs/salesforce-facts.md §5): the app record Id by SOQL, then the Connect REST credentials resources (v62+). The secret is
 * returned in memory only and never logged here. When the org keeps the secret API closed (the setting
 * "Allow access to External Client App consumer secrets via REST API" is off, or the user lacks the
 * permissions) the error names both ways forward; this module never switches the setting on.
 */
import { type Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { orgRequestFailure, orgSaid } from './requestFailure.js';
import { soqlString } from './soql.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'credentials');

/** The credentials resources exist from v60; the consumer secret setting from v62. */
export const MIN_CREDENTIALS_API_VERSION = 62;

export type ConsumerSummary = { id: string; key?: string; name?: string; url?: string };
export type ConsumerCredentials = { consumerId: string; key: string; secret?: string };
export type CredentialPart = 'key' | 'keyandsecret';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The connection's API version, raised to at least v62. */
export function credentialsApiVersion(conn: Connection): string {
  const version = Number.parseFloat(conn.getApiVersion());
  return `${Math.max(MIN_CREDENTIALS_API_VERSION, Number.isFinite(version) ? Math.floor(version) : 0)}.0`;
}

type ApiError = Error & { errorCode?: string; data?: unknown };

/** A closed secret API: the org setting is off, the feature is off for the user, or a 403. */
export function isSecretAccessClosed(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { errorCode = '' } = error as ApiError;
  const text = `${errorCode} ${error.message}`;
  return (
    /not currently enabled|feature is not enabled|not enabled for this (?:user|org)|insufficient (?:access|privileges)/i.test(
      text,
    ) ||
    /^(?:FUNCTIONALITY_NOT_ENABLED|FORBIDDEN|INSUFFICIENT_ACCESS.*|ERROR_HTTP_403|API_DISABLED_FOR_ORG)$/.test(
      errorCode,
    )
  );
}

/** The app record Id (0xI...) of the External Client App with this API name. */
export async function findAppId(conn: Connection, apiName: string, orgLabel?: string): Promise<string> {
  const soql = `SELECT Id FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(apiName)}`;
  let records: Array<{ Id?: string }>;
  try {
    records = (await conn.query<{ Id: string }>(soql)).records;
  } catch (error) {
    const failure = orgRequestFailure(error, messages.getMessage('request.appLookup'), conn.getUsername() ?? '');
    if (failure) throw failure;
    const { errorCode = '' } = error as ApiError;
    if (
      errorCode === 'INVALID_TYPE' ||
      /sObject type 'ExternalClientApplication' is not supported/i.test(String(error))
    ) {
      throw messages.createError('error.EcaNotQueryable', [conn.getUsername() ?? '']);
    }
    throw messages.createError(
      'error.AppLookupFailed',
      [apiName, orgSaid(error)],
      [orgLabel ?? conn.getUsername() ?? ''],
    );
  }
  const id = records[0]?.Id;
  const org = orgLabel ?? conn.getUsername() ?? '';
  if (!id) throw messages.createError('error.AppNotFound', [apiName, org], [apiName, org]);
  return id;
}

function credentialsUrl(conn: Connection, ...parts: string[]): string {
  return `/services/data/v${credentialsApiVersion(conn)}/apps/oauth/credentials/${parts.map(encodeURIComponent).join('/')}`;
}

function assertId(id: string): void {
  if (!SALESFORCE_ID.test(id)) throw messages.createError('error.BadRecordId', [id]);
}

/**
 * GET …/apps/oauth/credentials/{appId}: the app's consumers (usually one). `part`: what the caller is after, so
 * that a closed API is explained for it (the key, or the secret).
 */
export async function listConsumers(
  conn: Connection,
  appId: string,
  part: CredentialPart = 'key',
): Promise<ConsumerSummary[]> {
  assertId(appId);
  const body = await requestCredentials<{ consumers?: ConsumerSummary[] }>(conn, credentialsUrl(conn, appId), part);
  return (body.consumers ?? []).filter((c) => typeof c?.id === 'string');
}

async function requestCredentials<T>(conn: Connection, url: string, part: CredentialPart | 'secret'): Promise<T> {
  try {
    return await conn.request<T>({ method: 'GET', url });
  } catch (error) {
    const username = conn.getUsername() ?? '';
    if (isSecretAccessClosed(error)) {
      // The org's own words name what is closed (often the setting); the error names every way forward.
      const key = part === 'key' ? 'error.CredentialsApiClosed' : 'error.SecretApiClosed';
      throw messages.createError(key, [username, orgSaid(error)]);
    }
    const failure = orgRequestFailure(error, messages.getMessage('request.credentials'), username);
    if (failure) throw failure;
    const { errorCode = 'ERROR' } = error as ApiError;
    throw messages.createError('error.CredentialsRequestFailed', [errorCode, orgSaid(error)]);
  }
}

/**
 * The consumer key, and the secret with part 'keyandsecret', of the app's first consumer.
 * The secret is only in the returned object: callers keep it in memory and out of logs and --json.
 */
export async function readConsumer(
  conn: Connection,
  appId: string,
  part: CredentialPart,
): Promise<ConsumerCredentials> {
  const consumers = await listConsumers(conn, appId, part);
  const consumer = consumers[0];
  if (!consumer) throw messages.createError('error.NoConsumer', [appId]);
  assertId(consumer.id);
  // The list already carries each consumer's key (docs/salesforce-facts.md §5): one request fewer when only the key is wanted.
  if (part === 'key' && typeof consumer.key === 'string' && consumer.key)
    return { consumerId: consumer.id, key: consumer.key };
  const url = `${credentialsUrl(conn, appId, consumer.id)}?part=${part}`;
  const body = await requestCredentials<{ key?: string; secret?: string }>(conn, url, part);
  if (typeof body.key !== 'string' || !body.key) throw messages.createError('error.NoConsumerKey', [appId]);
  if (part === 'keyandsecret' && (typeof body.secret !== 'string' || !body.secret)) {
    // Some orgs answer without the secret instead of with an error when the setting is off.
    throw messages.createError('error.SecretApiClosed', [
      conn.getUsername() ?? '',
      messages.getMessage('noSecretInAnswer'),
    ]);
  }
  return part === 'keyandsecret'
    ? { consumerId: consumer.id, key: body.key, secret: body.secret }
    : { consumerId: consumer.id, key: body.key };
}
