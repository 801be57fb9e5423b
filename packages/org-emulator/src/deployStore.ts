/*
 * Deploy jobs (0Af…): what was asked, the verdict, and how far along the job is. A job finishes after
 * `faults.slowDeployPolls` status checks; its changes reach the org only when it finishes, and never
 * when it was a validation (checkOnly) or was canceled first.
 */
import { type Faults } from './faults.js';
import { type OrgState } from './state.js';
import { type Verdict, applyVerdict } from './judge.js';

export type DeployOptions = {
  checkOnly: boolean;
  ignoreWarnings: boolean;
  rollbackOnError: boolean;
  singlePackage: boolean;
  [key: string]: unknown;
};

export type DeployStatus =
  'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceling' | 'Canceled';

export type DeployJob = {
  id: string;
  options: DeployOptions;
  createdById: string;
  createdByName: string;
  createdDate: Date;
  startDate?: Date;
  completedDate?: Date;
  verdict: Verdict;
  pollsLeft: number;
  status: DeployStatus;
  canceledById?: string;
  canceledByName?: string;
};

export class DeployStore {
  private readonly jobs = new Map<string, DeployJob>();

  public constructor(
    private readonly state: OrgState,
    private readonly faults: Faults,
  ) {}

  public create(job: Omit<DeployJob, 'id' | 'pollsLeft' | 'status' | 'createdDate'>): DeployJob {
    const created: DeployJob = {
      ...job,
      id: this.state.ids.next('0Af'),
      createdDate: new Date(),
      pollsLeft: this.faults.slowDeployPolls,
      status: 'Pending',
    };
    this.jobs.set(created.id, created);
    return created;
  }

  public get(id: string): DeployJob | undefined {
    return (
      this.jobs.get(id) ?? this.jobs.get(id.slice(0, 15)) ?? [...this.jobs.values()].find((j) => j.id.startsWith(id))
    );
  }

  /** Every deploy job, in the order they were created. */
  public list(): DeployJob[] {
    return [...this.jobs.values()];
  }

  /** One status check: moves the job forward and, when it finishes, applies its changes. */
  public advance(job: DeployJob): DeployJob {
    if (isDone(job.status)) return job;
    job.startDate ??= new Date();
    if (job.status === 'Canceling') {
      job.status = 'Canceled';
      job.completedDate = new Date();
      return job;
    }
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      job.status = 'InProgress';
      return job;
    }
    job.status = job.verdict.status;
    job.completedDate = new Date();
    if (!job.options.checkOnly) applyVerdict(this.state, job.verdict);
    return job;
  }

  /** Cancels a job that has not finished; returns false when it already had. */
  public cancel(job: DeployJob, userId: string, userName: string): boolean {
    if (isDone(job.status)) return false;
    job.status = 'Canceling';
    job.canceledById = userId;
    job.canceledByName = userName;
    return true;
  }
}

export const isDone = (status: DeployStatus): boolean =>
  status === 'Succeeded' || status === 'SucceededPartial' || status === 'Failed' || status === 'Canceled';
