/*
 * The base of commands that never touch an org (`sf eca generate`): the output contract of sf-plugins-core's
 * SfCommand — the `--json` envelope `{ status, result, warnings }`, `Warning:` lines with their actions, `info` and
 * `logSuccess` lines, errors as `Error (code): message` + `Try this:` or as SfCommandError JSON, sf's exit codes,
 * SF_CONTENT_TYPE=JSON (and SFDX_CONTENT_TYPE), the beta/preview warning, `logSensitive`, `--flags-dir` — on
 * oclif's Command alone.
 *
 * Why not SfCommand itself: importing it loads @salesforce/core's whole index (jsforce, undici, the org and auth
 * layers) and @oclif/table (ink and React), ~1.3 s before a command's first line, while generating files needs
 * none of it. test/unit/cli/sfCommand.test.ts runs the same commands through both bases and asserts identical
 * output, exit codes and JSON, and test/unit/cli/sfCommandContract.test.ts fails when sf-plugins-core's files
 * change, so this cannot drift from SfCommand unnoticed.
 *
 * Left out, on purpose — each is a method a command would have to call, so leaving it out cannot change what a
 * command that compiles prints: spinners and `this.project` (in sfOrgCommand.ts), progress bars, prompts
 * (`confirm`, `secretPrompt`), `table`, `url`, `styledJSON`, `styledObject`, `styledHeader`, `this.ux`. Also
 * `toErrorJson`, which SfCommand does not override either: its `catch` prints the error JSON itself and marks the
 * error so oclif prints nothing more.
 */
import { EOL } from 'node:os';
// The command and flags modules alone: oclif's index also loads its help, ux and plugin machinery (~40 ms),
// which a plugin pays again for its own copy of oclif when it runs inside sf.
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { ux } from '@oclif/core/ux';
import type { CommandError } from '@oclif/core/interfaces';
import { Messages } from '../messages.js';
import { type CommandWarning, SfCommandError } from './commandError.js';
import { jsonRequestedByEnvironment, resolveContentTypeSynonym } from './contentType.js';
import { formatActions, formatError } from './errorFormatting.js';
import { optionAction, optionSuggestion } from './flagSuggestions.js';
import { type InterruptWatch, watchInterrupts } from './interrupt.js';
import type { HelpSection } from './helpSections.js';
import { StandardColors } from './standardColors.js';

export { type CommandWarning, SfCommandError, computeErrorCode } from './commandError.js';
export { errorColor, StandardColors } from './standardColors.js';
export { type HelpSection, exitCodesSection, helpSection } from './helpSections.js';
/** Re-exported so an org-free command takes its flags from here; the sf-plugins-core Flags module loads @salesforce/core's index. */
export { Flags };

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

// SFDX_CONTENT_TYPE, once, when the base is loaded: when @salesforce/core's envVars would resolve it.
resolveContentTypeSynonym();

/** SfCommand.Json<T>. */
export type SuccessJson<T> = { status: number; result: T; warnings: CommandWarning[] };

/** sf-plugins-core's default colours of --json output, under the theme of the CLI. */
const JSON_THEME = {
  key: 'blueBright',
  string: 'greenBright',
  number: 'blue',
  boolean: 'redBright',
  null: 'blackBright',
};

export abstract class SfCommand<T> extends Command {
  public static override enableJsonFlag = true;
  public static override baseFlags = {
    'flags-dir': Flags.directory({ summary: messages.getMessage('flags.flags-dir.summary'), helpGroup: 'GLOBAL' }),
  };

  /** Printed by sf's help as ERROR CODES, as SfCommand's are. */
  public static errorCodes?: HelpSection;
  /** Printed by sf's help as ENVIRONMENT VARIABLES, as SfCommand's are. */
  public static envVariablesSection?: HelpSection;
  /** Printed by sf's help as CONFIGURATION VARIABLES, as SfCommand's are. */
  public static configurationVariablesSection?: HelpSection;

  protected readonly warnings: CommandWarning[] = [];
  private interrupts?: InterruptWatch;

  public abstract override run(): Promise<T>;

  public override jsonEnabled(): boolean {
    const statics = this.constructor as typeof SfCommand;
    return super.jsonEnabled() || (statics.enableJsonFlag !== false && jsonRequestedByEnvironment());
  }

  /** A line in the success colour (bold green); not under --json. */
  public logSuccess(message: string): void {
    this.log(StandardColors.success(message));
  }

  public override warn(input: CommandWarning): CommandWarning {
    this.warnings.push(input);
    const message = typeof input === 'string' ? input : input.message;
    const actions = typeof input === 'string' ? [] : (input.actions ?? []);
    this.logToStderr(
      [`${StandardColors.warning(messages.getMessage('warning.prefix'))} ${message}`, ...formatActions(actions)].join(
        EOL,
      ),
    );
    return input;
  }

  /** An info line (dim) with its actions, on stdout; not under --json, and not in the JSON's warnings. */
  public info(input: CommandWarning): void {
    const message = typeof input === 'string' ? input : input.message;
    this.log(
      [StandardColors.info(message), ...formatActions(typeof input === 'string' ? [] : (input.actions ?? []))].join(
        EOL,
      ),
    );
  }

  /** Shows a value that grants access (a token, a secret) after the warning SfCommand gives before such output. */
  public logSensitive(message?: string): void {
    this.warn(messages.getMessage('warning.security'));
    this.log(message);
  }

  /** As SfCommand prints it: pretty, and in colour on a terminal (sf's JSON theme, its defaults under it). */
  public override logJson(json: unknown): void {
    ux.stdout(ux.colorizeJson(json, { theme: { ...JSON_THEME, ...this.config.theme?.json } }));
  }

  protected override toSuccessJson(result: T): SuccessJson<T> {
    return { status: typeof process.exitCode === 'number' ? process.exitCode : 0, result, warnings: this.warnings };
  }

  /**
   * The abort signal of Ctrl-C, for a command that stops cleanly: asking for it is the promise to end with exit 130
   * and a line saying what was left undone (src/cli/interrupt.ts). Without it, Ctrl-C ends the command at once.
   */
  protected interruptSignal(): AbortSignal {
    this.interrupts ??= watchInterrupts();
    return this.interrupts.cooperate();
  }

  protected override async _run<R>(): Promise<R> {
    // SfCommand's own listener throws EEXIT from inside the signal handler (a stack trace and exit 1): one owner here.
    this.interrupts ??= watchInterrupts();
    const statics = this.constructor as typeof SfCommand;
    if (statics.state === 'beta') this.warn(messages.getMessage('warning.CommandInBeta'));
    if (statics.state === 'preview') this.warn(messages.getMessage('warning.CommandInPreview'));
    return super._run<R>();
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.interrupts?.dispose();
    return super.finally(error);
  }

  protected override async catch(error: CommandError): Promise<never> {
    const statics = this.constructor as typeof SfCommand;
    const commandError = SfCommandError.from(error, statics.name, this.warnings);
    process.exitCode = commandError.exitCode;
    if (statics.strict !== false && commandError.exitCode === 2 && error.message.includes('Unexpected argument'))
      commandError.suggestQuoting();
    const option = commandError.exitCode === 2 ? optionSuggestion(commandError.message) : undefined;
    if (option) commandError.actions = [optionAction(option), ...(commandError.actions ?? [])];
    if (this.jsonEnabled()) this.logJson(commandError.toJson());
    else this.logToStderr(formatError(commandError));
    // plugin-telemetry listens for this event, as it does for SfCommand's errors.
    (process.emit as (event: string, ...args: unknown[]) => boolean)('sfCommandError', commandError, this.id);
    throw commandError;
  }
}
