/*
 * The base of the commands that work with an org (`sf eca deploy`, `sf eca verify`): the org-free base plus what
 * those need of SfCommand — a spinner, the project (`requiresProject`), the warnings @salesforce/core and SDR raise
 * through Lifecycle (shown at the end, as SfCommand shows them) and plugin hooks subscribed to Lifecycle events.
 * Flags come from sf-plugins-core's Flags module (target org, API version, duration).
 *
 * Left out, on purpose: `this.configAggregator`, which SfCommand creates before run() and these commands never
 * read (creating it prints nothing, even for a config file that does not parse; the target-org flag creates it
 * when it needs it), and `this.progress` (no progress bar is drawn).
 *
 * Why not SfCommand: the org layers (@salesforce/core, jsforce) are needed here, but SfCommand also loads
 * @oclif/table with ink and React, and the prompts, for output these commands never draw: ~0.6 s of every deploy
 * and verify. The parity tests in test/unit/cli/ run the same commands through SfCommand and this base.
 */
import type { CommandError } from '@oclif/core/interfaces';
import { Lifecycle } from '@salesforce/core/lifecycle';
import { SfProject } from '@salesforce/core/project';
import { Messages } from '../messages.js';
import { type CommandWarning, SfCommand as OrgFreeSfCommand, errorColor } from './sfCommand.js';
import { Spinner } from './spinner.js';

export { Flags } from '@salesforce/sf-plugins-core/Flags';
export { Spinner } from './spinner.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

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

  protected override async _run<R>(): Promise<R> {
    const lifecycle = Lifecycle.getInstance();
    lifecycle.onWarning(async (warning) => {
      this.lifecycleWarnings.push(warning);
    });
    this.relayLifecycleEventsToHooks(lifecycle);
    return super._run<R>();
  }

  /**
   * The project is resolved here, inside oclif's try (SfCommand does it before, so outside a project oclif prints
   * its raw error block and `--json` prints nothing): the error then goes through `catch` as every other one does.
   */
  protected override async init(): Promise<void> {
    await super.init();
    const statics = this.constructor as typeof SfCommand;
    if (statics.requiresProject) this.project = await resolveProject();
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
    if (error instanceof Error && error.name === 'InvalidProjectWorkspaceError')
      throw messages.createError('errors.RequiresProject');
    throw error;
  }
}
