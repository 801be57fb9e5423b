/*
 * Deploys exactly an app's files through SDR with the target org's authenticated connection, polls within --wait,
 * and reports each component problem against the source file. When the org rejects the one-shot deploy of a new app
 * on cross-references (its satellites name an app that does not exist yet), it deploys the app first and the
 * satellites second. SDR is imported lazily, only on this path.
 */
import type { Connection } from '@salesforce/core';
import type { Duration } from '@salesforce/kit';
import { EXIT_PARTIAL, EXIT_WAIT_EXPIRED } from '../model/exitCodes.js';
import {
  type DeployPhase,
  type DeployProgress,
  type PhaseOptions,
  type PhaseOutcome,
  runPhase,
} from './deployPhase.js';
import { type AppFile, type LeftOutField, type StagedApp, stageAppFiles } from './stagingFolder.js';

import {
  APP_TYPE,
  type ComponentFailure,
  type DeployedComponent,
  appIdFrom,
  componentFailuresFrom,
  deployedComponentsFrom,
  unmappedFailures,
} from './deployResults.js';

export { DeployInterruptedError } from './deployInterrupt.js';
export {
  APP_TYPE,
  type ComponentFailure,
  type DeployedComponent,
  appIdFrom,
  componentFailuresFrom,
  deployedComponentsFrom,
  unmappedFailures,
} from './deployResults.js';
export { DeployLostError } from './deployWatch.js';
export type { DeployPhase, DeployProgress } from './deployPhase.js';

/** Statuses of the Metadata API (RequestStatus), plus what we report when --wait ran out first. */
export type DeployStatus =
  | 'Pending'
  | 'InProgress'
  | 'Succeeded'
  | 'SucceededPartial'
  | 'Failed'
  | 'Canceling'
  | 'Canceled'
  | 'Finalizing'
  | 'FinalizingFailed';

export type DeployOutcome = {
  deployId: string;
  status: DeployStatus;
  /** false: --wait ran out, the org is still working on deployId. */
  done: boolean;
  componentFailures: ComponentFailure[];
  /** The app was deployed first and its satellites second. */
  twoPhase: boolean;
  /** The deploy ids of each phase, in order (one entry unless twoPhase). */
  deployIds: string[];
  /** The app's record id (0xI…), as the org names it in the app's component success; absent when it did not. */
  appId?: string;
  /** Every component deployed (or validated) with its state; empty while the deploy runs. */
  components: DeployedComponent[];
};

export type DeployAppOptions = {
  connection: Connection;
  files: readonly AppFile[];
  /** Fields left out of the copies that are sent (./stagingFolder.ts). */
  leftOut: ReadonlyArray<Pick<LeftOutField, 'path' | 'field'>>;
  /** The deploy's API version (./apiVersion.ts); the connection's own when absent. */
  apiVersion?: string;
  checkOnly: boolean;
  /** true: the Metadata REST API, false: SOAP. */
  rest: boolean;
  /** How long to wait for the whole deploy (both phases of a two-phase deploy together). */
  wait: Duration;
  onProgress?: (progress: DeployProgress) => void;
  /** Ctrl-C: stop waiting for the org (the deploy goes on there) and throw a DeployInterruptedError naming it. */
  signal?: AbortSignal;
  /** Told once the one-shot deploy was rejected on cross-references and the two-phase deploy starts. */
  onTwoPhase?: (failures: ComponentFailure[]) => void;
  /** Told as soon as the org has accepted (or the run has picked up) each deploy: the run records it. */
  onAccepted?: PhaseOptions['onAccepted'];
  /** Told of each failed status check that is tried again. */
  onRetry?: PhaseOptions['onRetry'];
  /** Follow this deploy of the same files (left running by an earlier run) instead of starting one. */
  resume?: { deployId: string; phase: DeployPhase };
};

/** The problems that mean "the satellites reached the org before their app": the two-phase fallback fixes them. */
const CROSS_REFERENCE_PROBLEMS = [
  /INVALID_CROSS_REFERENCE_KEY/i,
  /invalid cross reference/i,
  // The Metadata API's usual wording for a missing reference, without an error code (§6.3).
  /In field: externalClientApplication - no ExternalClientApplication named .* found/i,
  /doesn't have a valid OAuth settings configuration/i,
];

