import { expect } from 'chai';
import { guard } from '../../../src/jobs/rotateContext.js';
import { expectRejection } from '../../helpers/expectError.js';

describe('rotate: Ctrl-C around each request', () => {
  it('passes the answer through without a signal, or while none came', async () => {
    expect(await guard({}, 'stage', Promise.resolve(1))).to.equal(1);
    expect(await guard({ signal: new AbortController().signal }, 'stage', Promise.resolve(2))).to.equal(2);
    const error = await expectRejection(
      guard({ signal: new AbortController().signal }, 'stage', Promise.reject(new Error('no'))),
    );
    expect(error.message).to.equal('no');
  });

  it('stops at once on Ctrl-C, with exit 130 and where the rotation stands, however long the request takes', async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => undefined);
    setTimeout(() => controller.abort(), 20);
    const stopped = await expectRejection<Error & { exitCode: number }>(guard(controller, 'rotate', never));
    expect(stopped.name).to.equal('InterruptedError');
    expect(stopped.exitCode).to.equal(130);
    expect(stopped.message).to.equal(
      'Stopped (Ctrl-C) during the rotate step: the rotation may or may not have happened; the next run reads the org and continues.',
    );
  });

  it('after Ctrl-C, a step that answered anyway still stops the run, and a late refusal is not left unhandled', async () => {
    const controller = new AbortController();
    controller.abort();
    const late = Promise.reject(new Error('late'));
    for (const step of ['stage', 'prove', 'handOver', 'retire'] as const) {
      const error = await expectRejection(guard(controller, step, step === 'stage' ? late : Promise.resolve('done')));
      expect(error.name).to.equal('InterruptedError');
    }
  });
});
