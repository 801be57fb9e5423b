/*
 * The base of commands that never touch an org (`sf eca generate`): the output contract of sf-plugins-core's
 * SfCommand — the `--json` envelope `{ status, result, warnings }`, `Warning:` lines with their actions, errors as
 * `Error (code): message` + `Try this:` or as SfCommandError JSON, sf's exit codes, `SF_CONTENT_TYPE=JSON`,
 * `--flags-dir` — on oclif's Command alone.
 *
 * Why not SfCommand itself: importing it loads @salesforce/core's whole index (jsforce, undici, the org and auth
 * layers) and @oclif/table (ink and React), ~1.3 s before a command's first line, while generating files needs
 * none of it. test/unit/cli/leanCommand.test.ts runs the same commands through both bases and asserts identical
 * output, exit codes and JSON, so this cannot drift from SfCommand unnoticed.
 *
 * Not carried over, because an org-free command has no use for them: spinners, progress bars, prompts, tables,
 * `this.project`/`this.configAggregator`, and the Lifecycle warning relay.
 */
import { EOL } from 'node:os';
import { inspect } from 'node:util';
// The command and flags modules alone: oclif's index also loads its help, ux and plugin machinery (~40 ms),
// which a plugin pays again for its own copy of oclif when it runs inside sf.
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { ux } from '@oclif/core/ux';
import type { CommandError } from '@oclif/core/interfaces';
import type { StructuredMessage } from '@salesforce/core/messages';
import { Messages } from '../messages.js';
import { SfError } from '@salesforce/core/sfError';
import ansis from 'ansis';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

/** What `warn` takes: SfCommand.Warning. */
export type CommandWarning = string | StructuredMessage;

/** SfCommand.Json<T>. */
export type SuccessJson<T> = { status: number; result: T; warnings: CommandWarning[] };

/** sf-plugins-core's default colours of --json output, under the theme of the CLI. */
const JSON_THEME = { key: 'blueBright', string: 'greenBright', number: 'blue', boolean: 'redBright', null: 'blackBright' };

/** sf-plugins-core's StandardColors. */
const colors = { error: ansis.bold.red, warning: ansis.bold.yellow, info: ansis.dim };

/** How an error is marked in the terminal (bold red). */
export const errorColor = (text: string): string => colors.error(text);

/** A section of a command's help that sf's help prints (SfCommand's `errorCodes`, `envVariablesSection`). */
export type HelpSection = { header: string; body: Array<{ name: string; description: string }> };

/** sf-plugins-core's toHelpSection for named entries: `helpSection('EXIT CODES', { 0: 'Success.' })`. */
export function helpSection(header: string, entries: Record<string, string>): HelpSection {
  return { header, body: Object.entries(entries).map(([name, description]) => ({ name, description })) };
}

/** The EXIT CODES section of a command's help: each code with its description (from the command's messages). */
export function exitCodesSection(codes: readonly string[], describe: (code: string) => string): HelpSection {
  return helpSection('EXIT CODES', Object.fromEntries(codes.map((code) => [code, describe(code)])));
}

/** Re-exported so an org-free command takes its flags from here; the sf-plugins-core Flags module loads @salesforce/core's index. */
export { Flags };

export abstract class SfCommand<T> extends Command {
  public static override enableJsonFlag = true;
  public static override baseFlags = {
    'flags-dir': Flags.directory({ summary: messages.getMessage('flags.flags-dir.summary'), helpGroup: 'GLOBAL' }),
  };

  /** Printed by sf's help as EXIT CODES, as SfCommand's are. */
  public static errorCodes?: HelpSection;
  /** Printed by sf's help as ENVIRONMENT VARIABLES, as SfCommand's are. */
  public static envVariablesSection?: HelpSection;

  protected readonly warnings: CommandWarning[] = [];

  public abstract override run(): Promise<T>;

  public override jsonEnabled(): boolean {
    const statics = this.constructor as typeof SfCommand;
    return super.jsonEnabled() || (statics.enableJsonFlag !== false && process.env.SF_CONTENT_TYPE?.toUpperCase() === 'JSON');
  }

  public override warn(input: CommandWarning): CommandWarning {
    this.warnings.push(input);
    const message = typeof input === 'string' ? input : input.message;
    const actions = typeof input === 'string' ? [] : input.actions ?? [];
    this.logToStderr([`${colors.warning(messages.getMessage('warning.prefix'))} ${message}`, ...formatActions(actions)].join(EOL));
    return input;
  }

