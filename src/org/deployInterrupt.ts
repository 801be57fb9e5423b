/*
 * Ctrl-C during a deploy: stop waiting for the org at once, and say which deploy goes on there.
 */

/** Thrown when Ctrl-C stopped the wait for a deploy the org had accepted: it goes on in the org. */
export class DeployInterruptedError extends Error {
  public constructor(public readonly deployId: string) {
    super(`Stopped waiting for deploy ${deployId}`);
    this.name = 'DeployInterruptedError';
  }
}

/** Waits for `work`, or throws DeployInterruptedError as soon as the signal aborts (the work is left running). */
export async function unlessInterrupted<T>(
  work: Promise<T>,
  deployId: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw new DeployInterruptedError(deployId);
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = (): void => reject(new DeployInterruptedError(deployId));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    work.catch(() => undefined);
  }
}
