/*
 * Proving credentials before they are relied on, with verify's machinery (src/oauth): a token through the app's
 * flow with the given key and secret (waiting out propagation with the same backoff), the versioned REST resource
 * with it, the org in its identity URL, introspection when asked, and the token revoked whatever happened. A
 * refusal comes back as ProofFailed, the token endpoint's answer explained as verify explains it.
 */
import type { KeyObject } from 'node:crypto';
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { sameSalesforceId } from '../oauth/apiProbe.js';
import { confirmToken } from '../oauth/confirmToken.js';
import type { FlowPlan } from '../oauth/flowPlan.js';
import { obtainToken, type BrowserOptions, type TokenRun } from '../oauth/obtainToken.js';
import { type RetryEvent, WaitExpiredError } from '../oauth/waitForToken.js';
import { EXIT_WAIT_EXPIRED } from '../model/exitCodes.js';
import type { NewCredentials } from './rotateHandover.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

export type ProofInput = {
  plan: FlowPlan;
  base: string;
  apiVersion: string;
  credentials: NewCredentials;
  jwt?: { username: string; privateKey: KeyObject; audience: string };
  targetOrgId: string;
  /** Introspect the token too (the first proof does; the one before retiring the old credentials needs not). */
  introspect: boolean;
  waitMs: number;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
  browser?: BrowserOptions;
  retry?: TokenRun['retry'];
};

export type Proof = {
  attempts: number;
  elapsedMs: number;
  apiStatus: number;
  username?: string;
  introspected: boolean;
  revoked: boolean;
};

export async function proveCredentials(input: ProofInput): Promise<Proof> {
  const { key, secret } = input.credentials;
  const obtained = await obtainToken({
    plan: input.plan,
    base: input.base,
    clientId: key,
    clientSecret: secret,
    jwt: input.jwt,
    waitMs: input.waitMs,
    signal: input.signal,
    onRetry: input.onRetry,
    browser: input.browser,
    retry: input.retry,
  }).catch((error: unknown) => {
    throw proofFailure(error, input.signal);
  });
  const confirmation = await confirmToken({
    token: obtained.token,
    base: input.base,
    apiVersion: input.apiVersion,
    clientId: key,
    clientSecret: input.introspect ? secret : undefined,
    keepToken: false,
    lookupUsername: () => Promise.resolve(undefined),
  }).catch((error: unknown) => {
    throw proofFailure(error, input.signal);
  });
  const orgId = confirmation.identity?.orgId;
  if (orgId && !sameSalesforceId(orgId, input.targetOrgId))
    throw messages.createError('error.ProofOrgMismatch', [orgId, input.targetOrgId]);
  if (confirmation.introspection && confirmation.introspection.active === false)
    throw messages.createError('error.ProofInactive');
  return {
    attempts: obtained.attempts,
    elapsedMs: obtained.elapsedMs,
    apiStatus: confirmation.apiCall.status,
    ...(confirmation.username ? { username: confirmation.username } : {}),
    introspected: confirmation.introspection !== undefined,
    revoked: confirmation.revoked,
  };
}

/** A refusal of the new credentials, with the org's answer and its explanation; Ctrl-C passes through as it is. */
function proofFailure(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted || !(error instanceof SfError)) return error;
  const failed = new SfError(
    messages.getMessage('error.ProofFailed', [error.message]),
    'ProofFailedError',
    [...(error.actions ?? []), ...messages.getMessages('error.ProofFailed.actions')],
    error instanceof WaitExpiredError ? EXIT_WAIT_EXPIRED : 1,
    error,
  );
  const progress = (error.data ?? {}) as { attempts?: number; elapsedMs?: number };
  return failed.setData({
    attempts: error instanceof WaitExpiredError ? error.attempts : progress.attempts,
    elapsedMs: error instanceof WaitExpiredError ? error.elapsedMs : progress.elapsedMs,
  });
}
