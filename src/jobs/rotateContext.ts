/*
 * What the steps of a rotation share: the job's input and the command's output hooks, the state of one run (its
 * flow, the org's consumer, the decided action, each step's outcome), the Ctrl-C race around every request, and
 * the result a run ends with.
 */
import type { Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import type { FlowPlan } from '../oauth/flowPlan.js';
import type { TokenFlow } from '../oauth/loginHost.js';
import type { Consumer, StagedCredential } from '../org/stagedCredentials.js';
import type { AppSpec } from '../model/appSpec.js';
import { EXIT_INTERRUPTED } from '../model/exitCodes.js';
import type { HandOverChoice } from './rotateHandover.js';
import type { VerifyUi } from './verify.js';
import type { RotateAction, RotateStep } from './rotatePlan.js';
import type { ProofInput } from './rotateProof.js';
import { type RotateResult, type StepOutcome, summaryOf } from './rotateResult.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

export type RotateInput = {
  spec: AppSpec;
  flow?: TokenFlow;
  connection: Connection;
  targetOrg: string;
  orgLabel?: string;
  targetOrgId: string;
  /** The running user's id, to tell their own staged credential from someone else's. */
  userId?: string;
  loginUrl?: string;
  username?: string;
  jwtKeyFile?: string;
  audience?: string;
  waitMs: number;
  apiVersion?: string;
  dryRun: boolean;
  revokeOld: boolean;
  discardStaged: boolean;
  skipProof: boolean;
  /** --no-prompt: rotate without asking for confirmation after the hand-over. */
  noPrompt: boolean;
  /** Whether a person can answer a prompt (a terminal, not --json). */
  canPrompt: boolean;
  handOver: HandOverChoice;
  projectDir: string;
  packageDirs: readonly string[];
  signal?: AbortSignal;
  retry?: ProofInput['retry'];
};

/** What verify shows while it gets a token (the proof uses it as it is), and the rotation's own prompts. */
export type RotateUi = VerifyUi & {
  /** Asks the person a yes/no question (only called when input.canPrompt and not --no-prompt). */
  confirm: (question: string) => Promise<boolean>;
  /** Shows the new key and secret on the terminal (--show-secrets). */
  showSecrets: (lines: string[]) => void;
};

export type StepContext = {
  input: RotateInput;
  ui: RotateUi;
  plan: FlowPlan;
  base: string;
  apiVersion: string;
  jwt?: ProofInput['jwt'];
  appId: string;
  consumer: Consumer;
  action: RotateAction;
  orgLabel: string;
  secretFilePath?: string;
  steps: Map<RotateStep, StepOutcome>;
};

/** The promise, unless Ctrl-C comes first: then the Interrupted error for the step (exit 130), at once. */
export async function guard<T>(input: Pick<RotateInput, 'signal'>, step: RotateStep, promise: Promise<T>): Promise<T> {
  const { signal } = input;
  const interrupted = (): Error =>
    messages.createError(
      'error.Interrupted',
      [messages.getMessage(`step.${step}`), messages.getMessage(`interrupted.${step}`)],
      [],
      EXIT_INTERRUPTED,
    );
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    throw interrupted();
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = (): void => reject(interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  try {
    const value = await Promise.race([promise, aborted]);
    if (signal.aborted) throw interrupted();
    return value;
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

export function finish(
  ctx: StepContext,
  staged: StagedCredential | undefined,
  oldCredentials: RotateResult['oldCredentials'],
  delivered: RotateResult['secretDeliveredTo'],
  proof?: RotateResult['proof'],
): RotateResult {
  return {
    app: ctx.input.spec.apiName,
    targetOrg: ctx.input.targetOrg,
    appId: ctx.appId,
    consumerId: ctx.consumer.id,
    flow: ctx.plan.flow,
    dryRun: ctx.input.dryRun === true,
    steps: [...ctx.steps].map(([step, outcome]) => ({ step, outcome })),
    ...(staged ? { staged: summaryOf(staged) } : {}),
    oldCredentials,
    secretDeliveredTo: delivered,
    ...(ctx.secretFilePath && delivered.includes('file') ? { secretFile: ctx.secretFilePath } : {}),
    ...(proof ? { proof } : {}),
  };
}
