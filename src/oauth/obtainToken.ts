/*
 * Getting a token with the chosen flow, waiting while the new app propagates. Client credentials and JWT bearer
 * are retried as a whole (a fresh assertion each time). The web server flow involves a person, so it is not
 * repeated: first a readiness probe is retried until the token endpoint knows the consumer key (an
 * authorization-code request with a code that cannot be valid: "client identifier invalid" means not yet, any
 * other refusal means the app is there), then the browser is opened once. Errors leave with how many attempts
 * were made and how long it took in their data.
 */
import type { KeyObject } from 'node:crypto';
import { SfError } from '@salesforce/core';
import { requestClientCredentialsToken } from './clientCredentials.js';
import { requestJwtBearerToken } from './jwtBearer.js';
import { TokenEndpointError } from './tokenErrors.js';
import { authorizationCodeForm, runWebServerFlow } from './webServer.js';
import { requestToken, type HttpOptions, type TokenResponse } from './tokenRequest.js';
import { requestWithRetry, retryKind, type RetryEvent, type RetryOptions } from './waitForToken.js';
import type { FlowPlan } from './flowPlan.js';

export type BrowserOptions = {
  /** Opens the authorize URL; left out for --no-browser. */
  open?: (url: string) => Promise<void>;
  /** Shows the authorize URL (always called: the person may have to open it by hand). */
  onAuthorizeUrl: (url: string) => void;
  onBrowserError?: (error: unknown) => void;
  onBrowserOpened?: () => void;
  /** How long the person has to log in and allow access. */
  timeoutMs: number;
};

export type TokenRun = {
  plan: FlowPlan;
  /** Token endpoint base (tokenEndpointBase). */
  base: string;
  clientId: string;
  clientSecret?: string;
  jwt?: { username: string; privateKey: KeyObject; audience: string };
  /** web-server: the scopes to ask for, as wire names. */
  scopes?: string[];
  waitMs: number;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
  browser?: BrowserOptions;
  http?: HttpOptions;
  /** Test seams for the retry loop (sleep, now, random, delays). */
  retry?: Omit<RetryOptions, 'waitMs' | 'onEvent' | 'signal'>;
  /** See RetryOptions.refine. */
  refine?: RetryOptions['refine'];
  /** web-server: another way to run the browser step (sf's own login for --login) instead of the loopback flow. */
  browserLogin?: () => Promise<TokenResponse>;
};

export type ObtainedToken = { token: TokenResponse; attempts: number; elapsedMs: number };

/** The probe's code: never a real authorization code, so the org can only refuse it. */
export const READINESS_PROBE_CODE = 'sf-eca-verify-readiness-probe';

/**
 * One readiness check for the web server flow: resolves when the token endpoint knows the consumer key, throws
 * the endpoint's answer when it means "not yet" (or a refusal the browser cannot fix, such as a callback URL the
 * app does not have).
 */
export async function probeClientReady(
  base: string,
  clientId: string,
  redirectUri: string,
  clientSecret: string | undefined,
  http: HttpOptions = {},
): Promise<void> {
  const form = authorizationCodeForm({
    code: READINESS_PROBE_CODE,
    clientId,
    redirectUri,
    codeVerifier: READINESS_PROBE_CODE,
    clientSecret,
  });
  try {
    await requestToken(base, form, http);
  } catch (error) {
    const appIsThere =
      error instanceof TokenEndpointError && retryKind(error) === false && !PROBE_FATAL.has(error.diagnosis.code);
    if (!appIsThere) throw error;
  }
}

/** Probe answers that the browser cannot fix: fail before sending the person to the authorize page. */
const PROBE_FATAL: ReadonlySet<string> = new Set(['redirectUriMismatch', 'wrongDomain']);

function attemptFor(run: TokenRun): () => Promise<TokenResponse | undefined> {
  const http: HttpOptions = { ...run.http, signal: run.signal };
  switch (run.plan.flow) {
    case 'client-credentials':
      return () =>
        requestClientCredentialsToken(
          { base: run.base, clientId: run.clientId, clientSecret: run.clientSecret ?? '' },
          http,
        );
    case 'jwt-bearer': {
      const jwt = run.jwt!;
      return () => requestJwtBearerToken({ base: run.base, clientId: run.clientId, ...jwt }, http);
    }
    case 'web-server':
      return async () => {
        await probeClientReady(run.base, run.clientId, run.plan.redirectUri!, run.clientSecret, http);
        return undefined;
      };
  }
}

export async function obtainToken(run: TokenRun): Promise<ObtainedToken> {
  const now = run.retry?.now ?? Date.now;
  const started = now();
  let attempts = 0;
  const onEvent = (event: RetryEvent): void => {
    if (event.type === 'attempt') attempts = event.attempt;
    run.onRetry?.(event);
  };
  try {
    const waited = await requestWithRetry(attemptFor(run), {
      ...run.retry,
      waitMs: run.waitMs,
      onEvent,
      signal: run.signal,
      ...(run.refine ? { refine: run.refine } : {}),
    });
    const token = waited.token ?? (await (run.browserLogin ? run.browserLogin() : browserLogin(run)));
    return { token, attempts: waited.attempts, elapsedMs: now() - started };
  } catch (error) {
    throw withProgress(error, attempts, now() - started);
  }
}

function browserLogin(run: TokenRun): Promise<TokenResponse> {
  const browser = run.browser!;
  return runWebServerFlow(
    {
      base: run.base,
      clientId: run.clientId,
      clientSecret: run.clientSecret,
      redirectUri: run.plan.redirectUri!,
      scopes: run.scopes,
      timeoutMs: browser.timeoutMs,
      signal: run.signal,
      onAuthorizeUrl: browser.onAuthorizeUrl,
      openBrowser: browser.open,
      onBrowserError: browser.onBrowserError,
      onBrowserOpened: browser.onBrowserOpened,
    },
    { ...run.http, signal: run.signal },
  );
}

/** Attach the attempt count and the elapsed time to an error, for --json and for the message the command adds. */
function withProgress(error: unknown, attempts: number, elapsedMs: number): unknown {
  if (error instanceof SfError && error.data === undefined) error.setData({ attempts, elapsedMs });
  return error;
}
