import { expect } from 'chai';
import type { RotateResult } from '../../../src/jobs/rotateResult.js';
import { rotateReportLines } from '../../../src/output/rotate.js';

const base: RotateResult = {
  app: 'Billing_Sync',
  targetOrg: 'admin@acme.example',
  appId: '0xI5g000000ABCDEAA',
  consumerId: '8885g000000WXYZAAA',
  flow: 'client-credentials',
  dryRun: false,
  steps: [
    { step: 'stage', outcome: 'reused' },
    { step: 'prove', outcome: 'done' },
    { step: 'handOver', outcome: 'done' },
    { step: 'rotate', outcome: 'done' },
    { step: 'retire', outcome: 'notRun' },
  ],
  oldCredentials: { state: 'working', until: '2026-12-31T10:00:00.000Z' },
  secretDeliveredTo: ['file'],
};

describe('rotate report', () => {
  it('names each step with its outcome, the staged credential, and until when the old credentials work', () => {
    const lines = rotateReportLines({
      ...base,
      staged: { id: '0Hz5g0000000001AAA', state: 'Rotated', createdBy: 'admin@acme.example' },
    });
    expect(lines).to.deep.equal([
      'Steps: stage: reused, prove: done, hand over: done, rotate: done, retire: not run.',
      'Staged credential in the org: 0Hz5g0000000001AAA, Rotated (by admin@acme.example at -, until -).',
      'Previous credentials: still working until 2026-12-31T10:00:00.000Z.',
    ]);
  });

  it('says when nothing is staged and the old credentials are revoked, or nothing changed', () => {
    expect(rotateReportLines({ ...base, oldCredentials: { state: 'retired' } }).slice(1)).to.deep.equal([
      'Staged credential in the org: none.',
      'Previous credentials: revoked.',
    ]);
    expect(rotateReportLines({ ...base, oldCredentials: { state: 'unchanged' } })[2]).to.equal(
      'Current credentials: unchanged.',
    );
  });
});
