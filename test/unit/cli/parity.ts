/*
 * What the parity tests compare: a command run's stdout, stderr, exit code and thrown error, captured in this
 * process, with the stack frames (which name each base's own files) left out.
 */
import { SfError } from '@salesforce/core/sfError';

export type Outcome = {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  thrown?: { exit?: number; skip?: boolean; name?: string; message?: string };
};

/** What a probe command's body may call: the output methods of SfCommand that both bases have. */
export type ProbeCommand = {
  warn(input: string | { name: string; message: string; actions?: string[] }): unknown;
  info(input: string | { name: string; message: string; actions?: string[] }): void;
  log(line: string): void;
  logSuccess(line: string): void;
  logSensitive(line: string): void;
};

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const;

export async function capture(run: () => Promise<unknown>): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  // Both bases exit 130 on a signal: drop the listeners each run adds, so repeated runs do not warn about a leak.
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  let thrown: Outcome['thrown'];
  try {
    await run();
  } catch (error) {
    const e = error as { oclif?: { exit?: number }; skipOclifErrorHandling?: boolean; name?: string; message?: string };
    thrown = { exit: e.oclif?.exit, skip: e.skipOclifErrorHandling, name: e.name, message: e.message };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const signal of SIGNALS)
      process
        .listeners(signal)
        .filter((l) => !before.get(signal)?.includes(l))
        .forEach((l) => process.removeListener(signal, l));
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout: out.join(''), stderr: err.join(''), exitCode, thrown };
}

// A frame line, coloured or not (under CI=true the diagnostic is dimmed: each line starts with an ANSI code).
const ESC = String.fromCharCode(27);
const FRAMES = new RegExp(`\\n(?:${ESC}\\[[0-9;]*m)*\\s+at .*`, 'g');

/** Stack traces (the error's, its inspected cause's, the internal diagnostic's) name each base's own frames: compared without them. */
export function comparable<T extends { stdout: string; stderr: string }>(outcome: T): T {
  const stdout = outcome.stdout.trim().startsWith('{') ? normalizeJson(outcome.stdout) : outcome.stdout;
  return { ...outcome, stdout, stderr: outcome.stderr.replace(FRAMES, '') };
}

function normalizeJson(text: string): string {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text; // coloured JSON (a terminal, FORCE_COLOR): compared as printed
  }
  if (typeof json.stack === 'string') json.stack = json.stack.split('\n')[0];
  if (typeof json.cause === 'string') json.cause = json.cause.replace(FRAMES, '');
  return JSON.stringify(json, null, 2);
}

/** jsforce's HttpApiError: name and errorCode from the answer, the answer's errors as data. */
export class HttpApiError extends Error {
  public readonly errorCode: string;
  public constructor(
    message: string,
    errorCode: string,
    public readonly data: unknown,
  ) {
    super(message);
    this.name = errorCode;
    this.errorCode = errorCode;
  }
}

/** What jsforce raises for a REST answer listing several errors (a Composite request's). */
export const multipleApiErrors = (): HttpApiError =>
  new HttpApiError('Multiple errors returned.\n  Check `error.data` for the error details', 'MULTIPLE_API_ERRORS', [
    {
      errorCode: 'DUPLICATE_VALUE',
      message: 'duplicate value found: Name duplicates value on record with id: 0H4xx0000000001',
    },
    { errorCode: 'INVALID_FIELD', message: "No such column 'Foo' on entity 'ExternalClientApplication'." },
  ]);

/** The same, wrapped in an SfError (its code is then MULTIPLE_API_ERRORS: the table is printed). */
export const wrappedMultipleApiErrors = (): SfError => SfError.wrap(multipleApiErrors());
