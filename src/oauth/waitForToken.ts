/*
 * Waiting for a new app to propagate (docs/salesforce-facts.md §4: 2-10 minutes after a deploy, sometimes 30). Only
 * answers that can change are retried: 'propagation' ones (the org does not know the app yet) and 'unavailable' ones
 * (the org failing: 5xx, error pages, dropped connections) for the whole --wait, 'brief' ones (a wrong secret, a
 * just-enabled flow) for a short window; configuration errors fail at once. Attempts start every 5 s (so success is
 * seen within 5 s of the app going live, at one request per 5 s), and each way of giving up has its own error: the
 * app not propagated (exit 69), the secret wrong or the answer unchanged (exit 1), the org unavailable (exit 70).
 * The caller gets an event per attempt and per second of countdown. Time is injectable.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { EXIT_ORG_UNAVAILABLE, EXIT_WAIT_EXPIRED } from '../model/exitCodes.js';
import { TokenEndpointError, TokenNetworkError, type Retryable } from './tokenErrors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export type RetryEvent =
  | { type: 'attempt'; attempt: number; elapsedMs: number }
  | {
      type: 'retrying';
      attempt: number;
      /** The answer that will be retried (message already redacted). */
      error: SfError;
      /** Why waiting can help, from the error table. */
      reason: string;
      nextTryInMs: number;
      /** What is left of the budget for this kind of answer (the short window for a wrong secret, else --wait). */
      timeLeftMs: number;
      /** How the answer is retried. */
      kind: Exclude<Retryable, false>;
    }
  | { type: 'countdown'; attempt: number; nextTryInMs: number; timeLeftMs: number };

export type RetryOptions = {
  /** The whole wait (--wait), in ms. 0: one attempt. */
  waitMs: number;
  onEvent?: (event: RetryEvent) => void;
  /** For 'brief' answers: how long they may be retried (default 60 s, never beyond waitMs). */
  briefWindowMs?: number;
  /** Attempts start this often (default 5 s), on a fixed schedule from the first: the time an attempt took and a late timer do not add up. */
  intervalMs?: number;
  /** With initialDelayMs (and maxDelayMs), a doubling backoff with jitter instead of the fixed interval. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Default: a cancellable setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Default: Date.now. */
  now?: () => number;
  /** In [0, 1); default Math.random. */
  random?: () => number;
  signal?: AbortSignal;
  /**
   * Reads each refused answer in the caller's context first: another error to end with at once (an app the
   * caller knows is switched off, for instance), or undefined to retry as usual.
   */
  refine?: (error: unknown) => SfError | undefined;
};

export type RetryResult<T> = { token: T; attempts: number; elapsedMs: number };

/** Gave up: the wait ran out while the org kept answering "not yet". Carries the last answer. */
export class WaitExpiredError extends SfError {
  public readonly attempts: number;
  public readonly elapsedMs: number;
  public readonly lastError: SfError;

  public constructor(lastError: SfError, attempts: number, elapsedMs: number) {
    super(
      messages.getMessage('error.WaitExpired', [
        String(attempts),
        String(Math.round(elapsedMs / 1000)),
        lastError.message,
      ]),
      'WaitExpiredError',
      [...withoutWaitAdvice(lastError.actions), ...messages.getMessages('error.WaitExpired.actions')],
      // No cause: --json would carry its stack. The last answer is in the message and in lastError.
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.lastError = lastError;
    this.exitCode = EXIT_WAIT_EXPIRED;
  }
}

/** The actions of an answer, without its own "wait longer" advice (the error that wraps it gives that once). */
const withoutWaitAdvice = (actions: readonly string[] | undefined): string[] =>
  (actions ?? []).filter((action) => !/--wait\b/.test(action));

/**
 * Gave up on an answer that may only change briefly (a wrong secret, a flow enabled moments ago): a configuration
 * error (exit 1). For a wrong secret after the org knew the key, the message says the secret is wrong.
 */
export class StillRefusedError extends SfError {
  public readonly attempts: number;
  public readonly elapsedMs: number;
  public readonly lastError: SfError;

