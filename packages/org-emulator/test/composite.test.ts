import { expect } from 'chai';
import { type Emulator, INTEGRATION_USERNAME, startEmulator } from '../src/index.js';
import { MAX_QUERY_SUBREQUESTS } from '../src/composite.js';

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
  const queryOf = (soql: string, referenceId: string): Record<string, string> => ({
    method: 'GET',
    url: `/services/data/v66.0/query?q=${encodeURIComponent(soql)}`,
    referenceId,
  });

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
    expect((user.body as { records: Array<{ Username: string }> }).records.map((r) => r.Username)).to.deep.equal([
      INTEGRATION_USERNAME,
    ]);
    expect(bad.httpStatusCode).to.equal(400);
    expect((bad.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('INVALID_FIELD');
    expect(other).to.include({ httpStatusCode: 404, referenceId: 'other' });
    expect(emulator.requests).to.have.length(1);
  });

  it('with allOrNone, halts the others when one fails', async () => {
    const answer = await post({
      allOrNone: true,
      compositeRequest: [queryOf('SELECT Id FROM User', 'ok'), queryOf('SELECT Nope FROM User', 'bad')],
    });
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
});
