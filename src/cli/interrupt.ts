/*
 * The one owner of Ctrl-C (and of the other signals that end a command: SIGTERM, SIGHUP, SIGBREAK) for a command
 * run. A command that can stop cleanly asks for the abort signal (`cooperate()`): the first Ctrl-C then aborts it,
 * and the command closes what it opened (a loopback server, a token, a staging folder), says in one line what was
 * left undone, and ends with exit code 130 through its usual error path. A command that never asked, or a second
 * Ctrl-C while the first one is being handled, ends the process at once with 130, without a stack trace.
 */
import { type EventEmitter } from 'node:events';
import { EXIT_INTERRUPTED } from '../model/exitCodes.js';

export { EXIT_INTERRUPTED };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const;

export type InterruptWatch = {
  /** The abort signal of a command that stops cleanly on Ctrl-C; asking for it is the promise to do so. */
  cooperate(): AbortSignal;
  /** Remove the listeners (the command is over). */
  dispose(): void;
};

export function watchInterrupts(
  target: EventEmitter = process,
  exit: (code: number) => void = (code) => process.exit(code),
): InterruptWatch {
  const controller = new AbortController();
  let cooperative = false;
  const onSignal = (): void => {
    if (!cooperative || controller.signal.aborted) exit(EXIT_INTERRUPTED);
    else controller.abort();
  };
  for (const name of SIGNALS) target.on(name, onSignal);
  return {
    cooperate: () => {
      cooperative = true;
      return controller.signal;
    },
    dispose: () => SIGNALS.forEach((name) => target.off(name, onSignal)),
  };
}
