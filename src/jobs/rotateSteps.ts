/*
 * The steps of a rotation once the org's state is known (rotate.ts decides which): stage (or take up the staged
 * credential an earlier run left), prove the new credentials, hand them over, rotate, and retire the old ones with
 * --revoke-old (after proving the new ones again). Each request is raced against Ctrl-C: the command stops at once,
 * says where the rotation stands, and the next run continues from the org's state.
 */
import { Messages } from '../messages.js';
import { readConsumer } from '../org/credentials.js';
import {
  type StagedCredential,
  deleteStaged,
  readStaged,
  rotateToStaged,
  stageCredential,
} from '../org/stagedCredentials.js';
import { type StepContext, finish, guard } from './rotateContext.js';
import { type NewCredentials, handOver } from './rotateHandover.js';
import type { RotateStep } from './rotatePlan.js';
import { proveCredentials } from './rotateProof.js';
import type { RotateResult } from './rotateResult.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

/** A person has at least this long to log in for the web server flow's proof. */
const MIN_BROWSER_MS = 2 * 60_000;

const stepLine = (ctx: StepContext, step: RotateStep, key: string, tokens: unknown[] = []): void =>
  ctx.ui.log(messages.getMessage('info.step', [messages.getMessage(`step.${step}`), messages.getMessage(key, tokens)]));

async function prove(ctx: StepContext, credentials: NewCredentials, first: boolean): Promise<RotateResult['proof']> {
  const { input, ui } = ctx;
  if (first && input.waitMs > 0) ui.log(messages.getMessage('info.propagation'));
  ui.start(messages.getMessage(first ? 'info.proving' : 'info.provingAgain'));
  const proof = await guard(
    input,
    'prove',
    proveCredentials({
      plan: ctx.plan,
      base: ctx.base,
      apiVersion: ctx.apiVersion,
      credentials,
      jwt: ctx.jwt,
      targetOrgId: input.targetOrgId,
      introspect: first,
      waitMs: input.waitMs,
      signal: input.signal,
      onRetry: ui.onRetry,
      browser: {
        timeoutMs: Math.max(MIN_BROWSER_MS, input.waitMs),
        onAuthorizeUrl: ui.authorizeUrl,
        open: ui.browse,
      },
      retry: input.retry,
    }),
  ).finally(() => ui.stop(messages.getMessage('info.proofEnded')));
  return {
    attempts: proof.attempts,
    elapsedMs: proof.elapsedMs,
    ...(proof.username ? { username: proof.username } : {}),
    introspected: proof.introspected,
    revoked: proof.revoked,
  };
}

async function takeStaged(ctx: StepContext, fresh?: StagedCredential): Promise<StagedCredential> {
  const { input, consumer, action } = ctx;
  const conn = input.connection;
  if (fresh) {
    stepLine(ctx, 'stage', 'info.staged', [fresh.id]);
    ctx.steps.set('stage', 'done');
    return fresh;
  }
  if (action.kind === 'reuse') {
    const again = await guard(input, 'stage', readStaged(conn, consumer, true));
    if (!again?.secret || again.state !== 'Active' || again.id !== action.staged.id)
      throw messages.createError('error.StagedChanged');
    stepLine(ctx, 'stage', 'info.reused', [again.id, again.createdDate ?? '?']);
    ctx.steps.set('stage', 'reused');
    return again;
  }
  if (action.kind === 'stage' && action.discard) {
    await guard(input, 'stage', deleteStaged(conn, action.discard));
    stepLine(ctx, 'stage', 'info.discarded', [action.discard.id, action.discard.createdBy ?? '?']);
  }
  const staged = await guard(input, 'stage', stageCredential(conn, consumer));
  stepLine(ctx, 'stage', 'info.staged', [staged.id]);
  ctx.steps.set('stage', 'done');
  return staged;
}

/** stage (or reuse) → prove → hand over → rotate → retire (with --revoke-old). */
export async function runRotation(ctx: StepContext, fresh?: StagedCredential): Promise<RotateResult> {
  const { input, ui } = ctx;
  const conn = input.connection;
  const staged = await takeStaged(ctx, fresh);
  const credentials = { key: staged.key, secret: staged.secret! };

  let proof: RotateResult['proof'];
  if (input.skipProof) {
    stepLine(ctx, 'prove', 'info.proofSkipped');
    ctx.steps.set('prove', 'skipped');
  } else {
    proof = await prove(ctx, credentials, true);
    stepLine(ctx, 'prove', 'info.proved', [proof!.attempts, proof!.username ?? '?']);
    ctx.steps.set('prove', 'done');
  }

  const delivered = await guard(
    input,
    'handOver',
    handOver({
      app: input.spec.apiName,
      org: ctx.orgLabel,
      credentials,
      choice: input.handOver,
      secretFilePath: ctx.secretFilePath,
      showOnTerminal: ui.showSecrets,
      signal: input.signal,
    }),
  );
  delivered.forEach((way) => stepLine(ctx, 'handOver', `info.delivered.${way}`, [ctx.secretFilePath ?? '']));
  ctx.steps.set('handOver', 'done');
  if (!input.noPrompt) {
    const yes = await guard(input, 'handOver', ui.confirm(messages.getMessage('prompt.rotate', [input.spec.apiName])));
    if (!yes) throw messages.createError('error.NotConfirmed');
  }

  ui.start(messages.getMessage('info.rotating'));
  const answered = await guard(input, 'rotate', rotateToStaged(conn, staged));
  ui.stop(messages.getMessage('info.done'));
  ctx.steps.set('rotate', 'done');
  const previous = answered?.state === 'Rotated' ? answered : undefined;
  stepLine(ctx, 'rotate', 'info.rotated', [previous?.expirationDate ?? '?']);
  if (!input.revokeOld) {
    ui.log(messages.getMessage('info.retireLater', [previous?.expirationDate ?? '?', input.spec.apiName]));
    return finish(ctx, previous, { state: 'working', until: previous?.expirationDate }, delivered, proof);
  }
  const retireProof = input.skipProof ? undefined : await prove(ctx, credentials, false);
  const old = previous ?? (await guard(input, 'retire', readStaged(conn, ctx.consumer, false)));
  if (old?.state === 'Rotated') await guard(input, 'retire', deleteStaged(conn, old));
  stepLine(ctx, 'retire', 'info.retired');
  ctx.steps.set('retire', 'done');
  return finish(ctx, undefined, { state: 'retired' }, delivered, retireProof ?? proof);
}

/** A rotation done earlier: prove the current (new) credentials, then end the old ones' grace period. */
export async function retireOnly(ctx: StepContext, rotated: StagedCredential): Promise<RotateResult> {
  const { input } = ctx;
  (['stage', 'prove', 'handOver', 'rotate'] as const).forEach((step) => ctx.steps.set(step, 'doneEarlier'));
  let proof: RotateResult['proof'];
  if (!input.skipProof) {
    const current = await guard(input, 'retire', readConsumer(input.connection, ctx.appId, 'keyandsecret'));
    proof = await prove(ctx, { key: current.key, secret: current.secret ?? '' }, false);
  }
  await guard(input, 'retire', deleteStaged(input.connection, rotated));
  stepLine(ctx, 'retire', 'info.retired');
  ctx.steps.set('retire', 'done');
  return finish(ctx, undefined, { state: 'retired' }, [], proof);
}
