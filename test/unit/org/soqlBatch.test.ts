import { expect } from 'chai';
import { expectRejection } from '../../helpers/expectError.js';
import {
  COMPOSITE_MAX_QUERIES,
  type QueryConnection,
  batchedSoqlRunner,
  compositeQueries,
  recordsOf,
} from '../../../src/org/soqlBatch.js';

type Sent = { kind: 'query'; soql: string } | { kind: 'composite'; soqls: string[] };

/** A connection that answers each query with one record naming it, and fails the queries that contain FAIL. */
function fakeConnection(options: { compositeFails?: Error; failTimes?: number } = {}): {
  connection: QueryConnection;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const connection: QueryConnection = {
    version: '66.0',
    query: <T>(soql: string) => {
      sent.push({ kind: 'query', soql });
      // A query the org answers in pages: its first page of 2,000 rows, `done` false.
      if (soql.includes('PAGED')) return Promise.resolve({ records: [{ soql }] as T[], done: false, totalSize: 4500 });
      return Promise.resolve({ records: [{ soql }] as T[] });
    },
    request: <T>(request: { url: string; body: string }) => {
      expect(request.url).to.equal('/composite');
      const body = JSON.parse(request.body) as {
        allOrNone: boolean;
        compositeRequest: Array<{ method: string; url: string; referenceId: string }>;
      };
      expect(body.allOrNone).to.equal(false);
      const soqls = body.compositeRequest.map((sub) => new URLSearchParams(sub.url.split('?')[1]).get('q') ?? '');
      sent.push({ kind: 'composite', soqls });
      const failing = options.failTimes === undefined || sent.length <= options.failTimes;
      if (options.compositeFails && failing) return Promise.reject(options.compositeFails);
      const compositeResponse = body.compositeRequest.map((sub, index) =>
        soqls[index].includes('FAIL')
          ? {
              referenceId: sub.referenceId,
              httpStatusCode: 400,
              body: [{ errorCode: 'INVALID_FIELD', message: `No such column in ${soqls[index]}` }],
            }
          : {
              referenceId: sub.referenceId,
              httpStatusCode: 200,
              body: { totalSize: 1, done: true, records: [{ soql: soqls[index] }] },
            },
      );
      // The org may answer in any order: the runner matches by referenceId.
      return Promise.resolve({ compositeResponse: compositeResponse.reverse() } as T);
    },
  };
  return { connection, sent };
}

