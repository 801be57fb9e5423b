/*
 * What `sf eca rotate` reports (the --json result): each step with its outcome, the org's staged credential as the
 * run left it (its id, state and dates: never a key or a secret), whether the old credentials still work, and where
 * the new secret went. No field of it ever holds a key, a secret or a token.
 */
import type { TokenFlow } from '../oauth/loginHost.js';
import type { StagedCredential } from '../org/stagedCredentials.js';
import type { Delivery } from './rotateHandover.js';
import { ROTATE_STEPS, type RotateStep } from './rotatePlan.js';

/**
 * done: this run did it; reused: an earlier run's staged credential was taken up; doneEarlier: the org shows it was
 * done before; skipped: left out on request (--skip-proof) or not needed; planned: --dry-run would do it; notRun.
 */
export type StepOutcome = 'done' | 'reused' | 'doneEarlier' | 'skipped' | 'planned' | 'notRun';

export type StepReport = { step: RotateStep; outcome: StepOutcome };

export type StagedSummary = Pick<StagedCredential, 'id' | 'state' | 'createdBy' | 'createdDate' | 'expirationDate'>;

export type RotateResult = {
  app: string;
  targetOrg: string;
  appId: string;
  consumerId: string;
  flow: TokenFlow;
  dryRun: boolean;
  steps: StepReport[];
  /** The consumer's staged credential when the run ended (after a rotation: the previous credential, Rotated). */
  staged?: StagedSummary;
  /** working: the previous credentials still get tokens (until `until`); retired: they stopped; unchanged: no rotation happened. */
  oldCredentials: { state: 'working' | 'retired' | 'unchanged'; until?: string };
  secretDeliveredTo: Delivery[];
  secretFile?: string;
  proof?: { attempts: number; elapsedMs: number; username?: string; introspected: boolean; revoked: boolean };
};

export const summaryOf = (staged: StagedCredential | undefined): StagedSummary | undefined =>
  staged
    ? {
        id: staged.id,
        state: staged.state,
        ...(staged.createdBy ? { createdBy: staged.createdBy } : {}),
        ...(staged.createdDate ? { createdDate: staged.createdDate } : {}),
        ...(staged.expirationDate ? { expirationDate: staged.expirationDate } : {}),
      }
    : undefined;

/** A step table with every step notRun, to be filled in as the run goes. */
export function stepTable(): Map<RotateStep, StepOutcome> {
  return new Map(ROTATE_STEPS.map((step) => [step, 'notRun' as StepOutcome]));
}
