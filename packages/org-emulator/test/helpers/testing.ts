/*
 * Small helpers shared by the emulator's tests.
 */
import { type Connection } from '@salesforce/core';
import { type FixtureFile, zipDeployment } from '../../src/fixtures.js';

export type DeployMessageResult = {
  componentType: string;
  fullName: string;
  fileName: string;
  problem?: string;
  problemType?: string;
  lineNumber?: number;
  columnNumber?: number;
  created: boolean;
  changed: boolean;
  success: boolean;
};

export type DeployOutcome = {
  status: string;
  success: boolean;
  done: boolean;
  numberComponentErrors: number;
  numberComponentsDeployed: number;
  failures: DeployMessageResult[];
  successes: DeployMessageResult[];
};

/** Deploys fixture files over the SOAP Metadata API (jsforce, as an org client) and waits for the result. */
export async function deployFiles(
  connection: Connection,
  files: FixtureFile[],
  options: Record<string, boolean> = {},
  packageTypes?: Array<[string, string]>,
  apiVersion?: string,
): Promise<DeployOutcome> {
  const zip = await zipDeployment(files, packageTypes, apiVersion);
  connection.metadata.pollInterval = 20;
  const result = await connection.metadata
    .deploy(zip, { rollbackOnError: true, singlePackage: true, ...options })
    .complete(true);
  const details = result.details as unknown as {
    componentFailures?: DeployMessageResult[];
    componentSuccesses?: DeployMessageResult[];
  };
  return {
    status: result.status,
    success: result.success,
    done: result.done,
    numberComponentErrors: result.numberComponentErrors,
    numberComponentsDeployed: result.numberComponentsDeployed,
    failures: details.componentFailures ?? [],
    successes: details.componentSuccesses ?? [],
  };
}
