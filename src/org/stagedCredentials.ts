/*
 * Staged credential rotation through Connect REST (docs/salesforce-facts.md §9.7), with the deploying user's session:
 * the app's consumer (paged list with each consumer's stagedCredentialsUrl), its staged credential (at most one),
 * staging a new key and secret (POST `{}`: without a body the org never answers), making it current (PATCH
 * `{"command":"rotate"}`) and deleting it (DELETE: a staged one is dropped, a rotated one stops working at once).
 * A secret is only in the returned object, never logged here; the secret of a credential that is not Active (the
 * previous one, after a rotation) is never asked for and dropped if an org sends it anyway.
 */
import { type Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { credentialsApiVersion } from './credentials.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'stagedCredentials');

/** Staged rotation exists from v64 (docs/salesforce-facts.md §9.7): the consumer list is asked at that version or later. */
export const MIN_STAGED_API_VERSION = 64;

export type Consumer = { id: string; key?: string; stagedCredentialsUrl: string };

/** Active: staged, working beside the current one; Rotated: the previous one, in its grace period; Expired. */
export type StagedState = 'Active' | 'Rotated' | 'Expired';

export type StagedCredential = {
  id: string;
  key: string;
  state: StagedState;
  url: string;
  createdBy?: string;
  createdDate?: string;
  expirationDate?: string;
  /** Only for an Active credential, and only when asked for. */
  secret?: string;
};

type ApiError = Error & { errorCode?: string; code?: string };
type StagedBody = { stagedCredentials?: unknown[] };

const STATES: Record<string, StagedState> = { active: 'Active', rotated: 'Rotated', expired: 'Expired' };
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** One staged credential of an answer, or undefined when it lacks what the rotation needs. */
export function parseStagedCredential(raw: unknown): StagedCredential | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  const [id, key, url] = [text(record.id), text(record.key), text(record.url)];
  const state = STATES[String(record.state ?? '').toLowerCase()];
  if (!id || !key || !url || !state) return undefined;
  const secret = state === 'Active' ? text(record.secret) : undefined;
  return {
    id,
    key,
    state,
    url,
    ...(text(record.createdBy) ? { createdBy: text(record.createdBy) } : {}),
    ...(text(record.createdDate) ? { createdDate: text(record.createdDate) } : {}),
    ...(text(record.expirationDate) ? { expirationDate: text(record.expirationDate) } : {}),
    ...(secret ? { secret } : {}),
  };
}

/** What a refusal of the credentials API means, worded with the fix: the setting, a permission, a packaged app. */
export function stagedRequestError(error: unknown, username: string, step: string): Error {
  const { errorCode = '', code = '', cause } = (error ?? {}) as ApiError & { cause?: { code?: string } };
  const message = error instanceof Error ? error.message : String(error);
  const both = `${errorCode} ${message}`;
  // undici says "fetch failed", with the socket's error code in its cause.
  if (
    /ECONNRESET|socket hang up|ETIMEDOUT|ECONNREFUSED|EPIPE|fetch failed/i.test(`${code} ${cause?.code ?? ''} ${both}`)
  )
    return messages.createError('error.ConnectionLost', [step]);
  if (/only for local|part of a package|packaged|managed package/i.test(message))
    return messages.createError('error.PackagedApp');
  if (/FUNCTIONALITY_NOT_ENABLED|not currently enabled|feature is not enabled/i.test(both))
    return messages.createError('error.SecretApiSettingOff', [username]);
  const permission = /External Client App Developer|View Client Secret/i.exec(message)?.[0];
  if (permission) return messages.createError('error.MissingPermission', [username, permission], [permission]);
  if (/INSUFFICIENT_ACCESS|FORBIDDEN/.test(errorCode))
    return messages.createError('error.MissingPermission', [username, 'External Client App Developer'], ['-']);
  return messages.createError('error.RequestFailed', [step, errorCode || 'ERROR', message]);
}

async function call<T>(conn: Connection, step: string, request: Parameters<Connection['request']>[0]): Promise<T> {
  try {
    return await conn.request<T>(request);
  } catch (error) {
    throw stagedRequestError(error, conn.getUsername() ?? '', step);
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The app's first consumer (following nextPageUrl while a page is empty), with its stagedCredentialsUrl. */
export async function findConsumer(conn: Connection, appId: string): Promise<Consumer> {
  const version = Math.max(MIN_STAGED_API_VERSION, Number.parseFloat(credentialsApiVersion(conn)));
  let url: string | undefined = `/services/data/v${version}.0/apps/oauth/credentials/${appId}`;
  for (let page = 0; url && page < 20; page++) {
    const body: { consumers?: Array<Record<string, unknown>>; nextPageUrl?: string | null } = await call(
      conn,
      'consumers',
      { method: 'GET', url },
    );
    const first = (body.consumers ?? []).find((c) => text(c?.id));
    if (first) {
      const id = text(first.id)!;
      const consumerUrl = text(first.url) ?? `${url}/${id}`;
      return {
        id,
        key: text(first.key),
        stagedCredentialsUrl: text(first.stagedCredentialsUrl) ?? `${consumerUrl}/staged`,
      };
    }
    url = text(body.nextPageUrl);
  }
  throw messages.createError('error.NoConsumer', [appId]);
}

/** The consumer's staged credential, if any; its secret only with withSecret and only while it is Active. */
export async function readStaged(
  conn: Connection,
  consumer: Consumer,
  withSecret: boolean,
): Promise<StagedCredential | undefined> {
  const url = `${consumer.stagedCredentialsUrl}?part=${withSecret ? 'keyandsecret' : 'key'}`;
  const body = await call<StagedBody>(conn, 'staged', { method: 'GET', url });
  const staged = (body.stagedCredentials ?? []).map(parseStagedCredential).find(Boolean);
  if (staged && !withSecret) delete staged.secret;
  return staged;
}

/** POST `{}`: a new key and secret, staged beside the current ones. Throws the org's refusal (e.g. one is staged). */
export async function stageCredential(conn: Connection, consumer: Consumer): Promise<StagedCredential> {
  const body = await call<StagedBody>(conn, 'stage', {
    method: 'POST',
    url: consumer.stagedCredentialsUrl,
    body: '{}',
    headers: JSON_HEADERS,
  });
  const staged = (body.stagedCredentials ?? []).map(parseStagedCredential).find(Boolean);
  if (!staged?.secret) throw messages.createError('error.NoStagedSecret');
  return staged;
}

/** PATCH `{"command":"rotate"}`: the staged credential becomes current; the answer's entry (the previous one), if any. */
export async function rotateToStaged(
  conn: Connection,
  staged: StagedCredential,
): Promise<StagedCredential | undefined> {
  const body = await call<StagedBody | undefined>(conn, 'rotate', {
    method: 'PATCH',
    url: staged.url,
    body: JSON.stringify({ command: 'rotate' }),
    headers: JSON_HEADERS,
  });
  return (body?.stagedCredentials ?? []).map(parseStagedCredential).find(Boolean);
}

/** DELETE: drops a staged credential, or ends a rotated one's grace period at once. */
export async function deleteStaged(conn: Connection, staged: StagedCredential): Promise<void> {
  await call(conn, 'delete', { method: 'DELETE', url: staged.url });
}
