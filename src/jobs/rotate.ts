/*
 * `sf eca rotate` from start to end: read where the app's rotation stands in the org, then run what is left of
 * stage → prove → hand over → rotate → retire (rotateSteps.ts). Every decision comes from the org's state, so a
 * run that was stopped at any point (Ctrl-C, a dropped connection) is continued by the next one. Nothing is
 * changed before the flags that a change needs were checked: where the secret goes, the prompt, the JWT key.
 */
import { Messages } from '../messages.js';
import { normaliseApiVersion } from '../oauth/apiProbe.js';
import { planFlow } from '../oauth/flowPlan.js';
import { readPrivateKeyFile } from '../oauth/jwtBearer.js';
import { jwtAudience, tokenEndpointBase } from '../oauth/loginHost.js';
import { findAppId } from '../org/credentials.js';
import {
  type Consumer,
  type StagedCredential,
  findConsumer,
  readStaged,
  stageCredential,
} from '../org/stagedCredentials.js';
import { assertDestination, checkSecretFile } from './rotateHandover.js';
import { type RotateAction, needsHandOver, planRotation } from './rotatePlan.js';
import type { ProofInput } from './rotateProof.js';
import { type RotateResult, stepTable } from './rotateResult.js';
import { type RotateInput, type RotateUi, type StepContext, finish, guard } from './rotateContext.js';
import { retireOnly, runRotation } from './rotateSteps.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

export type { RotateInput, RotateUi } from './rotateContext.js';

export async function rotateApp(input: RotateInput, ui: RotateUi): Promise<RotateResult> {
  const { spec, connection } = input;
  const plan = planFlow(spec, input.flow);
  const base = tokenEndpointBase(input.loginUrl ?? connection.instanceUrl, plan.flow);
  const orgLabel = input.orgLabel ?? input.targetOrg;
  ui.log(messages.getMessage(input.dryRun ? 'info.startDryRun' : 'info.start', [spec.apiName, orgLabel]));
  if (input.skipProof && !input.dryRun) ui.warn(messages.getMessage('warning.skipProof'));
  // What a change needs is checked before any request, when it can be (the rest once the org's state is known).
  const readyToChange = !input.dryRun && handOverReady(input);
  const secretFile = input.handOver.secretFile
    ? checkSecretFile(input.handOver.secretFile, input.projectDir, input.packageDirs)
    : undefined;
  secretFile?.warnings.forEach((warning) => ui.warn(warning));
  const jwt =
    plan.flow === 'jwt-bearer' && !input.skipProof && !input.dryRun ? await jwtInput(input, base, ui) : undefined;

  const context = (action: RotateAction, appId: string, consumer: Consumer): StepContext => ({
    input,
    ui,
    plan,
    base,
    apiVersion: normaliseApiVersion(input.apiVersion ?? connection.getApiVersion()),
    jwt,
    appId,
    consumer,
    action,
    orgLabel,
    secretFilePath: secretFile?.path,
    steps: stepTable(),
  });

  ui.start(messages.getMessage('info.readingState', [orgLabel]));
  const appId = await guard(input, 'stage', findAppId(connection, spec.apiName));
  const consumer = await guard(input, 'stage', findConsumer(connection, appId));
  // When the run may change the org, stage at once (one request in the usual case); only a refusal (one is staged
  // already, say) makes it read the state. Otherwise the state is read first, to say what a run would do.
  let fresh: StagedCredential | undefined;
  if (readyToChange)
    fresh = await guard(input, 'stage', stageCredential(connection, consumer)).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'RequestFailedError') return undefined;
      throw error;
    });
  const staged = fresh ? undefined : await guard(input, 'stage', readStaged(connection, consumer, false));
  ui.stop(messages.getMessage('info.stateRead'));
  if (fresh) return runRotation(context({ kind: 'stage' }, appId, consumer), fresh);

  const action = planRotation({
    staged,
    me: { username: connection.getUsername(), userId: input.userId },
    revokeOld: input.revokeOld,
    discardStaged: input.discardStaged,
  });
  ui.log(stateLine(action, staged));
  if (input.dryRun) return dryRunResult(context(action, appId, consumer), staged);
  if (action.kind === 'foreign')
    throw messages.createError('error.ForeignStaged', [
      action.staged.createdBy ?? '?',
      action.staged.createdDate ?? '?',
    ]);
  if (action.kind === 'rotatedEarlier') {
    const ctx = context(action, appId, consumer);
    (['stage', 'prove', 'handOver', 'rotate'] as const).forEach((step) => ctx.steps.set(step, 'doneEarlier'));
    ui.log(messages.getMessage('info.retireLater', [action.rotated.expirationDate ?? '?', spec.apiName]));
    return finish(ctx, action.rotated, { state: 'working', until: action.rotated.expirationDate }, []);
  }
  if (action.kind === 'retire') return retireOnly(context(action, appId, consumer), action.rotated);
  if (action.kind === 'stage' && !action.discard && input.revokeOld && !hasDestination(input)) {
    // `--revoke-old` alone asks to retire; with nothing rotated in the org there is nothing left to do.
    ui.log(messages.getMessage('info.nothingToRetire'));
    return finish(context(action, appId, consumer), undefined, { state: 'unchanged' }, []);
  }
  if (needsHandOver(action) && !readyToChange) handOverReady(input, true);
  return runRotation(context(action, appId, consumer));
}

