import { expect } from 'chai';
import { type RotateAction, needsHandOver, planRotation, stagedByMe } from '../../../src/jobs/rotatePlan.js';
import type { StagedCredential } from '../../../src/org/stagedCredentials.js';

const ME = { username: 'admin@acme.example', userId: '0055g000000ADMINAAA' };
const staged = (state: StagedCredential['state'], createdBy?: string): StagedCredential => ({
  id: '0Hz5g0000000001AAA',
  key: 'k',
  state,
  url: '/staged/0Hz5g0000000001AAA',
  ...(createdBy === undefined ? {} : { createdBy }),
});

describe('rotate plan: what a run does, from the org state alone', () => {
  const table: Array<
    [
      string,
      StagedCredential | undefined,
      { revokeOld?: boolean; discardStaged?: boolean },
      RotateAction['kind'],
      boolean,
    ]
  > = [
    ['nothing staged: stage', undefined, {}, 'stage', true],
    ['nothing staged, --revoke-old: stage (then retire)', undefined, { revokeOld: true }, 'stage', true],
    ['an expired one does not block: stage', staged('Expired', 'someone@else.example'), {}, 'stage', true],
    ['Active by me (username): reuse', staged('Active', 'ADMIN@acme.example'), {}, 'reuse', true],
    ['Active by me (15-character id): reuse', staged('Active', '0055g000000ADMI'), {}, 'reuse', true],
    ['Active, no createdBy from the org: reuse', staged('Active'), {}, 'reuse', true],
    ['Active by someone else: refuse', staged('Active', 'other@acme.example'), {}, 'foreign', false],
    [
      "someone else's, --discard-staged: stage after discarding",
      staged('Active', 'other@acme.example'),
      { discardStaged: true },
      'stage',
      true,
    ],
    ['my own, --discard-staged: stage fresh', staged('Active', ME.username), { discardStaged: true }, 'stage', true],
    ['Rotated: done earlier', staged('Rotated', ME.username), {}, 'rotatedEarlier', false],
    ['Rotated, --revoke-old: retire', staged('Rotated', 'other@acme.example'), { revokeOld: true }, 'retire', false],
    [
      'Rotated, --discard-staged only: still done earlier',
      staged('Rotated'),
      { discardStaged: true },
      'rotatedEarlier',
      false,
    ],
  ];
  for (const [name, orgStaged, flags, kind, handOver] of table)
    it(name, () => {
      const action = planRotation({
        staged: orgStaged,
        me: ME,
        revokeOld: flags.revokeOld ?? false,
        discardStaged: flags.discardStaged ?? false,
      });
      expect(action.kind).to.equal(kind);
      expect(needsHandOver(action)).to.equal(handOver);
      if (flags.discardStaged && kind === 'stage') expect(action).to.have.property('discard', orgStaged);
    });

  it('tells my staged credential from another user’s', () => {
    expect(stagedByMe(staged('Active', 'admin@acme.example'), ME)).to.equal(true);
    expect(stagedByMe(staged('Active', '0055g000000ADMINAAA'), ME)).to.equal(true);
    expect(stagedByMe(staged('Active', '0055g000000OTHERAAA'), ME)).to.equal(false);
    expect(stagedByMe(staged('Active', 'admin@acme.example'), {})).to.equal(false);
  });
});
