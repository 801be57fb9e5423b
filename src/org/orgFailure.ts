/*
 * What went wrong between the plugin and the org, told apart so that each kind gets its own answer: the connection
 * dropped or never opened (network), the org (or its front end) answered 5xx or an error page (unavailable), the
 * session is no longer valid (session), or anything else (the org's own answer to the request). Network and
 * unavailable answers can change from one request to the next: they are retried, and past the retries they end the
 * command with EXIT_ORG_UNAVAILABLE and one line naming the request, the status and what to do — never the page.
 */
import type { SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import { EXIT_ORG_UNAVAILABLE } from '../model/exitCodes.js';
import { bodyKind, htmlTitle, oneLine } from '../model/networkText.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'org');

export type OrgFailureKind = 'network' | 'unavailable' | 'session' | 'other';

export type OrgFailure = {
  kind: OrgFailureKind;
  /** The HTTP status, when the answer had one. */
  status?: number;
  /** What the answer said, on one line without control characters: an HTML page's title, never the page. */
  detail: string;
};

const NETWORK =
  /fetch failed|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|socket hang up|other side closed|UND_ERR_|network socket disconnected|connection timeout/i;
const SESSION = /INVALID_SESSION_ID|Session expired or invalid|expired access\/refresh token|invalid_grant/i;
const UNAVAILABLE_CODES =
  /^(?:sf:)?(?:UNKNOWN_EXCEPTION|SERVER_UNAVAILABLE|SERVICE_UNAVAILABLE|REQUEST_LIMIT_EXCEEDED)$/;

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function causeText(error: Error): string {
  const parts: string[] = [];
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    parts.push(cause.message, textOf((cause as { code?: unknown }).code));
    cause = cause.cause;
  }
  return parts.join(' ');
}

/** An answer body quoted as an error message, as one line: an HTML page by its title, a REST error list by its message. */
export function describeBody(body: string): string {
  const kind = bodyKind(undefined, body);
  if (kind === 'html') return htmlTitle(body) ?? messages.getMessage('detail.htmlPage');
  if (kind === 'json') {
    try {
      const parsed = JSON.parse(body) as unknown;
      const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { message?: unknown; errorCode?: unknown } | null;
      const message = textOf(first?.message);
      if (message) return oneLine(textOf(first?.errorCode) ? `${textOf(first?.errorCode)}: ${message}` : message);
    } catch {
      // Not JSON after all: told as text below.
    }
  }
  return oneLine(body);
}

/** The kind of an error raised by jsforce, SDR or fetch on a request to the org. */
export function classifyOrgError(error: unknown): OrgFailure {
  if (!(error instanceof Error)) return { kind: 'other', detail: oneLine(String(error)) };
  const code = textOf((error as { errorCode?: unknown }).errorCode);
  const name = error.name;
  const message = error.message;
  // SDR wraps what jsforce raised: "Metadata API request failed: <the original message>".
  const inner = message.replace(/^Metadata API request failed:\s*/i, '');
  const status = Number(/ERROR_HTTP_(\d{3})/.exec(`${code} ${name} ${message}`)?.[1] ?? NaN);
  const detail = describeBody(inner);
  if (SESSION.test(`${name} ${code} ${message}`)) return { kind: 'session', detail };
  if (Number.isFinite(status)) {
    return status >= 500 || bodyKind(undefined, inner) === 'html'
      ? { kind: 'unavailable', status, detail }
      : { kind: 'other', status, detail };
  }
  if (UNAVAILABLE_CODES.test(code) || UNAVAILABLE_CODES.test(name)) return { kind: 'unavailable', detail };
  if (bodyKind(undefined, inner) === 'html') return { kind: 'unavailable', detail };
  if (NETWORK.test(`${name} ${code} ${message} ${causeText(error)}`)) return { kind: 'network', detail };
  return { kind: 'other', detail };
}

/** Answers that can change from one request to the next, so worth another try. */
export const isTransient = (failure: OrgFailure): boolean =>
  failure.kind === 'network' || failure.kind === 'unavailable';

/** `HTTP 503 (Service Unavailable)` or `no answer (fetch failed)`: what the org did, in a few words. */
export function whatTheOrgDid(failure: OrgFailure): string {
  if (failure.kind === 'network') return messages.getMessage('detail.noAnswer', [failure.detail]);
  return failure.status !== undefined
    ? messages.getMessage('detail.status', [String(failure.status), failure.detail])
    : failure.detail;
}

/**
 * The org could not be reached or kept failing: one line naming the request (`the pre-flight queries`), what the
 * org did and what to do; exit code EXIT_ORG_UNAVAILABLE. Nothing of an error page is quoted but its title.
 */
export function orgUnavailableError(request: string, failure: OrgFailure, org: string, cause?: unknown): SfError {
  const error = messages.createError(
    'error.OrgUnavailable',
    [org, request, whatTheOrgDid(failure)],
    [],
    cause as Error,
  );
  error.exitCode = EXIT_ORG_UNAVAILABLE;
  return error;
}
