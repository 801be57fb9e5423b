/*
 * Callback URL rules (ExtlClntAppGlobalOauthSettings.callbackUrl): https; plain http only for loopback hosts
 * (RFC 8252 §7.3, native apps); custom schemes (RFC 8252 §7.1) only when PKCE protects the code, i.e. with the
 * web server flow; no wildcards; no fragment (RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment
 * component", docs/salesforce-facts.md §2); every URL together, newline-separated, at most 2000 characters.
 */

export const CALLBACK_URLS_MAX_LENGTH = 2000;

/** Loopback host names, as URL.hostname gives them. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Schemes that are never a redirect target. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'ftp:',
  'ws:',
  'wss:',
  'about:',
  'blob:',
]);

export type CallbackKind = 'https' | 'loopback-http' | 'custom-scheme';

export type CallbackProblem = 'wildcard' | 'malformed' | 'httpNotLoopback' | 'forbiddenScheme' | 'fragment';

export type CallbackCheck = { url: string; kind?: CallbackKind; problem?: CallbackProblem };

/** Classify one URL: what kind of callback it is, or why it can never be one. */
export function checkCallbackUrl(url: string): CallbackCheck {
  const check = classify(url);
  return check.problem === undefined && url.includes('#') ? { ...check, problem: 'fragment' } : check;
}

/** The URL without its fragment (what to pass instead of a URL with one). */
export const withoutFragment = (url: string): string => url.split('#')[0];

function classify(url: string): CallbackCheck {
  if (url.includes('*')) return { url, problem: 'wildcard' };
  if (/\s/.test(url)) return { url, problem: 'malformed' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, problem: 'malformed' };
  }
  if (parsed.protocol === 'https:') return parsed.hostname ? { url, kind: 'https' } : { url, problem: 'malformed' };
  if (parsed.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(parsed.hostname) ? { url, kind: 'loopback-http' } : { url, problem: 'httpNotLoopback' };
  }
  if (FORBIDDEN_SCHEMES.has(parsed.protocol)) return { url, problem: 'forbiddenScheme' };
  return { url, kind: 'custom-scheme' };
}

/** The callbackUrl element's text: the URLs newline-separated. */
export const joinCallbackUrls = (urls: readonly string[]): string => urls.join('\n');

/** The URLs of a callbackUrl element (one per line; commas may be part of a URL, so they do not separate). */
export function splitCallbackUrls(text: string): string[] {
  return text
    .split(/[\r\n]+/)
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
}
