/*
 * Where a rotation stands, read from the org alone (so any run continues what an interrupted one left), and what
 * this run does about it. Pure: the org's staged credential and the flags in, the decision out.
 *
 *   nothing staged (or an expired one)  → stage new credentials, then prove, hand over, rotate (and retire)
 *   Active, staged by this user         → reuse it (an earlier run stopped before the rotation), then go on
 *   Active, staged by someone else      → refuse (their rotation is unfinished), unless --discard-staged
 *   Rotated (the previous credential)   → the rotation is done; retire it with --revoke-old, else say until when it works
 */
import type { StagedCredential } from '../org/stagedCredentials.js';

export const ROTATE_STEPS = ['stage', 'prove', 'handOver', 'rotate', 'retire'] as const;
export type RotateStep = (typeof ROTATE_STEPS)[number];

export type RotateAction =
  /** Stage new credentials (after deleting the staged one first, with --discard-staged). */
  | { kind: 'stage'; discard?: StagedCredential }
  | { kind: 'reuse'; staged: StagedCredential }
  | { kind: 'foreign'; staged: StagedCredential }
  | { kind: 'retire'; rotated: StagedCredential }
  | { kind: 'rotatedEarlier'; rotated: StagedCredential };

export type PlanInput = {
  staged?: StagedCredential;
  /** The running user's username and id: who counts as "this user" for createdBy. */
  me: { username?: string; userId?: string };
  revokeOld: boolean;
  discardStaged: boolean;
};

const sameUser = (createdBy: string, me: PlanInput['me']): boolean => {
  const by = createdBy.toLowerCase();
  if (me.username && by === me.username.toLowerCase()) return true;
  return me.userId !== undefined && me.userId.length >= 15 && by.slice(0, 15) === me.userId.toLowerCase().slice(0, 15);
};

/** Whether the running user staged this credential; an org that does not say who did counts as this user. */
export function stagedByMe(staged: StagedCredential, me: PlanInput['me']): boolean {
  return staged.createdBy === undefined || sameUser(staged.createdBy, me);
}

export function planRotation(input: PlanInput): RotateAction {
  const { staged } = input;
  if (!staged || staged.state === 'Expired') return { kind: 'stage' };
  if (staged.state === 'Rotated')
    return input.revokeOld ? { kind: 'retire', rotated: staged } : { kind: 'rotatedEarlier', rotated: staged };
  if (input.discardStaged) return { kind: 'stage', discard: staged };
  return stagedByMe(staged, input.me) ? { kind: 'reuse', staged } : { kind: 'foreign', staged };
}

/** Whether the action still needs new credentials handed to the user (and so a destination for the secret). */
export const needsHandOver = (action: RotateAction): boolean => action.kind === 'stage' || action.kind === 'reuse';