describe('batchedSoqlRunner: the pre-flight queries in as few requests as the org allows', () => {
  it('sends a lone query as a plain query', async () => {
    const { connection, sent } = fakeConnection();
    expect(await batchedSoqlRunner(connection)('SELECT Id FROM User')).to.deep.equal([{ soql: 'SELECT Id FROM User' }]);
    expect(sent).to.deep.equal([{ kind: 'query', soql: 'SELECT Id FROM User' }]);
  });

  it('refuses a lone query the org answered in pages, rather than giving its first page as the whole', async () => {
    const { connection } = fakeConnection();
    const error = await expectRejection(batchedSoqlRunner(connection)('SELECT Id FROM OauthToken PAGED'));
    expect(error.name).to.equal('QueryPagedError');
    expect(error.message).to.contain('1 of 4500 rows');
  });

  for (const count of [2, COMPOSITE_MAX_QUERIES, COMPOSITE_MAX_QUERIES + 1, 2 * COMPOSITE_MAX_QUERIES + 3]) {
    it(`sends ${count} queries asked at once in ${Math.ceil(count / COMPOSITE_MAX_QUERIES)} request(s), each answered with its own records`, async () => {
      const { connection, sent } = fakeConnection();
      const query = batchedSoqlRunner(connection);
      const soqls = Array.from({ length: count }, (_, i) => `SELECT Id FROM User WHERE Username = 'u${i}@example.com'`);
      const answers = await Promise.all(soqls.map((soql) => query<{ soql: string }>(soql)));
      expect(answers.map((records) => records[0].soql)).to.deep.equal(soqls);
      expect(sent).to.have.length(Math.ceil(count / COMPOSITE_MAX_QUERIES));
      expect(sent.flatMap((s) => (s.kind === 'composite' ? s.soqls : [s.soql]))).to.deep.equal(soqls);
      sent.forEach((s) => expect(s.kind === 'composite' ? s.soqls.length : 1).to.be.at.most(COMPOSITE_MAX_QUERIES));
    });
  }

  it('rejects only the query the org refused, with the errorCode as jsforce names it', async () => {
    const { connection } = fakeConnection();
    const query = batchedSoqlRunner(connection);
    const [good, bad] = await Promise.allSettled([query('SELECT Id FROM User'), query('SELECT FAIL FROM User')]);
    expect(good.status).to.equal('fulfilled');
    expect(bad.status).to.equal('rejected');
    const reason = (bad as PromiseRejectedResult).reason as Error & { errorCode: string };
    expect([reason.name, reason.errorCode]).to.deep.equal(['INVALID_FIELD', 'INVALID_FIELD']);
    expect(reason.message).to.include('No such column');
  });

  it('rejects every query of a Composite request that failed as a whole (an expired session, say)', async () => {
    const expired = Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' });
    const { connection } = fakeConnection({ compositeFails: expired });
    const query = batchedSoqlRunner(connection);
    const results = await Promise.allSettled([query('SELECT Id FROM User'), query('SELECT Id FROM Profile')]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).to.deep.equal([
      'Session expired or invalid',
      'Session expired or invalid',
    ]);
  });

  const page = Object.assign(new Error('<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>'), {
    name: 'ERROR_HTTP_503',
    errorCode: 'ERROR_HTTP_503',
  });
  const dropped = Object.assign(new TypeError('fetch failed'), { cause: new Error('read ECONNRESET') });
  for (const [label, failure] of [
    ['a 503 page', page],
    ['a dropped connection', dropped],
  ] as const) {
    it(`sends a Composite request again after ${label}, twice at most`, async () => {
      const once = fakeConnection({ compositeFails: failure, failTimes: 1 });
      const retried = batchedSoqlRunner(once.connection, [1, 1]);
      const records = await Promise.all([retried('SELECT Id FROM User'), retried('SELECT Id FROM Profile')]);
      expect(once.sent.map((item) => item.kind)).to.deep.equal(['composite', 'composite']);
      expect(records.flat()).to.have.length(2);
      const always = fakeConnection({ compositeFails: failure });
      const query = batchedSoqlRunner(always.connection, [1, 1]);
      const results = await Promise.allSettled([query('SELECT Id FROM User'), query('SELECT Id FROM Profile')]);
      expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
      expect(always.sent).to.have.length(3);
    });
  }

  it('never sends again what the org refused for good (an expired session)', async () => {
    const expired = Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' });
    const { connection, sent } = fakeConnection({ compositeFails: expired });
    const query = batchedSoqlRunner(connection, [1, 1]);
    await Promise.allSettled([query('SELECT Id FROM User'), query('SELECT Id FROM Profile')]);
    expect(sent).to.have.length(1);
  });

  it('starts a new batch for queries asked after the first batch left', async () => {
    const { connection, sent } = fakeConnection();
    const query = batchedSoqlRunner(connection);
    await Promise.all([query('SELECT Id FROM User'), query('SELECT Id FROM Profile')]);
    await query('SELECT Id FROM PermissionSet');
    expect(sent.map((s) => s.kind)).to.deep.equal(['composite', 'query']);
  });
});

describe('compositeQueries and recordsOf', () => {
  it('encodes each query into its subrequest url, quotes and all', () => {
    const soql = "SELECT Id FROM User WHERE Username IN ('o\\'brien@example.com', 'a&b=c@example.com')";
    const body = JSON.parse(compositeQueries('66.0', [soql])) as {
      compositeRequest: Array<{ method: string; url: string; referenceId: string }>;
    };
    expect(body.compositeRequest[0]).to.include({ method: 'GET', referenceId: 'q0' });
    expect(body.compositeRequest[0].url.startsWith('/services/data/v66.0/query?q=')).to.equal(true);
    expect(new URLSearchParams(body.compositeRequest[0].url.split('?')[1]).get('q')).to.equal(soql);
  });

  const table: Array<{ what: string; response: Parameters<typeof recordsOf>[0]; records?: unknown[]; error?: RegExp }> =
    [
      {
        what: 'a query answer',
        response: {
          referenceId: 'q0',
          httpStatusCode: 200,
          body: { totalSize: 1, done: true, records: [{ Id: '005' }] },
        },
        records: [{ Id: '005' }],
      },
      {
        what: 'an answer without records',
        response: { referenceId: 'q0', httpStatusCode: 200, body: {} },
        records: [],
      },
      {
        what: 'an error answer',
        response: {
          referenceId: 'q0',
          httpStatusCode: 400,
          body: [{ errorCode: 'MALFORMED_QUERY', message: 'unexpected token' }],
        },
        error: /unexpected token/,
      },
      {
        what: 'an error without a body',
        response: { referenceId: 'q0', httpStatusCode: 500, body: null },
        error: /HTTP 500/,
      },
      { what: 'no answer at all', response: undefined, error: /unanswered/ },
      {
        what: 'an answer cut into pages (done false)',
        response: {
          referenceId: 'q0',
          httpStatusCode: 200,
          body: { totalSize: 4500, done: false, nextRecordsUrl: '/services/data/v66.0/query/01g-2000', records: [{}] },
        },
        error: /in pages \(1 of 4500 rows in the first\)/,
      },
    ];
  for (const { what, response, records, error } of table) {
    it(`recordsOf: ${what}`, () => {
      if (error) expect(() => recordsOf(response)).to.throw(error);
      else expect(recordsOf(response)).to.deep.equal(records);
    });
  }
});
