import { expect } from 'chai';
import { TokenEndpointError, TokenNetworkError } from '../../../src/oauth/tokenErrors.js';
import {
  backoffDelay,
  OrgUnavailableError,
  requestWithRetry,
  retryKind,
  StillRefusedError,
  WaitExpiredError,
  type RetryEvent,
} from '../../../src/oauth/waitForToken.js';
import { EXIT_ORG_UNAVAILABLE, EXIT_WAIT_EXPIRED } from '../../../src/model/exitCodes.js';
import { expectRejection } from '../../helpers/expectError.js';

/** A clock that only moves when the code under test sleeps. */
function fakeTime(start = 1_000_000): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const notYet = (): TokenEndpointError =>
  new TokenEndpointError({ error: 'invalid_client_id', errorDescription: 'client identifier invalid', status: 400 });
const wrongSecret = (): TokenEndpointError =>
  new TokenEndpointError({ error: 'invalid_client', errorDescription: 'invalid client credentials', status: 400 });
const noRunAsUser = (): TokenEndpointError =>
  new TokenEndpointError({
    error: 'invalid_grant',
    errorDescription: 'no client credentials user enabled',
    status: 400,
  });
const TOKEN = { access_token: 't', instance_url: 'https://x' };
type SfErrorLike = Error & { exitCode?: number };

/** An attempt function that fails with the given errors, then succeeds. */
function scripted(errors: Array<() => Error>): { attempt: () => Promise<typeof TOKEN>; calls: () => number } {
  let calls = 0;
  return {
    attempt: () => {
      const make = errors[calls++];
      return make ? Promise.reject(make()) : Promise.resolve(TOKEN);
    },
    calls: () => calls,
  };
}

