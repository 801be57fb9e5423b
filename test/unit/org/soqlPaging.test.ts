/*
 * The plugin's SOQL runner (src/org/soqlBatch.ts through src/org/connection.ts) against the org emulator's query
 * paging, through a real @salesforce/core Connection: every page of a lone query and of a Composite subresponse is
 * read with one GET on its nextRecordsUrl, a page that fails on the way is asked for again, and a page the org
 * refuses fails the query.
 */
import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, INTEGRATION_USERNAME, addOauthToken, connectTo, startEmulator } from '@plugin-eca/org-emulator';
import { soqlRunnerFor } from '../../../src/org/connection.js';
import { oauthTokensQuery } from '../../../src/org/soql.js';
import { expectRejection } from '../../helpers/expectError.js';

const ROWS = 4100;
const LOCATOR = /^\/services\/data\/v66\.0\/query\/01g\w{15}-\d+$/;

describe('plugin against the emulator: queries the org answers in pages', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let connection: Connection;

  beforeEach(async () => {
    emulator = await startEmulator();
    for (let i = 0; i < ROWS; i++) addOauthToken(emulator.state, `App ${i % 5}`, INTEGRATION_USERNAME, i % 40);
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  const sentSince = (start: number): string[] =>
    emulator.requests.slice(start).map((r) => `${r.method} ${LOCATOR.test(r.path) ? 'locator' : r.path}`);

  it('reads every row of a lone query: the query, then one GET a further 2,000 rows', async () => {
    const start = emulator.requests.length;
    const rows = await soqlRunnerFor(connection)<{ AppName: string }>(oauthTokensQuery());
    expect(rows).to.have.length(ROWS);
    expect(rows.filter((r) => r.AppName === 'App 4')).to.have.length(ROWS / 5);
    expect(sentSince(start)).to.deep.equal(['GET /services/data/v66.0/query', 'GET locator', 'GET locator']);
  });

  it('reads every row of a Composite subresponse, the other queries of the batch answered beside it', async () => {
    const start = emulator.requests.length;
    const query = soqlRunnerFor(connection);
    const [tokens, users] = await Promise.all([query(oauthTokensQuery()), query('SELECT Id FROM User')]);
    expect([tokens.length, users.length]).to.deep.equal([ROWS, 4]);
    expect(sentSince(start)).to.deep.equal(['POST /services/data/v66.0/composite', 'GET locator', 'GET locator']);
  });

  it('asks again for a page the org failed (503), and fails the query with a page it refuses', async () => {
    emulator.faults.failNext(/\/query\/01g/, 1, 503, 1, 'html');
    const start = emulator.requests.length;
    expect(await soqlRunnerFor(connection)(oauthTokensQuery())).to.have.length(ROWS);
    expect(sentSince(start)).to.deep.equal([
      'GET /services/data/v66.0/query',
      'GET locator',
      'GET locator',
      'GET locator',
    ]);
    // The cursor expires while its second page is on the way (the org holds the request a moment).
    emulator.faults.delayNext(/\/query\/01g/, 300);
    const asked = emulator.requests.length;
    const pending = soqlRunnerFor(connection)(oauthTokensQuery());
    while (!emulator.requests.slice(asked).some((r) => LOCATOR.test(r.path)))
      await new Promise((resolve) => setTimeout(resolve, 1));
    for (const cursor of emulator.state.queryCursors.values()) cursor.expiresAt = new Date(0);
    const error = await expectRejection(pending);
    expect(error.name).to.equal('QueryPagedError');
    expect(error.message).to.contain(`the page after its first 2000 of ${ROWS} rows could not be read`);
    expect(error.message).to.contain('INVALID_QUERY_LOCATOR: invalid query locator');
  });
});
