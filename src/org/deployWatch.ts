/*
 * Following a deploy the org has accepted, until it is done or --wait runs out, without ever losing its id. A status
 * check that fails on the network or with a 5xx answer is retried with backoff within --wait (the deploy goes on in
 * the org meanwhile); an expired session is refreshed through the org's auth once, when the auth can refresh it.
 * Whatever ends the watch before the deploy is done (Ctrl-C, a session that can't be refreshed, an org failing
 * past --wait) throws an error that names the deploy, so the caller can say how to follow it.
 */
import type { Connection } from '@salesforce/core';
import type { MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { DeployInterruptedError, unlessInterrupted } from './deployInterrupt.js';
import { classifyOrgError, isTransient, type OrgFailure } from './orgFailure.js';

/** Thrown when a deploy the org accepted can no longer be followed: it goes on in the org. */
export class DeployLostError extends Error {
  public constructor(
    public readonly deployId: string,
    public readonly failure: OrgFailure,
    cause?: unknown,
  ) {
    super(`Lost track of deploy ${deployId}: ${failure.detail}`, { cause });
    this.name = 'DeployLostError';
  }
}

export type WatchOptions = {
  deployId: string;
  /** One status check (SDR's checkStatus: the details come with the status once the deploy is done). */
  check: () => Promise<MetadataApiDeployStatus>;
  connection: Pick<Connection, 'refreshAuth'>;
  /** When --wait runs out (epoch ms); at least one status check is made even when it already has. */
  deadline: number;
  signal?: AbortSignal;
  onStatus?: (status: MetadataApiDeployStatus) => void;
  /** Told of each failed status check that will be tried again. */
  onRetry?: (failure: OrgFailure, attempt: number) => void;
  /** Between two status checks (default 1 s: an app is five small files). */
  pollMs?: number;
  /** The first backoff after a failed check, doubled each time (default 1 s), up to maxBackoffMs (default 8 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
};

/** The last status seen: done, or still running when --wait ran out (`done` false). */
export type WatchResult = { status: MetadataApiDeployStatus; done: boolean };

/** Waits `ms`, or throws DeployInterruptedError as soon as the signal aborts. */
function pause(ms: number, deployId: string, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DeployInterruptedError(deployId));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DeployInterruptedError(deployId));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function watchDeploy(options: WatchOptions): Promise<WatchResult> {
  const { deployId, signal } = options;
  const pollMs = options.pollMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 8000;
  let backoffMs = options.backoffMs ?? 1000;
  let failures = 0;
  let refreshed = false;
  let last: MetadataApiDeployStatus | undefined;
  for (;;) {
    let lastFailure: OrgFailure | undefined;
    try {
      const status = await unlessInterrupted(options.check(), deployId, signal);
      last = status;
      failures = 0;
      backoffMs = options.backoffMs ?? 1000;
      if (status.done) return { status, done: true };
      options.onStatus?.(status);
    } catch (error) {
      if (error instanceof DeployInterruptedError) throw error;
      const failure = classifyOrgError(error);
      if (failure.kind === 'session' && !refreshed) {
        refreshed = true;
        // The org's auth refreshes the session when it holds a refresh token; an access token alone can't be.
        const renewed = await unlessInterrupted(
          options.connection.refreshAuth().then(
            () => true,
            () => false,
          ),
          deployId,
          signal,
        );
        if (renewed) continue;
      }
      if (!isTransient(failure)) throw new DeployLostError(deployId, failure, error);
      lastFailure = failure;
      failures += 1;
      if (Date.now() >= options.deadline) throw new DeployLostError(deployId, failure, error);
      options.onRetry?.(failure, failures);
    }
    const remaining = options.deadline - Date.now();
    if (remaining <= 0 && last && !lastFailure) return { status: last, done: false };
    const wait = lastFailure ? Math.min(backoffMs, maxBackoffMs) : pollMs;
    if (lastFailure) backoffMs *= 2;
    // The last retry lands on the deadline, so a failing org is asked once more before the command gives up.
    await pause(Math.max(0, Math.min(wait, remaining)), deployId, signal);
  }
}
