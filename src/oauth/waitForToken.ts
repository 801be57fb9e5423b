/*
 * Waiting for a new app to propagate (docs/salesforce-facts.md §4: 2-10 minutes after a deploy, sometimes 30). Only answers
 * that can mean "not yet" are retried: 'propagation' ones for the whole wait, 'brief' ones (a just-enabled flow,
 * a secret, a network blip) for a short window; configuration errors fail at once. Backoff doubles from 2 s to
 * 30 s with jitter, and the caller gets an event per attempt and per second of countdown. Time is injectable.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
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
      timeLeftMs: number;
    }
  | { type: 'countdown'; attempt: number; nextTryInMs: number; timeLeftMs: number };

export type RetryOptions = {
  /** The whole wait (--wait), in ms. 0: one attempt. */
  waitMs: number;
  onEvent?: (event: RetryEvent) => void;
  /** For 'brief' answers: how long they may be retried (default 60 s, never beyond waitMs). */
  briefWindowMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Default: a cancellable setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Default: Date.now. */
  now?: () => number;
  /** In [0, 1); default Math.random. */
  random?: () => number;
  signal?: AbortSignal;
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
      [...(lastError.actions ?? []), ...messages.getMessages('error.WaitExpired.actions')],
      lastError,
    );
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
    this.lastError = lastError;
  }
}

/** How an error may be retried: the table's verdict for token endpoint answers, 'brief' for network errors. */
export function retryKind(error: unknown): Retryable {
  if (error instanceof TokenEndpointError) return error.diagnosis.retryable;
  if (error instanceof TokenNetworkError) return 'brief';
  return false;
}

function reasonOf(error: SfError): string {
  return error instanceof TokenEndpointError ? error.diagnosis.meaning : messages.getMessage('retry.networkReason');
}

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
  const initial = options.initialDelayMs ?? 2000;
  const max = options.maxDelayMs ?? 30_000;
  const waitMs = Math.max(0, options.waitMs);
  const briefWindow = Math.min(waitMs, options.briefWindowMs ?? 60_000);
  const started = now();
  const deadline = started + waitMs;

  for (let attempts = 1; ; attempts++) {
    options.onEvent?.({ type: 'attempt', attempt: attempts, elapsedMs: now() - started });
    try {
      const token = await attempt();
      return { token, attempts, elapsedMs: now() - started };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const kind = retryKind(error);
      if (!kind || !(error instanceof SfError)) throw error;
      const elapsed = now() - started;
      const limit = kind === 'propagation' ? waitMs : briefWindow;
      const timeLeft = Math.min(deadline, started + limit) - now();
      if (timeLeft <= 0) {
        if (attempts === 1 && waitMs === 0) throw error;
        throw new WaitExpiredError(error, attempts, elapsed);
      }
      const delay = Math.min(backoffDelay(attempts, initial, max, random), timeLeft);
      options.onEvent?.({
        type: 'retrying',
        attempt: attempts,
        error,
        reason: reasonOf(error),
        nextTryInMs: delay,
        timeLeftMs: deadline - now(),
      });
      // Sleep in slices of at most a second, so the caller can show a countdown.
      for (let left = delay; left > 0;) {
        const slice = Math.min(1000, left);
        await sleep(slice, options.signal);
        left -= slice;
        if (left > 0)
          options.onEvent?.({ type: 'countdown', attempt: attempts, nextTryInMs: left, timeLeftMs: deadline - now() });
      }
    }
  }
}
