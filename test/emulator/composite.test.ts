import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, INTEGRATION_USERNAME, startEmulator } from './index.js';
import { connectTo } from './connect.js';
import { MAX_QUERY_SUBREQUESTS } from './composite.js';
import { gatherOrgFacts } from '../../src/org/preflight.js';
import { soqlRunnerFor } from '../../src/jobs/deploy.js';

type Composite = { compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }> };

describe('emulator: the Composite resource', () => {
  let emulator: Emulator;
  let token: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    token = emulator.openSession().token;
  });
  afterEach(() => emulator.close());

  const post = async (body: unknown, as = token): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${emulator.url}/services/data/v66.0/composite`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${as}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const queryOf = (soql: string, referenceId: string): Record<string, string> => ({ method: 'GET', url: `/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, referenceId });

  it('answers each query subrequest on its own, a failing one with its error, all in one HTTP 200', async () => {
    const answer = await post({
      allOrNone: false,
      compositeRequest: [
        queryOf(`SELECT Id, Username FROM User WHERE Username = '${INTEGRATION_USERNAME}'`, 'user'),
        queryOf('SELECT Nope FROM User', 'bad'),
        { method: 'GET', url: '/services/data/v66.0/sobjects/Account/describe', referenceId: 'other' },
      ],
    });
    expect(answer.status).to.equal(200);
    const [user, bad, other] = (answer.body as Composite).compositeResponse;
    expect(user).to.include({ httpStatusCode: 200, referenceId: 'user' });
    expect((user.body as { records: Array<{ Username: string }> }).records.map((r) => r.Username)).to.deep.equal([INTEGRATION_USERNAME]);
    expect(bad.httpStatusCode).to.equal(400);
    expect((bad.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('INVALID_FIELD');
    expect(other).to.include({ httpStatusCode: 404, referenceId: 'other' });
    expect(emulator.requests).to.have.length(1);
  });

  it('with allOrNone, halts the others when one fails', async () => {
    const answer = await post({ allOrNone: true, compositeRequest: [queryOf('SELECT Id FROM User', 'ok'), queryOf('SELECT Nope FROM User', 'bad')] });
    const [ok] = (answer.body as Composite).compositeResponse;
    expect(ok.httpStatusCode).to.equal(400);
    expect((ok.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('PROCESSING_HALTED');
  });

  it(`refuses more than ${MAX_QUERY_SUBREQUESTS} queries, a body that is not JSON, and a request without a session`, async () => {
    const many = Array.from({ length: MAX_QUERY_SUBREQUESTS + 1 }, (_, i) => queryOf('SELECT Id FROM User', `q${i}`));
    const tooMany = await post({ compositeRequest: many });
    expect(tooMany.status).to.equal(400);
    expect((tooMany.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('LIMIT_EXCEEDED');
    expect((await post('{not json')).status).to.equal(400);
    expect((await post({ compositeRequest: [] })).status).to.equal(400);
    expect((await post({ compositeRequest: many.slice(0, 1) }, 'nope')).status).to.equal(401);
  });

  describe("through the plugin's pre-flight runner and a real Connection", () => {
    let connection: Connection;
    beforeEach(async () => (connection = await connectTo(emulator)));

    it('sends the whole pre-flight of an app with a run-as user, a profile and a permission set in one request', async () => {
      const before = emulator.requests.length;
      const requirements = { runAsUser: INTEGRATION_USERNAME, permissionSets: ['ECA_Integration'], profiles: ['System Administrator'] };
      const batched = await gatherOrgFacts(soqlRunnerFor(connection), requirements);
      const sent = emulator.requests.slice(before);
      // Six queries: five in one Composite request, the sixth as a plain query, both at once.
      expect(sent.map((r) => `${r.method} ${r.path.replace(/v\d+\.\d/, 'vNN')}`).sort()).to.deep.equal(['GET /services/data/vNN/query', 'POST /services/data/vNN/composite']);
      const plain = await gatherOrgFacts(async <T>(soql: string) => (await connection.query(soql)).records as unknown as T[], requirements);
      expect(batched).to.deep.equal(plain);
      expect(batched.users.map((u) => u.Username)).to.deep.equal([INTEGRATION_USERNAME]);
      expect(batched.assignments.length).to.be.greaterThan(0);
      expect(batched.permissionSetNames).to.deep.equal(['ECA_Integration']);
    });
  });
});