export function isCrossReferenceFailure(failures: readonly ComponentFailure[]): boolean {
  return (
    failures.length > 0 &&
    failures.some((failure) => CROSS_REFERENCE_PROBLEMS.some((pattern) => pattern.test(failure.problem)))
  );
}

/** The exit code of a finished (or still running) deploy: 0, 1, 68 partial, 69 still in progress. */
export function exitCodeFor(outcome: Pick<DeployOutcome, 'status' | 'done'>): number {
  if (!outcome.done) return EXIT_WAIT_EXPIRED;
  if (outcome.status === 'Succeeded') return 0;
  if (outcome.status === 'SucceededPartial') return EXIT_PARTIAL;
  return 1;
}

type PhaseRun = {
  deployId: string;
  status: DeployStatus;
  done: boolean;
  componentFailures: ComponentFailure[];
  appId?: string;
  /** Every component of the deploy with its state, as `sf project deploy start` lists them. */
  components: DeployedComponent[];
};

const toRun = (outcome: PhaseOutcome, staged: StagedApp): PhaseRun => {
  if (!outcome.result)
    return {
      deployId: outcome.deployId,
      status: outcome.status.status as DeployStatus,
      done: false,
      componentFailures: [],
      components: [],
    };
  const { result } = outcome;
  const responses = result.getFileResponses();
  const mapped = componentFailuresFrom(responses, staged.sourceOf);
  const appId = appIdFrom(result.response.details);
  return {
    deployId: outcome.deployId,
    status: result.response.status as DeployStatus,
    done: true,
    componentFailures: [...mapped, ...unmappedFailures(result.response, mapped)],
    components: deployedComponentsFrom(responses, staged.sourceOf),
    ...(appId ? { appId } : {}),
  };
};

/**
 * Starts loading SDR (a few hundred milliseconds of module evaluation) while the pre-flight queries are on the
 * wire; the deploy's own import then finds it loaded. A failure here is left to that import to report.
 */
export function preloadDeployer(): void {
  import('@salesforce/source-deploy-retrieve').catch(() => undefined);
}

/** Deploy (or with checkOnly, validate) the app's files; never touches the source files. */
export async function deployApp(deployOptions: DeployAppOptions): Promise<DeployOutcome> {
  const options: DeployAppOptions & PhaseOptions = {
    ...deployOptions,
    deadline: Date.now() + deployOptions.wait.milliseconds,
  };
  const staged = await stageAppFiles(options.files, options.leftOut);
  const resume = deployOptions.resume;
  try {
    const satellites = staged.files.filter((file) => file.type !== APP_TYPE);
    const app = staged.files.filter((file) => file.type === APP_TYPE);
    const phase = async (name: DeployPhase, files: AppFile[], resumeId?: string): Promise<PhaseRun> =>
      toRun(await runPhase(name, files, options, resumeId), staged);
    const twoPhase = async (
      earlier: string[],
      from: 'app' | 'satellites',
      resumeId?: string,
    ): Promise<DeployOutcome> => {
      const first = from === 'app' ? await phase('app', app, resumeId) : undefined;
      if (first && (!first.done || first.status !== 'Succeeded'))
        return { ...first, twoPhase: true, deployIds: [...earlier, first.deployId] };
      const second = await phase('satellites', satellites, from === 'satellites' ? resumeId : undefined);
      const appId = first?.appId ?? second.appId;
      return {
        ...second,
        components: [...(first?.components ?? []), ...second.components],
        ...(appId ? { appId } : {}),
        twoPhase: true,
        deployIds: [...earlier, ...(first ? [first.deployId] : []), second.deployId],
      };
    };
    if (resume && resume.phase !== 'all') return await twoPhase([], resume.phase, resume.deployId);

    const all = await phase('all', staged.files, resume?.deployId);
    const retry =
      all.done &&
      all.status === 'Failed' &&
      !options.checkOnly &&
      app.length === 1 &&
      satellites.length > 0 &&
      isCrossReferenceFailure(all.componentFailures);
    if (!retry) return { ...all, twoPhase: false, deployIds: [all.deployId] };
    options.onTwoPhase?.(all.componentFailures);
    return await twoPhase([all.deployId], 'app');
  } finally {
    await staged.cleanup();
  }
}
