import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { EXIT_INTERRUPTED, watchInterrupts } from '../../../src/cli/interrupt.js';
import { startCallbackServer } from '../../../src/oauth/loopbackCallback.js';
import { expectRejection } from '../../helpers/expectError.js';

describe('watchInterrupts: the one owner of Ctrl-C', () => {
  const watched = (): { proc: EventEmitter; exits: number[]; watch: ReturnType<typeof watchInterrupts> } => {
    const proc = new EventEmitter();
    const exits: number[] = [];
    return { proc, exits, watch: watchInterrupts(proc, (code) => exits.push(code)) };
  };

  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    it(`${name} ends a command that cannot stop cleanly at once, with ${EXIT_INTERRUPTED}`, () => {
      const { proc, exits } = watched();
      proc.emit(name);
      expect(exits).to.deep.equal([EXIT_INTERRUPTED]);
    });
  }

  it('the first Ctrl-C aborts a cooperating command, which ends itself; a second one ends the process', () => {
    const { proc, exits, watch } = watched();
    const signal = watch.cooperate();
    proc.emit('SIGINT');
    expect(signal.aborted).to.equal(true);
    expect(exits).to.deep.equal([]);
    proc.emit('SIGINT');
    expect(exits).to.deep.equal([EXIT_INTERRUPTED]);
  });

  it('dispose removes every listener without aborting', () => {
    const { proc, watch } = watched();
    const signal = watch.cooperate();
    expect(proc.listenerCount('SIGINT')).to.equal(1);
    watch.dispose();
    expect(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'].map((name) => proc.listenerCount(name))).to.deep.equal([
      0, 0, 0, 0,
    ]);
    expect(signal.aborted).to.equal(false);
  });

  it('Ctrl-C stops a loopback callback server', async () => {
    const { proc, watch } = watched();
    const server = await startCallbackServer({
      redirectUri: 'http://127.0.0.1:0/cb',
      state: 's',
      timeoutMs: 10_000,
      signal: watch.cooperate(),
    });
    proc.emit('SIGINT');
    expect((await expectRejection(server.result)).name).to.equal('CallbackAbortedError');
  });
});
