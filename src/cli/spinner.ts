/*
 * sf-plugins-core's Spinner: oclif's action (the `Deploying... done` line on stderr), silent under --json.
 */
import { ux } from '@oclif/core/ux';

type StartOptions = Parameters<typeof ux.action.start>[2];

export class Spinner {
  public constructor(private readonly enabled: boolean) {}

  public get status(): string | undefined {
    return ux.action.status;
  }

  public set status(status: string | undefined) {
    ux.action.status = status;
  }

  public start(action: string, status?: string, options?: StartOptions): void {
    if (this.enabled) ux.action.start(action, status, options);
  }

  public stop(message?: string): void {
    if (this.enabled) ux.action.stop(message);
  }

  /** Runs fn with the spinner paused; under --json, as SfCommand's spinner does, not at all. */
  public pause(fn: () => unknown, icon?: string): void {
    if (this.enabled) void ux.action.pause(fn, icon);
  }
}
