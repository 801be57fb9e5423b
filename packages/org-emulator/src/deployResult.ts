/*
 * A deploy job as the Metadata API's DeployResult: one object that the SOAP layer writes as XML and the
 * REST layer as JSON (field names and order as the WSDL has them).
 */
import { type DeployJob, isDone } from './deployStore.js';

export type DeployResultShape = Record<string, unknown>;

export function deployResultOf(job: DeployJob, includeDetails: boolean): DeployResultShape {
  const done = isDone(job.status);
  const { verdict } = job;
  const total = verdict.numberComponentsTotal;
  const finished = job.status === 'Succeeded' || job.status === 'SucceededPartial' || job.status === 'Failed';
  const deployed = verdict.successes.filter((s) => s.fullName !== 'package.xml' && s.problemType === undefined).length;
  const errors = verdict.failures.length;
  const inFlightDeployed =
    job.status === 'InProgress' ? Math.min(deployed, Math.floor(deployed / (job.pollsLeft + 2))) : 0;
  const result: DeployResultShape = {
    canceledBy: job.canceledById,
    canceledByName: job.canceledByName,
    checkOnly: job.options.checkOnly,
    completedDate: job.completedDate?.toISOString(),
    createdBy: job.createdById.slice(0, 15),
    createdByName: job.createdByName,
    createdDate: job.createdDate.toISOString(),
    details:
      includeDetails && finished
        ? {
            componentFailures: verdict.failures,
            componentSuccesses: verdict.successes,
            runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 },
          }
        : undefined,
    done,
    errorMessage: finished ? verdict.errorMessage : undefined,
    errorStatusCode: finished ? verdict.errorStatusCode : undefined,
    id: job.id,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: (job.completedDate ?? job.startDate ?? job.createdDate).toISOString(),
    numberComponentErrors: finished ? errors : 0,
    numberComponentsDeployed: finished ? deployed : inFlightDeployed,
    numberComponentsTotal: job.status === 'Pending' ? 0 : total,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: false,
    startDate: job.startDate?.toISOString(),
    stateDetail: job.status === 'InProgress' ? 'Processing Type: ExternalClientApplication' : undefined,
    status: job.status,
    success: job.status === 'Succeeded' || job.status === 'SucceededPartial',
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}
