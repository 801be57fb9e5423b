import { expect } from 'chai';
import { TokenEndpointError, TokenNetworkError } from '../../../src/oauth/tokenErrors.js';
import type { RetryEvent } from '../../../src/oauth/waitForToken.js';
import {
  explanationLine,
  formatDuration,
  retryLine,
  retryPresenter,
  statusText,
} from '../../../src/output/verifyProgress.js';

const notYet = new TokenEndpointError({
  error: 'invalid_client_id',
  errorDescription: 'client identifier invalid',
  status: 400,
});

describe('verify progress', () => {
  const durations: Array<[number, string]> = [
    [0, '0 s'],
    [300, '1 s'],
    [1_400, '1 s'],
    [59_000, '59 s'],
    [60_000, '1 min'],
    [65_000, '1 min 5 s'],
    [600_000, '10 min'],
  ];
  for (const [ms, text] of durations)
    it(`formats ${ms} ms as "${text}"`, () => expect(formatDuration(ms)).to.equal(text));

  it('words a retry in one short line: the answer, when the next try is, the budget left', () => {
    const event: RetryEvent = {
      type: 'retrying',
      attempt: 2,
      error: notYet,
      reason: notYet.diagnosis.meaning,
      nextTryInMs: 4000,
      timeLeftMs: 590_000,
      kind: 'propagation',
    };
    expect(retryLine(event)).to.equal(
      'Attempt 2 refused (invalid_client_id: client identifier invalid); next try in 4 s, 9 min 50 s left.',
    );
    expect(explanationLine(event)).to.equal(`${notYet.diagnosis.meaning} Retrying every 5 s for up to 9 min 50 s.`);
    expect(explanationLine({ ...event, kind: 'brief', timeLeftMs: 55_000 })).to.match(/for up to 55 s, then giving up/);
    const network = new TokenNetworkError(
      'https://acme.my.salesforce.com/services/oauth2/token',
      new Error('ECONNRESET'),
    );
    expect(
      retryLine({
        type: 'retrying',
        attempt: 1,
        error: network,
        reason: 'r',
        nextTryInMs: 2000,
        timeLeftMs: 1000,
        kind: 'unavailable',
      }),
    ).to.match(/^Attempt 1 refused \(Could not reach/);
    expect(retryLine({ type: 'attempt', attempt: 1, elapsedMs: 0 })).to.equal(undefined);
  });

  it('counts down in the status', () => {
    expect(statusText({ type: 'attempt', attempt: 3, elapsedMs: 1 })).to.equal('attempt 3');
    expect(statusText({ type: 'countdown', attempt: 3, nextTryInMs: 5000, timeLeftMs: 61_000 })).to.equal(
      'next try (attempt 4) in 5 s, 1 min 1 s left',
    );
  });

  it('updates the status every second only on a terminal; logs a lasting line per retry and the reason once', () => {
    const retrying = (attempt: number): RetryEvent => ({
      type: 'retrying',
      attempt,
      error: notYet,
      reason: 'r',
      nextTryInMs: 2000,
      timeLeftMs: 60_000,
      kind: 'propagation',
    });
    const events: RetryEvent[] = [
      { type: 'attempt', attempt: 1, elapsedMs: 0 },
      retrying(1),
      { type: 'countdown', attempt: 1, nextTryInMs: 1000, timeLeftMs: 59_000 },
      { type: 'attempt', attempt: 2, elapsedMs: 2000 },
      retrying(2),
    ];
    for (const countdown of [true, false]) {
      const logged: string[] = [];
      const statuses: string[] = [];
      const present = retryPresenter({ log: (l) => logged.push(l), status: (s) => statuses.push(s) }, { countdown });
      events.forEach(present);
      expect(logged).to.have.length(3);
      expect(logged[0]).to.match(/^r Retrying/);
      expect(logged.slice(1).every((l) => l.startsWith('Attempt '))).to.equal(true);
      expect(statuses).to.have.length(countdown ? 5 : 0);
    }
  });
});
