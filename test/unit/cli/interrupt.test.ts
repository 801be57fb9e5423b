import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { abortOnInterrupt } from '../../../src/cli/interrupt.js';
import { startCallbackServer } from '../../../src/oauth/loopbackCallback.js';
import { expectRejection } from '../../helpers/expectError.js';

describe('abortOnInterrupt', () => {
  it('the first SIGINT aborts, then the listener is gone', () => {
    const proc = new EventEmitter();
    const { signal } = abortOnInterrupt(proc);
    expect(proc.listenerCount('SIGINT')).to.equal(1);
    expect(signal.aborted).to.equal(false);
    proc.emit('SIGINT');
    expect(signal.aborted).to.equal(true);
    expect(proc.listenerCount('SIGINT')).to.equal(0);
  });

  it('dispose removes the listener without aborting', () => {
    const proc = new EventEmitter();
    const { signal, dispose } = abortOnInterrupt(proc);
    dispose();
    expect(proc.listenerCount('SIGINT')).to.equal(0);
    expect(signal.aborted).to.equal(false);
  });

  it('Ctrl-C stops a loopback callback server', async () => {
    const proc = new EventEmitter();
    const { signal } = abortOnInterrupt(proc);
    const server = await startCallbackServer({ redirectUri: 'http://127.0.0.1:0/cb', state: 's', timeoutMs: 10_000, signal });
    proc.emit('SIGINT');
    expect((await expectRejection(server.result)).name).to.equal('CallbackAbortedError');
  });
});