  public constructor(lastError: SfError, attempts: number, elapsedMs: number) {
    const wrongSecret =
      lastError instanceof TokenEndpointError && lastError.diagnosis.code === 'clientCredentialsInvalid';
    const seconds = String(Math.round(elapsedMs / 1000));
    super(
      wrongSecret
        ? messages.getMessage('error.SecretWrong', [seconds, String(attempts), answerOf(lastError)])
        : messages.getMessage('error.StillRefused', [seconds, String(attempts), lastError.message]),
      wrongSecret ? 'SecretWrongError' : 'StillRefusedError',
      wrongSecret ? messages.getMessages('error.SecretWrong.actions') : withoutWaitAdvice(lastError.actions),
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.lastError = lastError;
    this.exitCode = 1;
  }
}

/** Gave up while the org kept failing (5xx, error pages, no answer): the org is unavailable (exit 70). */
export class OrgUnavailableError extends SfError {
  public readonly attempts: number;
  public readonly elapsedMs: number;
  public readonly lastError: SfError;

  public constructor(lastError: SfError, attempts: number, elapsedMs: number) {
    super(
      messages.getMessage('error.OrgUnavailable', [
        String(Math.round(elapsedMs / 1000)),
        String(attempts),
        answerOf(lastError),
      ]),
      'OrgUnavailableError',
      messages.getMessages('error.OrgUnavailable.actions'),
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.lastError = lastError;
    this.exitCode = EXIT_ORG_UNAVAILABLE;
  }
}

/** What the org answered, short: `invalid_client: invalid client credentials`, else the message's first line. */
function answerOf(error: SfError): string {
  if (error instanceof TokenEndpointError)
    return error.errorDescription ? `${error.error}: ${error.errorDescription}` : error.error;
  return error.message.split('\n')[0].trim();
}

/** The error for a wait that ended on this kind of answer. */
function gaveUp(kind: Exclude<Retryable, false>, error: SfError, attempts: number, elapsedMs: number): SfError {
  if (kind === 'propagation') return new WaitExpiredError(error, attempts, elapsedMs);
  if (kind === 'unavailable') return new OrgUnavailableError(error, attempts, elapsedMs);
  return new StillRefusedError(error, attempts, elapsedMs);
}

/** How an error may be retried: the table's verdict for token endpoint answers, 'unavailable' for network errors. */
export function retryKind(error: unknown): Retryable {
  if (error instanceof TokenEndpointError) return error.diagnosis.retryable;
  if (error instanceof TokenNetworkError) return 'unavailable';
  return false;
}

function reasonOf(error: SfError): string {
  if (error instanceof TokenEndpointError)
    return error.diagnosis.code === 'serverError'
      ? messages.getMessage('retry.unavailableReason')
      : error.diagnosis.meaning;
  return messages.getMessage('retry.networkReason');
}

/** Attempts start every 5 s: success within 5 s of the app going live, one request per 5 s on average. */
export const RETRY_INTERVAL_MS = 5000;

/** Backoff before attempt n+1 (n >= 1): initial * 2^(n-1), at most max, times a jitter in [0.8, 1.2). */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

export async function requestWithRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<RetryResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const interval = options.intervalMs ?? RETRY_INTERVAL_MS;
  const backoff = options.initialDelayMs !== undefined;
  const waitMs = Math.max(0, options.waitMs);
  const briefWindow = Math.min(waitMs, options.briefWindowMs ?? 60_000);
  const started = now();
  const deadline = started + waitMs;

  for (let attempts = 1; ; attempts++) {
    const attemptStarted = now();
    options.onEvent?.({ type: 'attempt', attempt: attempts, elapsedMs: attemptStarted - started });
    try {
      const token = await attempt();
      return { token, attempts, elapsedMs: now() - started };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const refined = options.refine?.(error);
      if (refined) throw refined;
      const kind = retryKind(error);
      if (!kind || !(error instanceof SfError)) throw error;
      const elapsed = now() - started;
      const windowEnd = kind === 'brief' ? started + briefWindow : deadline;
      const timeLeft = windowEnd - now();
      if (timeLeft <= 0) throw gaveUp(kind, error, attempts, elapsed);
      const wanted = backoff
        ? backoffDelay(attempts, options.initialDelayMs!, options.maxDelayMs ?? 30_000, random)
        : started + attempts * interval - now();
      const delay = Math.max(0, Math.min(wanted, timeLeft));
      options.onEvent?.({
        type: 'retrying',
        attempt: attempts,
        error,
        reason: reasonOf(error),
        nextTryInMs: delay,
        timeLeftMs: timeLeft,
        kind,
      });
      // Sleep in slices of at most a second, so the caller can show a countdown.
      for (let left = delay; left > 0;) {
        const slice = Math.min(1000, left);
        await sleep(slice, options.signal);
        left -= slice;
        if (left > 0)
          options.onEvent?.({ type: 'countdown', attempt: attempts, nextTryInMs: left, timeLeftMs: windowEnd - now() });
      }
    }
  }
}
