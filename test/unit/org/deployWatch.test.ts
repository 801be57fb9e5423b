import { expect } from 'chai';
import type { MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { DeployInterruptedError } from '../../../src/org/deployInterrupt.js';
import { DeployLostError, watchDeploy } from '../../../src/org/deployWatch.js';

const running = { id: '0Af1', done: false, status: 'InProgress' } as unknown as MetadataApiDeployStatus;
const finished = { id: '0Af1', done: true, status: 'Succeeded' } as unknown as MetadataApiDeployStatus;
const coded = (name: string, message: string): Error => Object.assign(new Error(message), { name, errorCode: name });
const dropped = Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') });
const page503 = coded('ERROR_HTTP_503', '<!DOCTYPE html><html><head><title>Maintenance</title></head><body/></html>');
const json500 = coded('UNKNOWN_EXCEPTION', 'An unexpected error occurred.');
const expired = coded('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader');

/** Status checks answering in turn: a status, or an error thrown. */
function script(answers: Array<MetadataApiDeployStatus | Error>): {
  check: () => Promise<MetadataApiDeployStatus>;
  calls: () => number;
} {
  let calls = 0;
  return {
    calls: () => calls,
    check: () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const refresh = (works: boolean): { refreshAuth: () => Promise<void>; count: number } => {
  const connection = {
    count: 0,
    refreshAuth: (): Promise<void> => {
      connection.count += 1;
      return works ? Promise.resolve() : Promise.reject(new Error('no refresh token'));
    },
  };
  return connection;
};

const fast = { pollMs: 5, backoffMs: 5, maxBackoffMs: 20 };

describe('watchDeploy: following a deploy the org accepted', () => {
  const retried: Array<[string, Array<MetadataApiDeployStatus | Error>]> = [
    ['a dropped connection', [running, dropped, finished]],
    ['a 503 HTML page', [page503, page503, page503, finished]],
    ['a 500 REST error', [json500, running, finished]],
  ];
  for (const [label, answers] of retried) {
    it(`retries ${label} and sees the deploy finish`, async () => {
      const checks = script(answers);
      const kinds: string[] = [];
      const result = await watchDeploy({
        deployId: '0Af1',
        check: checks.check,
        connection: refresh(false),
        deadline: Date.now() + 10_000,
        onRetry: (failure) => kinds.push(failure.kind),
        ...fast,
      });
      expect(result).to.deep.equal({ status: finished, done: true });
      expect(checks.calls()).to.equal(answers.length);
      expect(kinds).to.have.length(answers.filter((answer) => answer instanceof Error).length);
    });
  }

  it('an org failing past --wait: DeployLostError naming the deploy, the page by its title only', async () => {
    const error = await watchDeploy({
      deployId: '0Af1',
      check: script([page503]).check,
      connection: refresh(false),
      deadline: Date.now() + 100,
      ...fast,
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(DeployLostError);
    expect((error as DeployLostError).deployId).to.equal('0Af1');
    expect((error as DeployLostError).failure).to.deep.include({
      kind: 'unavailable',
      status: 503,
      detail: 'Maintenance',
    });
  });

  it('an expired session is refreshed once through the org auth, and the watch goes on', async () => {
    const connection = refresh(true);
    const result = await watchDeploy({
      deployId: '0Af1',
      check: script([running, expired, finished]).check,
      connection,
      deadline: Date.now() + 10_000,
      ...fast,
    });
    expect(result.done).to.equal(true);
    expect(connection.count).to.equal(1);
  });

  it('an expired session that cannot be refreshed: DeployLostError of kind session, at once', async () => {
    const started = Date.now();
    const error = await watchDeploy({
      deployId: '0Af1',
      check: script([expired]).check,
      connection: refresh(false),
      deadline: Date.now() + 60_000,
      ...fast,
    }).catch((caught: unknown) => caught);
    expect((error as DeployLostError).failure.kind).to.equal('session');
    expect(Date.now() - started).to.be.lessThan(1000);
  });

  it('--wait runs out while the deploy runs: the last status, not done', async () => {
    const result = await watchDeploy({
      deployId: '0Af1',
      check: script([running]).check,
      connection: refresh(false),
      deadline: Date.now(),
      ...fast,
    });
    expect(result).to.deep.equal({ status: running, done: false });
  });

  it('Ctrl-C during the pause between two checks: DeployInterruptedError naming the deploy', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await watchDeploy({
      deployId: '0Af1',
      check: script([running]).check,
      connection: refresh(false),
      deadline: Date.now() + 60_000,
      signal: controller.signal,
      pollMs: 10_000,
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(DeployInterruptedError);
    expect((error as DeployInterruptedError).deployId).to.equal('0Af1');
  });
});
