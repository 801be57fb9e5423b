/*
 * What the person sees while `sf eca verify` waits for a new app to propagate: why waiting can help, once per kind
 * of answer; one short lasting line per refused attempt (what the org said, when the next try is, what is left of
 * the budget for that answer), and on a terminal a countdown in the spinner's status. The wording is pure and tested; the presenter binds it to the command's output, which is
 * quiet under --json.
 */
import { Messages } from '../messages.js';
import { oneLine } from '../model/networkText.js';
import { TokenEndpointError } from '../oauth/tokenErrors.js';
import type { RetryEvent } from '../oauth/waitForToken.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

/** 850 -> "1 s", 65_000 -> "1 min 5 s", 3_600_000 -> "60 min". Never "0 s" for a wait that is still running. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return messages.getMessage('duration.seconds', [Math.max(ms > 0 ? 1 : 0, seconds)]);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0
    ? messages.getMessage('duration.minutes', [minutes])
    : messages.getMessage('duration.minutesSeconds', [minutes, rest]);
}

/** What the org answered, short: `invalid_client_id: client identifier invalid`, else the message's first line. */
function answerOf(error: Error): string {
  if (error instanceof TokenEndpointError)
    return error.errorDescription ? `${error.error}: ${error.errorDescription}` : error.error;
  return oneLine(error.message.split('\n')[0], 200);
}

/** The short lasting line for a refused attempt that will be retried; undefined for the other events. */
export function retryLine(event: RetryEvent): string | undefined {
  if (event.type !== 'retrying') return undefined;
  return messages.getMessage('progress.retrying', [
    event.attempt,
    answerOf(event.error),
    formatDuration(event.nextTryInMs),
    formatDuration(event.timeLeftMs),
  ]);
}

/** Why waiting can help, said once for each kind of answer (before its first retry line). */
export function explanationLine(event: RetryEvent): string | undefined {
  if (event.type !== 'retrying') return undefined;
  return messages.getMessage(event.kind === 'brief' ? 'progress.explainBrief' : 'progress.explain', [
    event.reason,
    formatDuration(event.timeLeftMs),
  ]);
}

/** The spinner status: which attempt is running, or the countdown to the next one. */
export function statusText(event: RetryEvent): string {
  switch (event.type) {
    case 'attempt':
      return messages.getMessage('progress.attempt', [event.attempt]);
    case 'retrying':
    case 'countdown':
      return messages.getMessage('progress.countdown', [
        event.attempt + 1,
        formatDuration(event.nextTryInMs),
        formatDuration(event.timeLeftMs),
      ]);
  }
}

export type ProgressSink = {
  /** A lasting line (the command's log: quiet under --json). */
  log: (line: string) => void;
  /** The spinner's status text. */
  status: (text: string) => void;
};

/**
 * The onEvent handler for requestWithRetry. `countdown`: whether the status may change every second, which only
 * a terminal shows in place (piped output would get a line per change, so it gets the lasting lines only).
 */
export function retryPresenter(sink: ProgressSink, options: { countdown: boolean }): (event: RetryEvent) => void {
  const explained = new Set<string>();
  return (event) => {
    const explanation = explanationLine(event);
    if (explanation && event.type === 'retrying' && !explained.has(event.reason)) {
      explained.add(event.reason);
      sink.log(explanation);
    }
    const line = retryLine(event);
    if (line) sink.log(line);
    if (options.countdown) sink.status(statusText(event));
  };
}
