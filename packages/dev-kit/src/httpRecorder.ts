/*
 * Records the status (and, for errors, the start of the body) of every HTTP answer the servers of this
 * process send. The `sf` integration script and the benchmark start the org emulator in-process and use this
 * to name precisely each request the official CLI made that the emulator could not answer (an emulator gap),
 * without reaching into the emulator's code.
 */
import { ServerResponse } from 'node:http';

export type RecordedAnswer = { method: string; url: string; status: number; body: string };

const answers: RecordedAnswer[] = [];
let installed = false;

/** Starts recording (idempotent). Call before the first request. */
export function recordHttpAnswers(): void {
  if (installed) return;
  installed = true;
  const originalEnd = ServerResponse.prototype.end;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ServerResponse.prototype.end = function end(this: ServerResponse, ...args: any[]): ServerResponse {
    const chunk: unknown = args[0];
    const body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    answers.push({
      method: this.req?.method ?? '?',
      url: this.req?.url ?? '?',
      status: this.statusCode,
      body: body.slice(0, 400),
    });
    return originalEnd.apply(this, args as Parameters<typeof originalEnd>);
  } as typeof originalEnd;
}

/** A mark to pass to `answersSince` later. */
export const answerMark = (): number => answers.length;

export const answersSince = (mark: number): RecordedAnswer[] => answers.slice(mark);

/** Answers that an org would not give to a working client: 404 and 5xx, and 400 bodies naming an unsupported feature. */
export const failedAnswers = (list: RecordedAnswer[]): RecordedAnswer[] =>
  list.filter((a) => a.status === 404 || a.status === 405 || a.status >= 500);

/** One line per answer: `GET /services/data/v66.0/foo → 404 [{"message":…}]`. */
export const describeAnswers = (list: RecordedAnswer[]): string[] =>
  list.map((a) => `${a.method} ${a.url} → ${a.status}${a.body ? ` ${a.body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