  /** As SfCommand prints it: pretty, and in colour on a terminal (sf's JSON theme, its defaults under it). */
  public override logJson(json: unknown): void {
    ux.stdout(ux.colorizeJson(json, { theme: { ...JSON_THEME, ...this.config.theme?.json } }));
  }

  protected override toSuccessJson(result: T): SuccessJson<T> {
    return { status: typeof process.exitCode === 'number' ? process.exitCode : 0, result, warnings: this.warnings };
  }

  protected override async _run<R>(): Promise<R> {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP']) process.on(signal, () => this.exit(130));
    return super._run<R>();
  }

  protected override async catch(error: CommandError): Promise<never> {
    const statics = this.constructor as typeof SfCommand;
    const commandError = SfCommandError.from(error, statics.name, this.warnings);
    process.exitCode = commandError.exitCode;
    if (statics.strict !== false && commandError.exitCode === 2 && error.message.includes('Unexpected argument')) commandError.suggestQuoting();
    if (this.jsonEnabled()) this.logJson(commandError.toJson());
    else this.logToStderr(formatError(commandError));
    // plugin-telemetry listens for this event, as it does for SfCommand's errors.
    (process.emit as (event: string, ...args: unknown[]) => boolean)('sfCommandError', commandError, this.id);
    throw commandError;
  }
}

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
    const exitCode = exitCodeOf(error);
    const own = error as Partial<Record<'actions' | 'code' | 'commandName' | 'data' | 'result' | 'context', unknown>>;
    return new SfCommandError({
      message: wrapped.message,
      name: error.name ?? 'Error',
      actions: 'actions' in error ? (own.actions as string[] | undefined) : undefined,
      exitCode,
      code: own.code ? String(own.code) : exitCode.toString(10),
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

  /** An unquoted value with spaces (`--name Billing Sync`) fails parsing with "Unexpected argument": suggest the quoted flag. */
  public suggestQuoting(): void {
    const raw = (this.cause as { parse?: { output?: { raw?: Array<{ type: string; flag?: string; input: string }> } } } | undefined)?.parse?.output?.raw ?? [];
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

/** sf-plugins-core's computeErrorCode: 20 for an internal server error (gack), 10 for a TypeError, else the error's own code. */
function exitCodeOf(error: CommandError): number {
  if (isGack(error)) return 20;
  if (isTypeError(error)) return 10;
  const oclifExit = (error as { oclif?: { exit?: unknown } }).oclif?.exit;
  if (typeof oclifExit === 'number') return oclifExit;
  if ('exitCode' in error && typeof error.exitCode === 'number') return error.exitCode;
  if ('code' in error) return typeof error.code === 'number' ? error.code : 1;
  return typeof process.exitCode === 'number' ? process.exitCode : 1;
}

const GACK = /\d{9,}-\d{3,} \(-?\d{7,}\)/;
const causeOf = (error: Error): Error | undefined => ('cause' in error && error.cause instanceof Error ? error.cause : undefined);
const isGack = (error: Error): boolean => {
  const cause = causeOf(error);
  return GACK.test(error.message) || (typeof error.stack === 'string' && GACK.test(error.stack)) || (cause !== undefined && isGack(cause));
};
const isTypeError = (error: Error): boolean => {
  const cause = causeOf(error);
  return error instanceof TypeError || error.name === 'TypeError' || error.message.includes('TypeError') || Boolean(error.stack?.includes('TypeError')) || (cause !== undefined && isTypeError(cause));
};

function formatActions(actions: string[]): string[] {
  return actions.length > 0 ? [`\n${colors.info(messages.getMessage('actions.tryThis'))}\n`, ...actions.map((action) => colors.info(action))] : [];
}

function formatError(error: SfCommandError): string {
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? ` (${error.code})` : '';
  const diagnostic = error.stack && process.env.SF_ENV === 'development' ? colors.info(`\n*** Internal Diagnostic ***\n\n${inspect(error)}\n******\n`) : [];
  return [`${colors.error(messages.getMessage('error.prefix', [code]))} ${error.message}`, '', ...formatActions(error.actions ?? []), diagnostic].join('\n');
}
