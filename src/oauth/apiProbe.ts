/*
 * Proving a token works (docs/salesforce-facts.md §4): `GET /services/data/` needs no auth and proves nothing, so call the
 * versioned resource `GET <instance_url>/services/data/vNN.0/` with the bearer token; check that the token's
 * identity URL names the target org; introspect it where the app allows; revoke it afterwards. A request the org
 * fails to answer (5xx, an error page, a dropped connection) is repeated twice before it counts; what the org sent
 * is described in one line, never printed as it came.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { EXIT_ORG_UNAVAILABLE } from '../model/exitCodes.js';
import { oneLine } from '../model/networkText.js';
import { describeAnswer, isServerFailure } from './answerText.js';
import { assertSecureUrl } from './loginHost.js';
import { redact } from './redact.js';
import { postForm, type HttpOptions } from './tokenRequest.js';
import { describeNetworkCause } from './tokenErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

const DEFAULT_TIMEOUT_MS = 30_000;
const SERVER_RETRY_DELAYS_MS = [1000, 2000];

type Answer = { status: number; text: string; contentType?: string };

/**
 * Runs a request, repeating it after each pause while the org fails to answer (a 5xx or 429 status, or no answer
 * at all). Returns the last answer with the number of attempts; the last network error is thrown.
 */
async function withServerRetry<T extends Answer>(
  request: () => Promise<T>,
  options: HttpOptions,
): Promise<T & { attempts: number }> {
  const delays = options.serverRetryDelaysMs ?? SERVER_RETRY_DELAYS_MS;
  for (let attempt = 1; ; attempt++) {
    const last = attempt > delays.length;
    try {
      const answer = await request();
      if (!isServerFailure(answer.status) || last) return { ...answer, attempts: attempt };
    } catch (error) {
      if (options.signal?.aborted || last) throw error;
    }
    await sleepFor(delays[attempt - 1], undefined, { signal: options.signal });
  }
}

export type ApiProbeResult = { url: string; status: number };

/** `62.0` or `v62.0` -> `62.0`; anything else is refused. */
export function normaliseApiVersion(apiVersion: string): string {
  const match = /^v?(\d{2,3})(?:\.0)?$/.exec(apiVersion.trim());
  if (!match) throw messages.createError('error.ApiVersionInvalid', [apiVersion]);
  return `${match[1]}.0`;
}

/** GET <instance>/services/data/vNN.0/ with the token; 200 or an ApiProbeError. */
export async function probeApi(
  instanceUrl: string,
  accessToken: string,
  apiVersion: string,
  options: HttpOptions = {},
): Promise<ApiProbeResult> {
  const url = `${instanceUrl.replace(/\/+$/, '')}/services/data/v${normaliseApiVersion(apiVersion)}/`;
  assertSecureUrl(url);
  const doFetch = options.fetch ?? fetch;
  let answer: Answer & { attempts: number };
  try {
    answer = await withServerRetry(async () => {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const response = await doFetch(url, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        redirect: 'manual',
      });
      return {
        status: response.status,
        text: await response.text(),
        contentType: response.headers.get('content-type') ?? undefined,
      };
    }, options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const reason = error instanceof Error ? describeNetworkCause(error) : String(error);
    throw Object.assign(messages.createError('error.ApiProbeNetwork', [url, oneLine(redact(reason, [accessToken]))]), {
      exitCode: EXIT_ORG_UNAVAILABLE,
    });
  }
  if (isServerFailure(answer.status)) {
    const detail = describeAnswer(answer.status, answer.text, answer.contentType, [accessToken]);
    throw Object.assign(messages.createError('error.ApiProbeUnavailable', [url, detail, String(answer.attempts)]), {
      exitCode: EXIT_ORG_UNAVAILABLE,
    });
  }
  if (answer.status !== 200) {
    const detail = describeAnswer(answer.status, answer.text, answer.contentType, [accessToken]);
    throw messages.createError('error.ApiProbeFailed', [url, detail]);
  }
  return { url, status: answer.status };
}

