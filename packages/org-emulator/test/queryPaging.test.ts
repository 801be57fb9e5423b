import { expect } from 'chai';
import { connectTo } from '../src/connect.js';
import { type Emulator, INTEGRATION_USERNAME, STANDARD_USERNAME, addOauthToken, startEmulator } from '../src/index.js';
import { CURSOR_LIFETIME_MS, requestedBatchSize } from '../src/queryCursor.js';

type Page = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Array<{ Id?: string }> };
type Composite = { compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }> };

const ROWS = 4500;
const TOKENS = 'SELECT Id, AppName FROM OauthToken';
const LOCATOR_URL = /^\/services\/data\/v66\.0\/query\/01g[0-9A-Za-z]{15}-(\d+)$/;

describe('emulator: query answers in batches, with the locator of the next', () => {
  let emulator: Emulator;
  let token: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    for (let i = 0; i < ROWS; i++) addOauthToken(emulator.state, `App ${i % 7}`, INTEGRATION_USERNAME, i % 30);
    token = emulator.openSession().token;
  });
  afterEach(() => emulator.close());

  const get = async (
    path: string,
    options: { as?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${emulator.url}${path}`, {
      headers: { Authorization: `Bearer ${options.as ?? token}`, ...options.headers },
    });
    return { status: response.status, body: await response.json() };
  };
  const queryPath = (soql: string, resource = 'query'): string =>
    `/services/data/v66.0/${resource}?q=${encodeURIComponent(soql)}`;
  /** Every page of a query: the first from `path`, then each nextRecordsUrl until done. */
  const allPages = async (path: string, headers: Record<string, string> = {}): Promise<Page[]> => {
    const pages = [(await get(path, { headers })).body as Page];
    while (!pages[pages.length - 1].done) {
      const next = pages[pages.length - 1].nextRecordsUrl!;
      expect(next).to.match(LOCATOR_URL);
      const answer = await get(next, { headers });
      expect(answer.status).to.equal(200);
      pages.push(answer.body as Page);
    }
    return pages;
  };
  const allIds = (): string[] => emulator.state.oauthTokens.map((t) => t.id);

  it('answers 2,000 rows a batch, totalSize the whole count, done false until the last, the locator at the next row', async () => {
    const pages = await allPages(queryPath(TOKENS));
    expect(pages.map((p) => p.records.length)).to.deep.equal([2000, 2000, 500]);
    expect(pages.map((p) => p.totalSize)).to.deep.equal([ROWS, ROWS, ROWS]);
    expect(pages.map((p) => p.done)).to.deep.equal([false, false, true]);
    expect(pages.map((p) => LOCATOR_URL.exec(p.nextRecordsUrl ?? '')?.[1])).to.deep.equal(['2000', '4000', undefined]);
    expect(pages[2]).to.not.have.property('nextRecordsUrl');
    // One cursor: the locators of one query differ only by the position.
    expect(new Set(pages.slice(0, 2).map((p) => p.nextRecordsUrl!.replace(/-\d+$/, '')))).to.have.length(1);
    expect(pages.flatMap((p) => p.records.map((r) => r.Id))).to.deep.equal(allIds());
    expect(Object.keys(pages[0])).to.deep.equal(['totalSize', 'done', 'nextRecordsUrl', 'records']);
  });

  it('keeps the rows the query had when it ran: rows added later are not in its next batches', async () => {
    const first = (await get(queryPath(TOKENS))).body as Page;
    const before = allIds();
    addOauthToken(emulator.state, 'Late App', INTEGRATION_USERNAME, 0);
    emulator.state.oauthTokens.splice(0, 10);
    const second = (await get(first.nextRecordsUrl!)).body as Page;
    expect(second.totalSize).to.equal(ROWS);
    expect(second.records.map((r) => r.Id)).to.deep.equal(before.slice(2000, 4000));
  });

  const batchTable: Array<{ header?: string; limit?: number; sizes: number[] }> = [
    { header: 'batchSize=500', sizes: [500, 500, 500, 500, 500, 500, 500, 500, 500] },
    { header: 'batchSize=1500', sizes: [1500, 1500, 1500] },
    { header: 'batchSize=50', sizes: Array.from({ length: 23 }, (_, i) => (i < 22 ? 200 : 100)) },
    { header: 'batchSize=9000', sizes: [2000, 2000, 500] },
    { header: 'batchSize=many', sizes: [2000, 2000, 500] },
    { limit: 1700, sizes: [1700, 1700, 1100] },
  ];
  for (const { header, limit, sizes } of batchTable) {
    it(`answers batches of ${sizes.slice(0, 2).join(', ')}… ${header ? `for Sforce-Query-Options: ${header}` : `when the org answers at most ${limit} rows`}`, async () => {
      if (limit) emulator.state.queryBatchLimit = limit;
      const pages = await allPages(queryPath(TOKENS), header ? { 'Sforce-Query-Options': header } : {});
      expect(pages.map((p) => p.records.length)).to.deep.equal(sizes);
      expect(pages.flatMap((p) => p.records.map((r) => r.Id))).to.deep.equal(allIds());
    });
  }

  it('reads a batch size from the Sforce-Query-Options header within 200..2,000', () => {
    const table: Array<[string | undefined, number]> = [
      [undefined, 2000],
      ['batchSize=1000', 1000],
      ['batchSize = 300', 300],
      ['BATCHSIZE=250', 250],
      ['batchSize=199', 200],
      ['batchSize=2001', 2000],
      ['batchSize=', 2000],
      ['nope', 2000],
    ];
    expect(table.map(([header]) => requestedBatchSize(header))).to.deep.equal(table.map(([, size]) => size));
  });

  const oneBatch: Array<[string, number]> = [
    [`${TOKENS} LIMIT 1500`, 1500],
    [`${TOKENS} LIMIT 2000`, 2000],
    ['SELECT COUNT() FROM OauthToken', ROWS],
    [`${TOKENS} WHERE AppName = 'App 3'`, 643],
  ];
  for (const [soql, total] of oneBatch) {
    it(`answers in one batch what fits one: ${soql}`, async () => {
      const answer = (await get(queryPath(soql))).body as Page;
      expect(answer).to.include({ totalSize: total, done: true });
      expect(answer).to.not.have.property('nextRecordsUrl');
      expect(emulator.state.queryCursors.size).to.equal(0);
    });
  }

  it('pages a LIMIT above the batch up to the limit', async () => {
    const pages = await allPages(queryPath(`${TOKENS} LIMIT 2500`));
    expect(pages.map((p) => [p.totalSize, p.records.length])).to.deep.equal([
      [2500, 2000],
      [2500, 500],
    ]);
  });

  it('pages queryAll too; its locator reads under query and queryAll alike', async () => {
    const first = (await get(queryPath(TOKENS, 'queryAll'))).body as Page;
    expect(first.nextRecordsUrl).to.match(LOCATOR_URL);
    const viaQuery = (await get(first.nextRecordsUrl!)).body as Page;
    const viaQueryAll = (await get(first.nextRecordsUrl!.replace('/query/', '/queryAll/'))).body as Page;
    expect(viaQueryAll).to.deep.equal(viaQuery);
    expect(viaQuery.records.map((r) => r.Id)).to.deep.equal(allIds().slice(2000, 4000));
  });

  it('answers a locator again (a retry after a lost answer gets the same batch)', async () => {
    const first = (await get(queryPath(TOKENS))).body as Page;
    const once = await get(first.nextRecordsUrl!);
    const twice = await get(first.nextRecordsUrl!);
    expect(twice).to.deep.equal(once);
  });

  it('refuses an unknown, malformed, exhausted, foreign or expired locator with 400 INVALID_QUERY_LOCATOR', async () => {
    const first = (await get(queryPath(TOKENS))).body as Page;
    const next = first.nextRecordsUrl!;
    const id = /01g[0-9A-Za-z]{15}/.exec(next)![0];
    const other = emulator.openSession(STANDARD_USERNAME).token;
    const invalid = { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
    for (const [what, path, as] of [
      ['unknown', next.replace(id, `01g${'Z'.repeat(15)}`), token],
      ['malformed', '/services/data/v66.0/query/nope', token],
      ['without a position', next.replace(/-\d+$/, ''), token],
      ['past the last row', next.replace(/-\d+$/, `-${ROWS}`), token],
      ["another user's", next, other],
    ] as const)
      expect(await get(path, { as }), what).to.deep.equal(invalid);
    expect((await get(next, { as: 'nope' })).status).to.equal(401);
    emulator.state.queryCursors.get(id)!.expiresAt = new Date(Date.now() - 1);
    expect(await get(next)).to.deep.equal(invalid);
    expect(emulator.state.queryCursors.has(id)).to.equal(false);
  });

  it('keeps a cursor two days, and drops expired cursors when a new one opens', async () => {
    const start = Date.now();
    await get(queryPath(TOKENS));
    const [cursor] = [...emulator.state.queryCursors.values()];
    expect(cursor.expiresAt.getTime() - start).to.be.within(CURSOR_LIFETIME_MS - 1000, CURSOR_LIFETIME_MS + 1000);
    cursor.expiresAt = new Date(start - 1);
    await get(queryPath(TOKENS));
    expect([...emulator.state.queryCursors.keys()]).to.not.include(cursor.id);
    expect(emulator.state.queryCursors.size).to.equal(1);
  });

  it('pages a Composite query subresponse the same way: its body carries nextRecordsUrl, read with GET', async () => {
    const response = await fetch(`${emulator.url}/services/data/v66.0/composite`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [
          { method: 'GET', url: queryPath(TOKENS), referenceId: 'tokens' },
          {
            method: 'GET',
            url: queryPath(TOKENS),
            referenceId: 'small',
            httpHeaders: { 'Sforce-Query-Options': 'batchSize=1000' },
          },
          { method: 'GET', url: queryPath('SELECT Id FROM User'), referenceId: 'users' },
        ],
      }),
    });
    const [tokens, small, users] = ((await response.json()) as Composite).compositeResponse;
    const page = tokens.body as Page;
    expect([tokens.httpStatusCode, page.totalSize, page.done, page.records.length]).to.deep.equal([
      200,
      ROWS,
      false,
      2000,
    ]);
    expect((small.body as Page).records).to.have.length(1000);
    expect(users.body).to.include({ done: true, totalSize: 4 });
    const rest = (await get(page.nextRecordsUrl!)).body as Page;
    expect(rest.records.map((r) => r.Id)).to.deep.equal(allIds().slice(2000, 4000));
  });

  it('serves `sf data query` (autoFetch follows the locators) and leaves a plain jsforce query at its first batch', async () => {
    const connection = await connectTo(emulator);
    const start = emulator.requests.length;
    const all = await connection.autoFetchQuery(TOKENS);
    expect([all.totalSize, all.done, all.records.length]).to.deep.equal([ROWS, true, ROWS]);
    expect(all.records.map((r) => (r as { Id?: string }).Id)).to.deep.equal(allIds());
    const paths = emulator.requests.slice(start).map((r) => r.path.replace(/01g\w{15}/, '01g…'));
    expect(paths).to.deep.equal([
      '/services/data/v66.0/query',
      '/services/data/v66.0/query/01g…-2000',
      '/services/data/v66.0/query/01g…-4000',
    ]);
    const plain = await connection.query<{ Id: string }>(TOKENS);
    expect([plain.totalSize, plain.done, plain.records.length]).to.deep.equal([ROWS, false, 2000]);
    expect(plain.nextRecordsUrl).to.match(/\/services\/data\/v66\.0\/query\/01g\w{15}-2000$/);
  });
});
