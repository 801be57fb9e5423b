/*
 * Ctrl-C while waiting (for the browser, or for the app to propagate) should stop the wait cleanly: close the
 * loopback server, cancel the request, and let the command report it. abortOnInterrupt turns the first SIGINT into
 * an abort signal and then steps aside, so a second Ctrl-C ends the process the usual way.
 */
import { type EventEmitter } from 'node:events';

export type InterruptSignal = {
  signal: AbortSignal;
  /** Remove the SIGINT listener (call it when the wait is over). */
  dispose(): void;
};

export function abortOnInterrupt(target: EventEmitter = process): InterruptSignal {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    target.off('SIGINT', onInterrupt);
    controller.abort();
  };
  target.on('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => target.off('SIGINT', onInterrupt) };
}
