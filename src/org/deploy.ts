/*
 * Deploys exactly an app's files through SDR with the target org's authenticated connection, polls within --wait,
 * and reports each component problem against the source file. When the org rejects the one-shot deploy of a new app
 * on cross-references (its satellites name an app that does not exist yet), it deploys the app first and the
 * satellites second. SDR is imported lazily, only on this path.
 */
import type { Connection } from '@salesforce/core';
import type { Duration } from '@salesforce/kit';
import type {
  DeployResult,
  FileResponse,
  MetadataApiDeploy,
  MetadataApiDeployStatus,
} from '@salesforce/source-deploy-retrieve';
import { ecaType } from '../metadata/types.js';
import { EXIT_PARTIAL, EXIT_WAIT_EXPIRED } from '../model/exitCodes.js';
import { DeployInterruptedError, unlessInterrupted } from './deployInterrupt.js';
import { type AppFile, type LeftOutField, type StagedApp, stageAppFiles } from './stagingFolder.js';

/** The metadata type of the app record itself; every other file is a satellite that names it. */
export { DeployInterruptedError } from './deployInterrupt.js';

/** The metadata type of the app record itself; every other file is a satellite that names it. */
export const APP_TYPE: string = ecaType('app').name;

export type ComponentFailure = {
  type: string;
  fullName: string;
  /** The source file in the project (not the staged copy). */
  file?: string;
  line?: number;
  column?: number;
  problem: string;
};

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

export type DeployPhase = 'all' | 'app' | 'satellites';

export type DeployProgress = { phase: DeployPhase; status: string; deployed: number; total: number };

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
};

/** The problems that mean "the satellites reached the org before their app": the two-phase fallback fixes them. */
const CROSS_REFERENCE_PROBLEMS = [
  /INVALID_CROSS_REFERENCE_KEY/i,
  /invalid cross reference/i,
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

/** Component failures from SDR's file responses, with staged paths mapped back to the project's files. */
export function componentFailuresFrom(
  responses: readonly FileResponse[],
  sourceOf: ReadonlyMap<string, string>,
): ComponentFailure[] {
  return responses.flatMap((response) =>
    response.state === 'Failed'
      ? [
          {
            type: response.type,
            fullName: response.fullName,
            ...(response.filePath ? { file: sourceOf.get(response.filePath) ?? response.filePath } : {}),
            ...(response.lineNumber !== undefined ? { line: Number(response.lineNumber) } : {}),
            ...(response.columnNumber !== undefined ? { column: Number(response.columnNumber) } : {}),
            problem: response.error,
          },
        ]
      : [],
  );
}

/** Status checks every second: an app is five small files. */
const POLL_FREQUENCY_MS = 1000;
/** Collecting the details of a deploy already known to be done. */
const FINAL_POLL_TIMEOUT_SECONDS = 60;

const isTimeout = (error: unknown): boolean => error instanceof Error && /timed out/i.test(error.message);

type PhaseRun = {
  deployId: string;
  status: DeployStatus;
  done: boolean;
  componentFailures: ComponentFailure[];
  appId?: string;
};

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The record id the org gives the app in its component success (DeployMessage.id), when it gives one. */
export function appIdFrom(
  details: Pick<DeployResult['response'], 'details'>['details'] | undefined,
): string | undefined {
  const successes = [details?.componentSuccesses ?? []].flat();
  const id = successes.find((message) => message.componentType === APP_TYPE && String(message.success) !== 'false')?.id;
  return typeof id === 'string' && SALESFORCE_ID.test(id) ? id : undefined;
}

const toRun = (deployId: string, result: DeployResult, staged: StagedApp): PhaseRun => {
  const appId = appIdFrom(result.response.details);
  return {
    deployId,
    status: result.response.status as DeployStatus,
    done: true,
    componentFailures: componentFailuresFrom(result.getFileResponses(), staged.sourceOf),
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

type PhaseOptions = DeployAppOptions & { deadline: number };

async function runPhase(
  phase: DeployPhase,
  files: readonly AppFile[],
  staged: StagedApp,
  options: PhaseOptions,
): Promise<PhaseRun> {
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const components = ComponentSet.fromSource({ fsPaths: files.map((file) => file.path) });
  if (options.apiVersion) {
    // The package.xml version and the endpoint version both: a field newer than either fails (§6.7).
    components.sourceApiVersion = options.apiVersion;
    components.apiVersion = options.apiVersion;
  }
  const deploy: MetadataApiDeploy = await components.deploy({
    usernameOrConnection: options.connection,
    apiOptions: { checkOnly: options.checkOnly, rollbackOnError: true, rest: options.rest },
  });
  const deployId = deploy.id ?? '';
  if (options.signal?.aborted) throw new DeployInterruptedError(deployId);
  const report = (status: MetadataApiDeployStatus): void =>
    options.onProgress?.({
      phase,
      status: String(status.status),
      deployed: Number(status.numberComponentsDeployed ?? 0),
      total: Number(status.numberComponentsTotal ?? files.length),
    });
  deploy.onUpdate(report);
  const remainingSeconds = Math.floor((options.deadline - Date.now()) / 1000);
  if (remainingSeconds > 0) {
    try {
      return toRun(
        deployId,
        await unlessInterrupted(deploy.pollStatus(POLL_FREQUENCY_MS, remainingSeconds), deployId, options.signal),
        staged,
      );
    } catch (error) {
      if (!isTimeout(error)) throw error;
    }
  }
  // --wait ran out (or was 0): one last look. Finished in the meantime: collect the result (returns at once).
  const status = await deploy.checkStatus();
  if (status.done)
    return toRun(deployId, await deploy.pollStatus(POLL_FREQUENCY_MS / 2, FINAL_POLL_TIMEOUT_SECONDS), staged);
  report(status);
  return { deployId, status: status.status as DeployStatus, done: false, componentFailures: [] };
}

/** Deploy (or with checkOnly, validate) the app's files; never touches the source files. */
export async function deployApp(deployOptions: DeployAppOptions): Promise<DeployOutcome> {
  const options: PhaseOptions = { ...deployOptions, deadline: Date.now() + deployOptions.wait.milliseconds };
  const staged = await stageAppFiles(options.files, options.leftOut);
  try {
    const all = await runPhase('all', staged.files, staged, options);
    const satellites = staged.files.filter((file) => file.type !== APP_TYPE);
    const app = staged.files.filter((file) => file.type === APP_TYPE);
    const retry =
      all.done &&
      all.status === 'Failed' &&
      !options.checkOnly &&
      app.length === 1 &&
      satellites.length > 0 &&
      isCrossReferenceFailure(all.componentFailures);
    if (!retry) return { ...all, twoPhase: false, deployIds: [all.deployId] };

    options.onTwoPhase?.(all.componentFailures);
    const first = await runPhase('app', app, staged, options);
    if (!first.done || first.status !== 'Succeeded')
      return { ...first, twoPhase: true, deployIds: [all.deployId, first.deployId] };
    const second = await runPhase('satellites', satellites, staged, options);
    const appId = first.appId ?? second.appId;
    return {
      ...second,
      ...(appId ? { appId } : {}),
      twoPhase: true,
      deployIds: [all.deployId, first.deployId, second.deployId],
    };
  } finally {
    await staged.cleanup();
  }
}
