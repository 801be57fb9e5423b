import { expect } from 'chai';
import { type Emulator, startEmulator } from '../src/index.js';
import { expectRejection } from './helpers/expectError.js';

describe('emulator: fault injection', () => {
  let emulator: Emulator;
  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  const versions = (): Promise<Response> => fetch(`${emulator.url}/services/data`);

  it('answers N 5xx responses on a path, after letting `skip` through', async () => {
    emulator.faults.failNext('/services/data', 2, 502, 1);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await versions()).status);
    expect(statuses).to.deep.equal([200, 502, 502, 200]);
  });

  it('drops connections on a path', async () => {
    emulator.faults.dropNext(/^\/services\/data$/);
    const error = await expectRejection(versions());
    expect(error.message).to.match(/fetch failed/);
    expect((await versions()).status).to.equal(200);
  });

  it('expires every session right before the matching request, once', async () => {
    const token = emulator.openSession().token;
    const me = (): Promise<Response> =>
      fetch(`${emulator.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    emulator.faults.expireSessionsAt('/services/oauth2/userinfo', 1);
    expect((await me()).status).to.equal(200);
    expect((await me()).status).to.equal(403);
    const fresh = emulator.openSession().token;
    const again = await fetch(`${emulator.url}/services/oauth2/userinfo`, {
      headers: { Authorization: `Bearer ${fresh}` },
    });
    expect(again.status).to.equal(200);
  });

  it('adds latency to every request', async () => {
    emulator.faults.latencyMs = 300;
    const started = Date.now();
    await versions();
    expect(Date.now() - started).to.be.at.least(290);
  });

  it('answers an injected error with an HTML page, a REST error list or a plain line', async () => {
    emulator.faults.failNext('/services/data', 1, 503, 0, 'html');
    emulator.faults.failNext('/services/data', 1, 500, 0, 'json');
    emulator.faults.failNext('/services/data', 1, 503);
    const html = await versions();
    expect([html.status, html.headers.get('content-type')]).to.deep.equal([503, 'text/html;charset=UTF-8']);
    expect(await html.text()).to.match(/^<!DOCTYPE html>[\s\S]*<title>Service Unavailable<\/title>/);
    const rest = await versions();
    expect(rest.status).to.equal(500);
    expect(((await rest.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal('UNKNOWN_EXCEPTION');
    const plain = await versions();
    expect([plain.status, await plain.text()]).to.deep.equal([503, 'Service Unavailable']);
    expect((await versions()).status).to.equal(200);
  });

  it('delays only the chosen requests, after letting `skip` through', async () => {
    emulator.faults.delayNext('/services/data', 400, 1, 1);
    const timed = async (): Promise<number> => {
      const started = Date.now();
      expect((await versions()).status).to.equal(200);
      return Date.now() - started;
    };
    const [first, second, third] = [await timed(), await timed(), await timed()];
    expect(first).to.be.below(300);
    expect(second).to.be.at.least(390);
    expect(third).to.be.below(300);
  });

  it('expires every session at the chosen request, after letting `skip` through', async () => {
    const session = emulator.openSession();
    const identity = (): Promise<Response> =>
      fetch(`${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id FROM User')}`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
    emulator.faults.expireSessionsAt('/query', 1);
    expect((await identity()).status).to.equal(200);
    expect((await identity()).status).to.equal(401);
    expect(emulator.openSession().token, 'a new session is valid').to.be.a('string');
    expect((await identity()).status).to.equal(401);
  });

  it('lists the deploy jobs it holds', () => {
    expect(emulator.deployJobs()).to.deep.equal([]);
  });

  it('logs every request for counting', async () => {
    await versions();
    await fetch(`${emulator.url}/services/data/v66.0/`);
    expect(emulator.countRequests('GET', '/services/data')).to.equal(2);
    expect(emulator.requests.map((r) => r.path)).to.deep.equal(['/services/data', '/services/data/v66.0/']);
  });
});