describe('waitForToken', () => {
  it('retries "not yet" answers every 5 s and reports attempts and time', async () => {
    const time = fakeTime();
    const events: RetryEvent[] = [];
    const { attempt, calls } = scripted([notYet, notYet, notYet]);
    const result = await requestWithRetry(attempt, {
      waitMs: 600_000,
      ...time,
      random: () => 0.5,
      onEvent: (e) => events.push(e),
    });
    expect(result.token).to.equal(TOKEN);
    expect(result.attempts).to.equal(4);
    expect(calls()).to.equal(4);
    expect(result.elapsedMs).to.equal(15_000);
    const retries = events.filter((e) => e.type === 'retrying');
    expect(retries.map((e) => (e.type === 'retrying' ? e.nextTryInMs : 0))).to.deep.equal([5000, 5000, 5000]);
    const first = retries[0];
    expect(first.type === 'retrying' && first.reason).to.match(/propagat/);
    expect(first.type === 'retrying' && first.timeLeftMs).to.equal(600_000);
    // A countdown tick each second between attempts.
    const ticks = events.filter((e) => e.type === 'countdown').map((e) => (e.type === 'countdown' ? e.nextTryInMs : 0));
    expect(ticks.slice(0, 4)).to.deep.equal([4000, 3000, 2000, 1000]);
    expect(events.filter((e) => e.type === 'attempt').map((e) => e.attempt)).to.deep.equal([1, 2, 3, 4]);
  });

  it('fails at once on a configuration error', async () => {
    const time = fakeTime();
    const { attempt, calls } = scripted([noRunAsUser]);
    const error = await expectRejection(requestWithRetry(attempt, { waitMs: 600_000, ...time }));
    expect(error).to.be.instanceOf(TokenEndpointError);
    expect(calls()).to.equal(1);
    expect(time.slept).to.deep.equal([]);
  });

  it('fails at once on errors that are not from the token endpoint', async () => {
    const time = fakeTime();
    const { attempt, calls } = scripted([() => new TypeError('bug')]);
    const error = await expectRejection(requestWithRetry(attempt, { waitMs: 600_000, ...time }));
    expect(error).to.be.instanceOf(TypeError);
    expect(calls()).to.equal(1);
  });

  it('gives up at the deadline with the last answer, attempts and elapsed time', async () => {
    const time = fakeTime();
    const { attempt, calls } = scripted(Array.from({ length: 1000 }, () => notYet));
    const error = await expectRejection(requestWithRetry(attempt, { waitMs: 120_000, ...time, random: () => 0.5 }));
    expect(error).to.be.instanceOf(WaitExpiredError);
    const expired = error as WaitExpiredError;
    expect(expired.exitCode).to.equal(EXIT_WAIT_EXPIRED);
    expect(expired.elapsedMs).to.equal(120_000);
    // An attempt every 5 s from 0 to 120 s: 25 attempts, about one per 5 s.
    expect(expired.attempts).to.equal(25);
    expect(calls()).to.equal(25);
    expect(expired.lastError).to.be.instanceOf(TokenEndpointError);
    expect(expired.message).to.contain('25 attempts').and.contain('120 s').and.contain('invalid_client_id');
    // The advice to wait longer, once (the answer's own "longer --wait" is not repeated).
    expect(expired.actions?.filter((a) => a.includes('--wait'))).to.have.length(1);
    expect(time.now() - 1_000_000).to.equal(120_000);
  });

  it('retries a wrong secret only for the short window, counting down that window, then says the secret is wrong (exit 1)', async () => {
    const time = fakeTime();
    const events: RetryEvent[] = [];
    const { attempt, calls } = scripted(Array.from({ length: 1000 }, () => wrongSecret));
    const error = (await expectRejection(
      requestWithRetry(attempt, { waitMs: 600_000, briefWindowMs: 20_000, ...time, onEvent: (e) => events.push(e) }),
    )) as StillRefusedError;
    expect(error).to.be.instanceOf(StillRefusedError);
    expect(error.name).to.equal('SecretWrongError');
    expect(error.exitCode).to.equal(1);
    expect(error.message)
      .to.match(/^The secret is wrong/)
      .and.contain('invalid client credentials');
    // 0, 5, 10, 15, 20 s: 5 attempts.
    expect(calls()).to.equal(5);
    expect(error.elapsedMs).to.equal(20_000);
    // The budget shown is the window's, not --wait's.
    const first = events.find((e) => e.type === 'retrying');
    expect(first?.type === 'retrying' && first.timeLeftMs).to.equal(20_000);
    expect(first?.type === 'retrying' && first.kind).to.equal('brief');
  });

  it('retries network errors and 5xx answers for the whole wait, then reports the org unavailable (exit 70)', async () => {
    const time = fakeTime();
    const { attempt } = scripted([() => new TokenNetworkError('http://x', new Error('ECONNRESET'))]);
    const result = await requestWithRetry(attempt, { waitMs: 60_000, ...time, random: () => 0.5 });
    expect(result.attempts).to.equal(2);
    const failing = scripted(
      Array.from({ length: 1000 }, () => () => new TokenEndpointError({ error: 'http_503', status: 503 })),
    );
    const error = (await expectRejection(
      requestWithRetry(failing.attempt, { waitMs: 120_000, briefWindowMs: 20_000, ...fakeTime() }),
    )) as OrgUnavailableError;
    expect(error).to.be.instanceOf(OrgUnavailableError);
    expect(error.exitCode).to.equal(EXIT_ORG_UNAVAILABLE);
    expect(error.elapsedMs).to.equal(120_000);
    expect(error.actions?.join('\n')).to.contain('status.salesforce.com');
  });

  it('with no wait, makes one attempt: "not yet" exits 69, a wrong secret 1, a failing org 70', async () => {
    const cases: Array<[() => Error, number]> = [
      [notYet, EXIT_WAIT_EXPIRED],
      [wrongSecret, 1],
      [() => new TokenNetworkError('http://x', new Error('ECONNRESET')), EXIT_ORG_UNAVAILABLE],
    ];
    for (const [answer, exitCode] of cases) {
      const { attempt, calls } = scripted([answer]);
      const error = (await expectRejection(requestWithRetry(attempt, { waitMs: 0, ...fakeTime() }))) as SfErrorLike;
      expect(error.exitCode).to.equal(exitCode);
      expect(calls()).to.equal(1);
    }
  });

  it('with the backoff options, doubles the pause instead', async () => {
    const time = fakeTime();
    const { attempt } = scripted([notYet, notYet, notYet]);
    const result = await requestWithRetry(attempt, {
      waitMs: 600_000,
      initialDelayMs: 2000,
      maxDelayMs: 30_000,
      ...time,
      random: () => 0.5,
    });
    expect(result.elapsedMs).to.equal(14_000);
  });

  it('stops when aborted during the wait', async () => {
    const controller = new AbortController();
    const { attempt, calls } = scripted(Array.from({ length: 10 }, () => notYet));
    const error = await expectRejection(
      requestWithRetry(attempt, {
        waitMs: 600_000,
        signal: controller.signal,
        onEvent: (e) => e.type === 'retrying' && controller.abort(),
      }),
    );
    expect(error.name).to.equal('AbortError');
    expect(calls()).to.equal(1);
  });

  it('backoff doubles from 2 s to at most 30 s with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, 2000, 30_000, () => 0.5))).to.deep.equal([
      2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(1, 2000, 30_000, () => 0)).to.equal(1600);
    expect(backoffDelay(5, 2000, 30_000, () => 0.999_999)).to.be.within(35_999, 36_000);
  });

  it('classifies what may be retried', () => {
    expect(retryKind(notYet())).to.equal('propagation');
    expect(retryKind(wrongSecret())).to.equal('brief');
    expect(retryKind(noRunAsUser())).to.equal(false);
    expect(retryKind(new TokenNetworkError('u', new Error('x')))).to.equal('unavailable');
    expect(retryKind(new TokenEndpointError({ error: 'http_503', status: 503 }))).to.equal('unavailable');
    expect(retryKind(new Error('x'))).to.equal(false);
  });
});
