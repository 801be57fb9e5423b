/*
 * sf-plugins-core's SfCommandError (lib/SfCommandError.js) and its exit code (lib/errorHandling.js'
 * computeErrorCode): what both bases' `catch` turns any error into, prints, emits for plugin-telemetry and throws.
 */
import { inspect } from 'node:util';
import type { CommandError } from '@oclif/core/interfaces';
import type { StructuredMessage } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';

/** What `warn` and `info` take: SfCommand.Warning / SfCommand.Info. */
export type CommandWarning = string | StructuredMessage;

type CommandErrorInput = {
  message: string;
  name: string;
  actions?: string[];
  exitCode: number;
  code: string;
  cause?: unknown;
  commandName: string;
  data?: SfError['data'];
  result?: unknown;
  context: string;
  warnings: CommandWarning[];
};

/** SfCommandError: an SfError carrying the exit code, the command and its warnings, which oclif does not print again. */
export class SfCommandError extends SfError {
  public readonly status: number;
  public readonly commandName: string;
  public readonly warnings: CommandWarning[];
  public readonly result: unknown;
  public readonly skipOclifErrorHandling = true;
  public readonly oclif: { exit: number };

  private constructor(input: CommandErrorInput) {
    super(input.message, input.name, input.actions, input.exitCode, input.cause);
    this.data = input.data;
    this.status = input.exitCode;
    this.warnings = input.warnings;
    this.commandName = input.commandName;
    this.code = input.code;
    this.result = input.result;
    this.oclif = { exit: input.exitCode };
    this.context = input.context ?? input.commandName;
  }

  public static from(error: CommandError, commandName: string, warnings: CommandWarning[]): SfCommandError {
    const wrapped = SfError.wrap(error);
    const exitCode = computeErrorCode(error);
    const own = error as Partial<Record<'actions' | 'code' | 'commandName' | 'data' | 'result' | 'context', unknown>>;
    return new SfCommandError({
      message: wrapped.message,
      name: error.name ?? 'Error',
      actions: 'actions' in error ? (own.actions as string[] | undefined) : undefined,
      exitCode,
      // As given (a number stays a number in the JSON), as SfCommandError keeps it.
      code: (own.code ? own.code : exitCode.toString(10)) as string,
      cause: wrapped.cause,
      commandName: 'commandName' in error ? (own.commandName as string) : commandName,
      data: 'data' in error ? (own.data as SfError['data']) : undefined,
      result: 'result' in error ? own.result : undefined,
      context: 'context' in error ? (own.context as string) : commandName,
      warnings,
    });
  }

  public toJson(): Record<string, unknown> {
    return {
      ...this.toObject(),
      stack: this.stack,
      cause: inspect(this.cause),
      warnings: this.warnings,
      code: this.code,
      status: this.status,
      commandName: this.commandName,
      result: this.result,
    };
  }

  /** appendErrorSuggestions: an unquoted value with spaces (`--name Billing Sync`) fails with "Unexpected argument"; suggest the quoted flag. */
  public suggestQuoting(): void {
    const raw =
      (
        this.cause as
          { parse?: { output?: { raw?: Array<{ type: string; flag?: string; input: string }> } } } | undefined
      )?.parse?.output?.raw ?? [];
    const suggestions: string[] = [];
    raw.forEach((token, index) => {
      if (token.type !== 'flag' || raw[index + 1]?.type !== 'arg') return;
      const values = [token.input];
      for (let next = index + 1; raw[next]?.type === 'arg'; next += 1) values.push(raw[next].input);
      suggestions.push(`--${token.flag ?? ''} "${values.join(' ')}"`);
    });
    this.actions = [...(this.actions ?? []), ...suggestions];
  }
}

/** computeErrorCode: 20 for an internal server error (gack), 10 for a TypeError, else the error's own code. */
export function computeErrorCode(error: CommandError): number {
  if (isGack(error)) return 20;
  if (isTypeError(error)) return 10;
  const oclifExit = (error as { oclif?: { exit?: unknown } }).oclif?.exit;
  if (typeof oclifExit === 'number') return oclifExit;
  if ('exitCode' in error && typeof error.exitCode === 'number') return error.exitCode;
  if ('code' in error) return typeof error.code === 'number' ? error.code : 1;
  return typeof process.exitCode === 'number' ? process.exitCode : 1;
}

const GACK = /\d{9,}-\d{3,} \(-?\d{7,}\)/;
const causeOf = (error: Error): Error | undefined =>
  'cause' in error && error.cause instanceof Error ? error.cause : undefined;
const isGack = (error: Error): boolean => {
  const cause = causeOf(error);
  return (
    GACK.test(error.message) ||
    (typeof error.stack === 'string' && GACK.test(error.stack)) ||
    (cause !== undefined && isGack(cause))
  );
};
const isTypeError = (error: Error): boolean => {
  const cause = causeOf(error);
  return (
    error instanceof TypeError ||
    error.name === 'TypeError' ||
    error.message.includes('TypeError') ||
    Boolean(error.stack?.includes('TypeError')) ||
    (cause !== undefined && isTypeError(cause))
  );
};
