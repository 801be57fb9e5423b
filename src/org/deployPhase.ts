/*
 * One deploy request of an app's staged files and the watch that follows it (./deployWatch.ts): started afresh, or
 * picked up by its id when an earlier run of the same files left it running (./deployRecord.ts). Once the org has
 * accepted the request, its id is told to the caller before anything else can go wrong.
 */
import type { Connection } from '@salesforce/core';
import type { DeployResult, MetadataApiDeploy, MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { DeployInterruptedError } from './deployInterrupt.js';
import { watchDeploy } from './deployWatch.js';
import type { OrgFailure } from './orgFailure.js';
import type { AppFile } from './stagingFolder.js';

export type DeployPhase = 'all' | 'app' | 'satellites';

export type DeployProgress = { phase: DeployPhase; status: string; deployed: number; total: number };

export type PhaseOptions = {
  connection: Connection;
  apiVersion?: string;
  checkOnly: boolean;
  rest: boolean;
  /** When --wait runs out (epoch ms). */
  deadline: number;
  signal?: AbortSignal;
  onProgress?: (progress: DeployProgress) => void;
  /** Told as soon as the org has accepted (or the run has picked up) a deploy. */
  onAccepted?: (deployId: string, phase: DeployPhase) => void;
  /** Told of each failed status check that is tried again. */
  onRetry?: (failure: OrgFailure, attempt: number) => void;
};

export type PhaseOutcome = { deployId: string; status: MetadataApiDeployStatus; result?: DeployResult; done: boolean };

/**
 * Deploys `files` (or with `resumeId`, follows that deploy of the same files) and waits within the deadline. The
 * result is built from the last status check, which carries the details once the deploy is done: no extra request.
 */
export async function runPhase(
  phase: DeployPhase,
  files: readonly AppFile[],
  options: PhaseOptions,
  resumeId?: string,
): Promise<PhaseOutcome> {
  const sdr = await import('@salesforce/source-deploy-retrieve');
  const components = sdr.ComponentSet.fromSource({ fsPaths: files.map((file) => file.path) });
  if (options.apiVersion) {
    // The package.xml version and the endpoint version both: a field newer than either fails (§6.7).
    components.sourceApiVersion = options.apiVersion;
    components.apiVersion = options.apiVersion;
  }
  const apiOptions = { checkOnly: options.checkOnly, rollbackOnError: true, rest: options.rest };
  const deploy: MetadataApiDeploy = resumeId
    ? new sdr.MetadataApiDeploy({ id: resumeId, usernameOrConnection: options.connection, components, apiOptions })
    : await components.deploy({ usernameOrConnection: options.connection, apiOptions });
  const deployId = deploy.id ?? resumeId ?? '';
  options.onAccepted?.(deployId, phase);
  if (options.signal?.aborted) throw new DeployInterruptedError(deployId);
  const report = (status: MetadataApiDeployStatus): void =>
    options.onProgress?.({
      phase,
      status: String(status.status),
      deployed: Number(status.numberComponentsDeployed ?? 0),
      total: Number(status.numberComponentsTotal ?? files.length),
    });
  const watched = await watchDeploy({
    deployId,
    check: () => deploy.checkStatus(),
    connection: options.connection,
    deadline: options.deadline,
    signal: options.signal,
    onStatus: report,
    onRetry: options.onRetry,
  });
  if (!watched.done) return { deployId, status: watched.status, done: false };
  return { deployId, status: watched.status, result: new sdr.DeployResult(watched.status, components), done: true };
}