export type IdentityUrl = { host: string; orgId: string; userId: string };

/** Parse the token's `id`: https://host/id/<orgId>/<userId>. Undefined when it has another shape. */
export function parseIdentityUrl(id: string | undefined): IdentityUrl | undefined {
  if (!id) return undefined;
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    return undefined;
  }
  const match = /^\/id\/(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/(005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/?$/.exec(
    url.pathname,
  );
  if (!match) return undefined;
  return { host: url.host, orgId: match[1], userId: match[2] };
}

/** Salesforce ids compare on their first 15 characters (the 18-character form adds a case checksum). */
export function sameSalesforceId(a: string, b: string): boolean {
  return a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
}

export type Introspection = {
  active: boolean;
  scope?: string;
  clientId?: string;
  username?: string;
  sub?: string;
  tokenType?: string;
  exp?: number;
};

/**
 * POST /services/oauth2/introspect with the app's credentials. Apps that may not introspect (or a public client
 * without a secret) get an IntrospectionUnavailable error the caller reports as "not checked", not as a failure.
 */
export async function introspect(
  base: string,
  clientId: string,
  clientSecret: string,
  token: string,
  options: HttpOptions = {},
): Promise<Introspection> {
  const url = `${base.replace(/\/+$/, '')}/services/oauth2/introspect`;
  const form = { token, token_type_hint: 'access_token', client_id: clientId, client_secret: clientSecret };
  let answer: Awaited<ReturnType<typeof postForm>> & { attempts: number };
  try {
    answer = await withServerRetry(() => postForm(url, form, options), options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new SfError(
      messages.getMessage('error.IntrospectionFailed', [
        url,
        oneLine(redact(String((error as Error).message ?? error), [token, clientSecret])),
      ]),
      'IntrospectionFailed',
      messages.getMessages('error.IntrospectionFailed.actions'),
    );
  }
  const { status, json, text, contentType } = answer;
  if (isServerFailure(status) || (status !== 200 && typeof json !== 'object')) {
    // The org failed (or answered with a page, not OAuth): nothing is known about the app's introspection.
    throw new SfError(
      messages.getMessage('error.IntrospectionFailed', [
        url,
        describeAnswer(status, text, contentType, [token, clientSecret]),
      ]),
      'IntrospectionFailed',
      messages.getMessages('error.IntrospectionFailed.actions'),
    );
  }
  if (
    status !== 200 ||
    typeof json !== 'object' ||
    json === null ||
    typeof (json as { active?: unknown }).active !== 'boolean'
  ) {
    const detail = oneLine(redact(text, [token, clientSecret]), 300);
    throw new SfError(
      messages.getMessage('error.IntrospectionUnavailable', [String(status), detail]),
      'IntrospectionUnavailable',
      messages.getMessages('error.IntrospectionUnavailable.actions'),
    );
  }
  const body = json as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  return {
    active: body.active as boolean,
    scope: str('scope'),
    clientId: str('client_id'),
    username: str('username'),
    sub: str('sub'),
    tokenType: str('token_type'),
    exp: typeof body.exp === 'number' ? body.exp : undefined,
  };
}

/** POST /services/oauth2/revoke (form token=). Resolves on 200; throws a RevokeFailed error otherwise. */
export async function revoke(base: string, token: string, options: HttpOptions = {}): Promise<void> {
  const url = `${base.replace(/\/+$/, '')}/services/oauth2/revoke`;
  let answer: Awaited<ReturnType<typeof postForm>>;
  try {
    answer = await withServerRetry(() => postForm(url, { token }, options), options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw messages.createError('error.RevokeFailed', [
      url,
      oneLine(redact(String((error as Error).message ?? error), [token])),
    ]);
  }
  if (answer.status !== 200) {
    const detail = describeAnswer(answer.status, answer.text, answer.contentType, [token]);
    throw messages.createError('error.RevokeFailed', [url, detail]);
  }
}
