/*
 * The base of the commands that work with an org (`sf eca deploy`, `sf eca verify`): LeanCommand plus what those
 * need of SfCommand — a spinner, the project (`requiresProject`), the warnings @salesforce/core and SDR raise
 * through Lifecycle (shown at the end, as SfCommand shows them), plugin hooks subscribed to Lifecycle events, and
 * `logSensitive`. Flags come from sf-plugins-core's Flags module (target org, API version, duration).
 *
 * Why not SfCommand: the org layers (@salesforce/core, jsforce) are needed here, but SfCommand also loads
 * @oclif/table with ink and React, and the prompts, for output these commands never draw: ~0.6 s of every deploy
 * and verify. The parity tests in test/unit/cli/ run the same commands through SfCommand and this base.
 */
import type { CommandError } from '@oclif/core/interfaces';
import { ux } from '@oclif/core/ux';
import { Lifecycle } from '@salesforce/core/lifecycle';
import { SfProject } from '@salesforce/core/project';
import { Messages } from '../messages.js';
import { type CommandWarning, SfCommand as OrgFreeSfCommand, errorColor } from './sfCommand.js';

export { Flags } from '@salesforce/sf-plugins-core/Flags';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

/** sf-plugins-core's Spinner: oclif's action, silent under --json. */
export class Spinner {
  public constructor(private readonly enabled: boolean) {}

  public get status(): string | undefined {
    return ux.action.status;
  }

  public set status(status: string | undefined) {
    ux.action.status = status;
  }

  public start(action: string, status?: string): void {
    if (this.enabled) ux.action.start(action, status);
  }

  public stop(message?: string): void {
    if (this.enabled) ux.action.stop(message);
  }

  /** Runs fn with the spinner paused; under --json, as SfCommand's spinner does, not at all. */
  public pause(fn: () => unknown): void {
    if (this.enabled) void ux.action.pause(fn);
  }
}

export abstract class SfCommand<T> extends OrgFreeSfCommand<T> {
  /** Resolve the Salesforce project before run(), into `this.project`; outside one, fail with SfCommand's error. */
  public static requiresProject?: boolean;

  protected project?: SfProject;
  private spinnerInstance?: Spinner;
  private readonly lifecycleWarnings: CommandWarning[] = [];

  protected get spinner(): Spinner {
    this.spinnerInstance ??= new Spinner(!this.jsonEnabled());
    return this.spinnerInstance;
  }

  /** Shows a value that grants access (a token, a secret) after the warning SfCommand gives before such output. */
  protected logSensitive(message: string): void {
    this.warn(messages.getMessage('warning.security'));
    this.log(message);
  }

  protected override async _run<R>(): Promise<R> {
    const statics = this.constructor as typeof SfCommand;
    if (statics.requiresProject) this.project = await resolveProject();
    const lifecycle = Lifecycle.getInstance();
    lifecycle.onWarning(async (warning) => {
      this.lifecycleWarnings.push(warning);
    });
    this.relayLifecycleEventsToHooks(lifecycle);
    return super._run<R>();
  }

  protected override async catch(error: CommandError): Promise<never> {
    this.spinner.stop(errorColor('Error'));
    return super.catch(error);
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.lifecycleWarnings.splice(0).forEach((warning) => this.warn(warning));
    return super.finally(error);
  }

  /** As SfCommand does: a plugin's hook named like a Lifecycle event runs when that event is emitted. */
  private relayLifecycleEventsToHooks(lifecycle: Lifecycle): void {
    const options = { Command: this.ctor, argv: this.argv, commandId: this.id };
    for (const plugin of this.config.getPluginsList()) {
      if (plugin.name.startsWith('@oclif/') || plugin.name === '@salesforce/plugin-telemetry') continue;
      for (const [eventName, hooks] of Object.entries(plugin.hooks)) {
        for (let count = 0; count < [hooks].flat().length; count += 1) {
          lifecycle.on(eventName, async (result: unknown) => {
            await this.config.runHook(eventName, Object.assign(options, { result }));
          });
        }
      }
    }
  }
}

async function resolveProject(): Promise<SfProject> {
  try {
    return await SfProject.resolve();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidProjectWorkspaceError') throw messages.createError('errors.RequiresProject');
    throw error;
  }
}
