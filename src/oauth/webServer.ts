/*
 * The web server flow with PKCE (docs/salesforce-facts.md §4): build the authorize URL, let the person log in and allow access
 * in a browser, catch the code on the app's registered loopback callback, and exchange it for a token with the
 * code verifier. The browser is opened with the `open` package, imported only when needed; with --no-browser
 * the caller prints the URL instead.
 */
import { isLoopbackHost } from './loginHost.js';
import { createPkcePair, createState } from './pkce.js';
import { startCallbackServer } from './loopbackCallback.js';
import { requestToken, type HttpOptions, type TokenResponse } from './tokenRequest.js';

export type AuthorizeUrlInput = {
  base: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  /** Wire names (`api refresh_token`); left out: the app's scopes. */
  scopes?: string[];
};

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL('/services/oauth2/authorize', input.base);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', input.state);
  if (input.scopes && input.scopes.length > 0) url.searchParams.set('scope', input.scopes.join(' '));
  return url.href;
}

export type CodeExchangeInput = {
  code: string;
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  /** Left out for a public client (isConsumerSecretOptional). */
  clientSecret?: string;
};

export function authorizationCodeForm(input: CodeExchangeInput): Record<string, string | undefined> {
  return {
    grant_type: 'authorization_code',
    code: input.code,
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier,
    client_secret: input.clientSecret,
  };
}

/**
 * The first registered callback this machine can serve: http on a loopback host. (An https or remote callback
 * cannot receive the code here.) Undefined when the app has none.
 */
export function pickLoopbackCallback(callbackUrls: readonly string[]): string | undefined {
  return callbackUrls.find((candidate) => {
    try {
      const url = new URL(candidate.trim());
      return url.protocol === 'http:' && isLoopbackHost(url.hostname);
    } catch {
      return false;
    }
  });
}

/** Open a URL in the default browser; `open` is loaded only on this path, never at startup. */
/**
 * Opens the URL in the system browser. Resolves once the opener started the browser (or is still running after a
 * moment, as a browser it became is); rejects when it could not be run or exited with a failure (no browser).
 */
export async function openInSystemBrowser(url: string, settleMs = 1500): Promise<void> {
  const { default: open } = await import('open');
  const child = await open(url, { wait: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, settleMs);
    timer.unref();
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code) reject(new Error(`the browser opener exited with code ${code}`));
      else resolve();
    });
  });
}

export type WebServerFlowInput = {
  base: string;
  clientId: string;
  clientSecret?: string;
  /** A registered loopback callback (see pickLoopbackCallback). */
  redirectUri: string;
  scopes?: string[];
  /** How long the person has to log in and allow access. */
  timeoutMs: number;
  /** Aborts the wait (wire it to SIGINT). */
  signal?: AbortSignal;
  /** Called with the authorize URL once the callback server listens (print it for --no-browser). */
  onAuthorizeUrl?: (url: string) => void;
  /** Opens the browser; left out for --no-browser. */
  openBrowser?: (url: string) => Promise<void>;
  /** The browser could not be opened; the flow goes on (the person can open the printed URL). */
  onBrowserError?: (error: unknown) => void;
  /** The browser was opened on the authorize URL. */
  onBrowserOpened?: () => void;
};

export async function runWebServerFlow(input: WebServerFlowInput, http: HttpOptions = {}): Promise<TokenResponse> {
  const pkce = createPkcePair();
  const state = createState();
  const server = await startCallbackServer({
    redirectUri: input.redirectUri,
    state,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
  });
  try {
    const url = buildAuthorizeUrl({
      base: input.base,
      clientId: input.clientId,
      redirectUri: server.redirectUri,
      codeChallenge: pkce.challenge,
      state,
      scopes: input.scopes,
    });
    input.onAuthorizeUrl?.(url);
    if (input.openBrowser) {
      try {
        await input.openBrowser(url);
        input.onBrowserOpened?.();
      } catch (error) {
        input.onBrowserError?.(error);
      }
    }
    const { code } = await server.result;
    const form = authorizationCodeForm({
      code,
      clientId: input.clientId,
      redirectUri: server.redirectUri,
      codeVerifier: pkce.verifier,
      clientSecret: input.clientSecret,
    });
    return await requestToken(input.base, form, { ...http, signal: http.signal ?? input.signal });
  } finally {
    await server.close();
  }
}
