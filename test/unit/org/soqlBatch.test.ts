import { expect } from 'chai';
import { expectRejection } from '../../helpers/expectError.js';
import {
  COMPOSITE_MAX_QUERIES,
  type QueryConnection,
  batchedSoqlRunner,
  compositeQueries,
  type QueryPage,
  pageOf,
} from '../../../src/org/soqlBatch.js';

type Sent = { kind: 'query'; soql: string } | { kind: 'composite'; soqls: string[] } | { kind: 'page'; url: string };

/** The rows of a query: one naming it, or with `PAGES=n` in its text, n pages of 2 rows each. */
function rowsOf(soql: string): Array<{ soql: string; row?: number }> {
  const pages = /PAGES=(\d+)/.exec(soql)?.[1];
  return pages ? Array.from({ length: 2 * Number(pages) }, (_, row) => ({ soql, row })) : [{ soql }];
}

/** How the fake org answers the GET of a page: in turn, each failure once, then the page (or its `answer`). */
type PageOptions = { failures?: Error[]; answer?: (url: string) => unknown };

/**
 * A connection that answers each query with its records (in pages of 2 rows when it contains `PAGES=n`), fails the
 * queries that contain FAIL, and answers the GET of a page's nextRecordsUrl.
 */
function fakeConnection(options: { compositeFails?: Error; failTimes?: number; pages?: PageOptions } = {}): {
  connection: QueryConnection;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const cursors: string[] = [];
  const pageFailures = [...(options.pages?.failures ?? [])];
  /** The page of a query from row `at` on, as the org answers it. */
  const page = (soql: string, at: number): QueryPage => {
    const rows = rowsOf(soql);
    const done = at + 2 >= rows.length;
    let cursor = cursors.indexOf(soql);
    if (cursor === -1) cursor = cursors.push(soql) - 1;
    return {
      totalSize: rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v66.0/query/01g00000000000${cursor}AAA-${at + 2}` }),
      records: rows.slice(at, at + 2),
    };
  };
  const connection: QueryConnection = {
    version: '66.0',
    query: <T>(soql: string) => {
      sent.push({ kind: 'query', soql });
      return Promise.resolve(page(soql, 0) as { records: T[] });
    },
    request: <T>(request: { method: string; url: string; body?: string }) => {
      if (request.method === 'GET') {
        sent.push({ kind: 'page', url: request.url });
        const failure = pageFailures.shift();
        if (failure) return Promise.reject(failure);
        if (options.pages?.answer) return Promise.resolve(options.pages.answer(request.url) as T);
        const [, cursor, at] = /01g0{11}(\d+)AAA-(\d+)$/.exec(request.url)!;
        return Promise.resolve(page(cursors[Number(cursor)], Number(at)) as T);
      }
      expect(request.url).to.equal('/composite');
      const body = JSON.parse(request.body!) as {
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
          : { referenceId: sub.referenceId, httpStatusCode: 200, body: page(soqls[index], 0) },
      );
      // The org may answer in any order: the runner matches by referenceId.
      return Promise.resolve({ compositeResponse: compositeResponse.reverse() } as T);
    },
  };
  return { connection, sent };
}

/** What the org raises for a page: a REST error as jsforce names it, a 503 page, a dropped connection. */
const orgError = (errorCode: string, message: string): Error =>
  Object.assign(new Error(message), { name: errorCode, errorCode });
const INVALID_LOCATOR = orgError('INVALID_QUERY_LOCATOR', 'invalid query locator');
const EXPIRED = orgError('INVALID_SESSION_ID', 'Session expired or invalid');
const UNAVAILABLE = Object.assign(
  new Error('<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>'),
  { name: 'ERROR_HTTP_503', errorCode: 'ERROR_HTTP_503' },
);
const DROPPED = Object.assign(new TypeError('fetch failed'), { cause: new Error('read ECONNRESET') });

describe('batchedSoqlRunner: the pre-flight queries in as few requests as the org allows', () => {
  it('sends a lone query as a plain query', async () => {
    const { connection, sent } = fakeConnection();
    expect(await batchedSoqlRunner(connection)('SELECT Id FROM User')).to.deep.equal([{ soql: 'SELECT Id FROM User' }]);
    expect(sent).to.deep.equal([{ kind: 'query', soql: 'SELECT Id FROM User' }]);
  });

  for (const count of [2, COMPOSITE_MAX_QUERIES, COMPOSITE_MAX_QUERIES + 1, 2 * COMPOSITE_MAX_QUERIES + 3]) {
    it(`sends ${count} queries asked at once in ${Math.ceil(count / COMPOSITE_MAX_QUERIES)} request(s), each answered with its own records`, async () => {
      const { connection, sent } = fakeConnection();
      const query = batchedSoqlRunner(connection);
      const soqls = Array.from({ length: count }, (_, i) => `SELECT Id FROM User WHERE Username = 'u${i}@example.com'`);
      const answers = await Promise.all(soqls.map((soql) => query<{ soql: string }>(soql)));
      expect(answers.map((records) => records[0].soql)).to.deep.equal(soqls);
      expect(sent).to.have.length(Math.ceil(count / COMPOSITE_MAX_QUERIES));
      expect(
        sent.flatMap((s) => (s.kind === 'composite' ? s.soqls : s.kind === 'query' ? [s.soql] : [])),
      ).to.deep.equal(soqls);
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

  for (const [label, failure] of [
    ['a 503 page', UNAVAILABLE],
    ['a dropped connection', DROPPED],
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

describe('batchedSoqlRunner: answers the org cut into pages are read to their end', () => {
  const OTHER = 'SELECT Id FROM User';
  /** Runs `soql` alone (a plain query) or beside another query (a Composite subresponse). */
  const run = (connection: QueryConnection, path: 'lone' | 'composite', soql: string): Promise<unknown[]> => {
    const query = batchedSoqlRunner(connection, [1, 1]);
    if (path === 'lone') return query(soql);
    const [paged] = [query(soql), query(OTHER)];
    return paged;
  };
  const firstRequest = (path: 'lone' | 'composite', soql: string): Sent =>
    path === 'lone' ? { kind: 'query', soql } : { kind: 'composite', soqls: [soql, OTHER] };
  const pageUrls = (sent: Sent[]): string[] => sent.flatMap((s) => (s.kind === 'page' ? [s.url] : []));

  for (const path of ['lone', 'composite'] as const) {
    for (const pages of [1, 2, 3]) {
      const soql = `SELECT AppName FROM OauthToken PAGES=${pages}`;
      it(`${path}: reads ${pages} page(s) in ${pages} request(s), every row in order`, async () => {
        const { connection, sent } = fakeConnection();
        expect(await run(connection, path, soql)).to.deep.equal(rowsOf(soql));
        expect(sent[0]).to.deep.equal(firstRequest(path, soql));
        expect(pageUrls(sent)).to.deep.equal(
          Array.from(
            { length: pages - 1 },
            (_, i) => `/services/data/v66.0/query/01g${'0'.repeat(12)}AAA-${2 * (i + 1)}`,
          ),
        );
        expect(sent).to.have.length(pages);
      });
    }

    const soql = 'SELECT AppName FROM OauthToken PAGES=3';
    for (const [label, failure] of [
      ['a 503 page', UNAVAILABLE],
      ['a dropped connection', DROPPED],
    ] as const) {
      it(`${path}: asks for a page again after ${label}, twice at most, then fails the query with it`, async () => {
        const once = fakeConnection({ pages: { failures: [failure] } });
        expect(await run(once.connection, path, soql)).to.deep.equal(rowsOf(soql));
        expect(pageUrls(once.sent).map((url) => url.slice(-2))).to.deep.equal(['-2', '-2', '-4']);
        const always = fakeConnection({ pages: { failures: [failure, failure, failure] } });
        const error = await expectRejection(run(always.connection, path, soql));
        expect(error).to.equal(failure);
        expect(pageUrls(always.sent)).to.have.length(3);
      });
    }

    it(`${path}: fails the query as QueryPaged when the org refuses a page (an expired locator), never retried`, async () => {
      const { connection, sent } = fakeConnection({ pages: { failures: [INVALID_LOCATOR] } });
      const error = await expectRejection(run(connection, path, soql));
      expect(error.name).to.equal('QueryPagedError');
      expect(error.message).to.equal(
        'The org answered the query in pages, and the page after its first 2 of 6 rows could not be read (INVALID_QUERY_LOCATOR: invalid query locator): only whole answers are judged, so these rows were not checked.',
      );
      expect((error as Error & { actions?: string[] }).actions).to.have.length(1);
      expect(error.cause).to.equal(INVALID_LOCATOR);
      expect(pageUrls(sent)).to.have.length(1);
    });

    it(`${path}: fails the query with the expired session as it is, so that it reads as one`, async () => {
      const { connection, sent } = fakeConnection({ pages: { failures: [EXPIRED] } });
      expect(await expectRejection(run(connection, path, soql))).to.equal(EXPIRED);
      expect(pageUrls(sent)).to.have.length(1);
    });

    const broken: Array<[string, (url: string) => unknown]> = [
      ['a page that says there is more but not where', () => ({ totalSize: 6, done: false, records: [{}, {}] })],
      ['a page that points at itself', (url) => ({ totalSize: 6, done: false, nextRecordsUrl: url, records: [{}] })],
    ];
    for (const [what, answer] of broken) {
      it(`${path}: fails the query as QueryPaged on ${what}, rather than loop or judge a part`, async () => {
        const { connection, sent } = fakeConnection({ pages: { answer } });
        const error = await expectRejection(run(connection, path, soql), /gave no new nextRecordsUrl/);
        expect(error.name).to.equal('QueryPagedError');
        expect(pageUrls(sent).length).to.be.at.most(2);
      });
    }
  }

  it('pages each query of a Composite request on its own: one request a page, the others unharmed by a failing one', async () => {
    const { connection, sent } = fakeConnection();
    const query = batchedSoqlRunner(connection, [1, 1]);
    const soqls = ['PAGES=3', 'PAGES=1', 'PAGES=2', 'single', 'PAGES=4'].map(
      (tail) => `SELECT Id FROM OauthToken ${tail}`,
    );
    const answers = await Promise.all(soqls.map((soql) => query(soql)));
    expect(answers).to.deep.equal(soqls.map(rowsOf));
    expect(sent.filter((s) => s.kind === 'composite')).to.have.length(1);
    expect(pageUrls(sent)).to.have.length(2 + 0 + 1 + 0 + 3);

    const failing = fakeConnection({ pages: { failures: [INVALID_LOCATOR] } });
    const runner = batchedSoqlRunner(failing.connection, [1, 1]);
    const results = await Promise.allSettled([runner('SELECT Id FROM OauthToken PAGES=2'), runner(OTHER)]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'fulfilled']);
  });

  it('makes requests that grow with the rows, not with the queries: a query of 6 pages costs 5 more', async () => {
    const { connection, sent } = fakeConnection();
    const records = await batchedSoqlRunner(connection)('SELECT AppName FROM OauthToken PAGES=6');
    expect(records).to.have.length(12);
    expect(sent.map((s) => s.kind)).to.deep.equal(['query', 'page', 'page', 'page', 'page', 'page']);
  });
});

describe('compositeQueries and pageOf', () => {
  it('encodes each query into its subrequest url, quotes and all', () => {
    const soql = "SELECT Id FROM User WHERE Username IN ('o\\'brien@example.com', 'a&b=c@example.com')";
    const body = JSON.parse(compositeQueries('66.0', [soql])) as {
      compositeRequest: Array<{ method: string; url: string; referenceId: string }>;
    };
    expect(body.compositeRequest[0]).to.include({ method: 'GET', referenceId: 'q0' });
    expect(body.compositeRequest[0].url.startsWith('/services/data/v66.0/query?q=')).to.equal(true);
    expect(new URLSearchParams(body.compositeRequest[0].url.split('?')[1]).get('q')).to.equal(soql);
  });

  const table: Array<{ what: string; response: Parameters<typeof pageOf>[0]; page?: QueryPage; error?: RegExp }> = [
    {
      what: 'a query answer',
      response: {
        referenceId: 'q0',
        httpStatusCode: 200,
        body: { totalSize: 1, done: true, records: [{ Id: '005' }] },
      },
      page: { totalSize: 1, done: true, records: [{ Id: '005' }] },
    },
    {
      what: 'an answer without records',
      response: { referenceId: 'q0', httpStatusCode: 200, body: {} },
      page: {},
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
      what: 'the first page of an answer cut into pages',
      response: {
        referenceId: 'q0',
        httpStatusCode: 200,
        body: { totalSize: 4500, done: false, nextRecordsUrl: '/services/data/v66.0/query/01g-2000', records: [{}] },
      },
      page: { totalSize: 4500, done: false, nextRecordsUrl: '/services/data/v66.0/query/01g-2000', records: [{}] },
    },
  ];
  for (const { what, response, page, error } of table) {
    it(`pageOf: ${what}`, () => {
      if (error) expect(() => pageOf(response)).to.throw(error);
      else expect(pageOf(response)).to.deep.equal(page);
    });
  }
});