const hasDestination = (input: RotateInput): boolean =>
  Boolean(input.handOver.secretFile ?? input.handOver.secretCommand) || input.handOver.showSecrets;

/** Whether the run can hand new credentials over; with `strict`, the refusal that says why not. */
function handOverReady(input: RotateInput, strict = false): boolean {
  try {
    assertDestination(input.handOver);
    if (!input.noPrompt && !input.canPrompt) throw messages.createError('error.PromptImpossible');
    return true;
  } catch (error) {
    if (strict) throw error;
    return false;
  }
}

function stateLine(action: RotateAction, staged: StagedCredential | undefined): string {
  if (!staged || staged.state === 'Expired') return messages.getMessage('info.state.none');
  return (
    messages.getMessage(`info.state.${staged.state}`, [
      staged.createdBy ?? '?',
      staged.createdDate ?? '?',
      staged.expirationDate ?? '?',
    ]) + (action.kind === 'foreign' ? ` ${messages.getMessage('info.state.foreign')}` : '')
  );
}

function dryRunResult(ctx: StepContext, staged: StagedCredential | undefined): RotateResult {
  const { action, steps } = ctx;
  const todo = (step: 'stage' | 'prove' | 'handOver' | 'rotate' | 'retire'): void => void steps.set(step, 'planned');
  if (action.kind === 'stage' || action.kind === 'reuse') {
    if (action.kind === 'reuse') steps.set('stage', 'reused');
    else todo('stage');
    if (!ctx.input.skipProof) todo('prove');
    todo('handOver');
    todo('rotate');
    if (ctx.input.revokeOld) todo('retire');
  } else if (action.kind === 'retire' || action.kind === 'rotatedEarlier') {
    (['stage', 'prove', 'handOver', 'rotate'] as const).forEach((step) => steps.set(step, 'doneEarlier'));
    if (action.kind === 'retire') todo('retire');
  }
  ctx.ui.log(messages.getMessage('info.dryRunDone'));
  const oldState =
    staged?.state === 'Rotated'
      ? { state: 'working' as const, until: staged.expirationDate }
      : { state: 'unchanged' as const };
  return finish(ctx, staged, oldState, []);
}

async function jwtInput(input: RotateInput, base: string, ui: RotateUi): Promise<ProofInput['jwt']> {
  if (!input.username) throw messages.createError('error.JwtUsernameRequired');
  if (!input.jwtKeyFile) throw messages.createError('error.JwtKeyFileRequired');
  const { key, warnings } = await readPrivateKeyFile(input.jwtKeyFile);
  warnings.forEach((warning) => ui.warn(warning));
  return { username: input.username, privateKey: key, audience: jwtAudience(base, input.audience) };
}
