/*
 * Where tokens come from: the org's My Domain. The instance URL of an authorized org, or --login-url, may be a
 * Lightning or Setup domain, which are not token endpoints; those map to `.my.salesforce.com` (docs/salesforce-facts.md §4).
 * login.salesforce.com / test.salesforce.com answer the client credentials flow with invalid_grant "request not
 * supported on this domain", so they are refused for it up front. Plain http is allowed only for loopback hosts
 * (the local org emulator, RFC 8252 loopback redirects).
 */
import { Messages } from '../messages.js';
import { type OAuthFlow } from '../model/appSpec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

/** The flows `sf eca verify` can run. */
export type TokenFlow = Extract<OAuthFlow, 'client-credentials' | 'web-server' | 'jwt-bearer'>;

export const PRODUCTION_LOGIN = 'https://login.salesforce.com';
export const SANDBOX_LOGIN = 'https://test.salesforce.com';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Domain suffixes that belong to an org but are not token endpoints, and the My Domain suffix they map to. */
const NON_TOKEN_SUFFIXES: ReadonlyArray<[string, string]> = [
  ['.lightning.force.com', '.my.salesforce.com'],
  ['.my.salesforce-setup.com', '.my.salesforce.com'],
];

/** Generic login hosts: not My Domain. */
const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * The token endpoint base (scheme://host[:port], no trailing slash) for an org's instance URL or a --login-url.
 * Throws when the URL is not usable: not a URL, plain http on a non-loopback host, or a generic login host for the
 * client credentials flow.
 */
export function tokenEndpointBase(instanceOrLoginUrl: string, flow?: TokenFlow): string {
  let url: URL;
  try {
    url = new URL(instanceOrLoginUrl.trim());
  } catch {
    throw messages.createError('error.LoginUrlInvalid', [instanceOrLoginUrl]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw messages.createError('error.LoginUrlInvalid', [instanceOrLoginUrl]);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw messages.createError('error.LoginUrlNotHttps', [url.origin]);
  }
  const host = myDomainHost(url.hostname.toLowerCase());
  if (flow === 'client-credentials' && GENERIC_LOGIN_HOSTS.has(host)) {
    throw messages.createError('error.GenericLoginHost', [host]);
  }
  const port = url.port ? `:${url.port}` : '';
  return `${url.protocol}//${host}${port}`;
}

/**
 * Throws unless the URL is https, or http on a loopback host: secrets and tokens are never sent in the clear.
 * Every request of this layer checks its URL, including the instance_url a token response names.
 */
export function assertSecureUrl(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw messages.createError('error.LoginUrlInvalid', [target]);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  if (url.protocol === 'http:') throw messages.createError('error.LoginUrlNotHttps', [url.origin]);
  throw messages.createError('error.LoginUrlInvalid', [target]);
}

/** `acme.lightning.force.com` -> `acme.my.salesforce.com`; My Domain and other hosts unchanged. */
export function myDomainHost(hostname: string): string {
  const host = hostname.toLowerCase();
  for (const [suffix, replacement] of NON_TOKEN_SUFFIXES) {
    if (host.endsWith(suffix) && host.length > suffix.length) return host.slice(0, -suffix.length) + replacement;
  }
  return host;
}

/**
 * Whether a host (or URL) belongs to a sandbox: test.salesforce.com, enhanced-domain sandboxes
 * (`acme--uat.sandbox.my.salesforce.com` and its Lightning / Setup forms), and legacy sandbox My Domains
 * (`acme--uat.my.salesforce.com`, a `--` in the first label).
 */
export function isSandbox(hostOrUrl: string): boolean {
  let host = hostOrUrl.trim().toLowerCase();
  if (host.includes('://')) {
    try {
      host = new URL(host).hostname;
    } catch {
      return false;
    }
  }
  if (host === 'test.salesforce.com') return true;
  const labels = host.split('.');
  if (labels.includes('sandbox')) return true;
  const mapped = myDomainHost(host);
  return mapped.endsWith('.my.salesforce.com') && labels[0].includes('--');
}

/**
 * The JWT bearer `aud` claim: an explicit override wins; otherwise https://test.salesforce.com for a sandbox and
 * https://login.salesforce.com for everything else. (@salesforce/core's own JWT login now defaults to the
 * production audience everywhere; Salesforce documents test.salesforce.com for sandboxes, and a wrong choice
 * shows up as invalid_grant "audience is invalid", which tokenErrors maps to a fix naming --audience.)
 */
export function jwtAudience(tokenBase: string, override?: string): string {
  if (override?.trim()) return override.trim().replace(/\/+$/, '');
  return isSandbox(tokenBase) ? SANDBOX_LOGIN : PRODUCTION_LOGIN;
}
