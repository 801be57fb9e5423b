/*
 * One POST to `<base>/services/oauth2/token`, form-encoded, with the global fetch of Node 22. Success is the
 * token response; an OAuth error answer becomes a TokenEndpointError (mapped through the docs/salesforce-facts.md §4 table);
 * a transport failure or timeout becomes a TokenNetworkError. Nothing here logs, and no error text carries the
 * form body or the token.
 */
import { describeAnswer } from './answerText.js';
import { assertSecureUrl } from './loginHost.js';
import { TokenEndpointError, TokenNetworkError } from './tokenErrors.js';

/** What Salesforce's token endpoint returns on success. Only access_token and instance_url are always there. */
export type TokenResponse = {
  access_token: string;
  instance_url: string;
  /** Identity URL `https://host/id/<orgId>/<userId>`. */
  id?: string;
  token_type?: string;
  /** Milliseconds since the epoch, as a string. */
  issued_at?: string;
  /** Granted scopes, wire names, space-separated. */
  scope?: string;
  refresh_token?: string;
  signature?: string;
};

export type HttpOptions = {
  /** Defaults to the global fetch; tests and callers may pass their own. */
  fetch?: typeof fetch;
  /** Cancels the request (Ctrl-C). An abort is rethrown as is, never turned into a retryable error. */
  signal?: AbortSignal;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** The pauses before each repeat of a request the org failed to answer (5xx, no answer); default 1 s, 2 s. */
  serverRetryDelaysMs?: readonly number[];
};

const DEFAULT_TIMEOUT_MS = 30_000;

export function tokenUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/services/oauth2/token`;
}

/** POST a form to an OAuth endpoint; returns status and parsed JSON (or undefined), raw text and content type. */
export async function postForm(
  url: string,
  form: Record<string, string | undefined>,
  options: HttpOptions = {},
): Promise<{ status: number; json: unknown; text: string; contentType?: string }> {
  assertSecureUrl(url);
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) body.set(key, value);
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new TokenNetworkError(url, error);
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  return { status: response.status, json: parseJson(text), text, ...(contentType ? { contentType } : {}) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turn an OAuth endpoint answer into a TokenResponse, or throw the TokenEndpointError it stands for. */
export function parseTokenAnswer(status: number, json: unknown, text: string, contentType?: string): TokenResponse {
  if (status >= 200 && status < 300 && isRecord(json)) {
    if (typeof json.access_token === 'string' && typeof json.instance_url === 'string') {
      const token: TokenResponse = { access_token: json.access_token, instance_url: json.instance_url };
      for (const key of ['id', 'token_type', 'issued_at', 'scope', 'refresh_token', 'signature'] as const) {
        const value = json[key];
        if (typeof value === 'string') token[key] = value;
      }
      return token;
    }
    throw new TokenEndpointError({
      error: 'unexpected_response',
      errorDescription: 'no access_token or instance_url',
      status,
    });
  }
  if (isRecord(json) && typeof json.error === 'string') {
    const description = typeof json.error_description === 'string' ? json.error_description : undefined;
    throw new TokenEndpointError({ error: json.error, errorDescription: description, status });
  }
  // Not an OAuth answer (an HTML error page, a proxy's text): one line saying what it was, never the page.
  throw new TokenEndpointError({
    error: `http_${status}`,
    errorDescription: describeAnswer(status, text, contentType),
    status,
  });
}

/** POST the form to the token endpoint of `base` and return the token, or throw. */
export async function requestToken(
  base: string,
  form: Record<string, string | undefined>,
  options: HttpOptions = {},
): Promise<TokenResponse> {
  const { status, json, text, contentType } = await postForm(tokenUrl(base), form, options);
  return parseTokenAnswer(status, json, text, contentType);
}
