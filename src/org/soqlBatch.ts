/*
 * The pre-flight's queries in as few requests as the org allows. Queries asked in the same turn of the event loop
 * go together in one Composite request (`POST /services/data/vNN.0/composite`: up to 25 subrequests, of which at
 * most 5 queries, REST API Developer Guide, "Send Multiple Requests Using Composite"), each answered on its own;
 * a lone query goes as a plain query. The whole batch counts as one call against the org's API limits. Queries only
 * read, so a request that fails on the network or with a 5xx answer is sent again, twice at most, after a short pause.
 * An answer the org cuts into pages (`done` false: more rows than its batch, 2,000 by default) is read to its end, a
 * Composite subresponse's as a lone query's: each next page with one GET on the `nextRecordsUrl` of the one before
 * (REST API Developer Guide, "Execute a SOQL Query"; docs/salesforce-facts.md §10.6), with the same retries. A page
 * that cannot be read fails the whole query: its caller reports what it could not check, never a part as the whole.
 */
import { Messages } from '../messages.js';
import { oneLine } from '../model/networkText.js';
import { classifyOrgError, isTransient } from './orgFailure.js';
import type { SoqlRunner } from './preflight.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'org');

/** The pauses before each new try of a request that failed on the network or with a 5xx answer. */
export const QUERY_RETRY_DELAYS_MS: readonly number[] = [500, 1500];

async function withRetries<T>(send: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= delaysMs.length || !isTransient(classifyOrgError(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}

/** Queries one Composite request may carry. */
export const COMPOSITE_MAX_QUERIES = 5;

/** One answer of the query resource: a page of the rows, and the url of the next page while `done` is false. */
export type QueryPage = { records?: unknown[]; done?: boolean; totalSize?: number; nextRecordsUrl?: string | null };

/**
 * What the runner needs of a Connection (jsforce resolves a url starting with `/` under /services/data/vNN.0, and one
 * starting with `/services/` or the instance url as it is). Its `query` does not follow `nextRecordsUrl` (jsforce's
 * autoFetch is off by default): the runner reads the next pages itself with `request`.
 */
export type QueryConnection = {
  version: string;
  query<T>(soql: string): Promise<{ records: T[]; done?: boolean; totalSize?: number; nextRecordsUrl?: string }>;
  request<T>(request: {
    method: 'GET' | 'POST';
    url: string;
    body?: string;
    headers?: Record<string, string>;
  }): Promise<T>;
};

type Subresponse = { body: unknown; httpStatusCode: number; referenceId: string };
type Pending = { soql: string; resolve: (records: unknown[]) => void; reject: (error: unknown) => void };

/** A REST API error as jsforce raises it: named after the errorCode, which it also carries. */
function apiError(body: unknown, status: number): Error {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  const errorCode = first?.errorCode ?? `HTTP_${status}`;
  return Object.assign(new Error(first?.message ?? `The org answered HTTP ${status}`), { name: errorCode, errorCode });
}

/** How a failure reads in a message: the org's errorCode and message, on one line. */
function describe(error: Error): string {
  const code = (error as { errorCode?: unknown }).errorCode;
  return oneLine(
    typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message,
  );
}

/**
 * Every record of a query answer: the first page's, then each next page's, read with GET on the `nextRecordsUrl` of
 * the page before (one request a page, retried as any query). A page the org refuses (an invalid or expired locator,
 * say) or an answer that says there is more without saying where fails the query as QueryPaged; a network, 5xx or
 * session failure past the retries fails it as it is, so that it is told apart as such.
 */
async function wholeRecords(
  connection: QueryConnection,
  first: QueryPage,
  retryDelaysMs: readonly number[],
): Promise<unknown[]> {
  const records = [...(first.records ?? [])];
  const asked = new Set<string>();
  const failed = (reason: string, cause?: Error): Error =>
    messages.createError(
      'error.QueryPaged',
      [String(records.length), String(first.totalSize ?? '?'), reason],
      [],
      cause,
    );
  let page = first;
  while (page.done === false) {
    const url = page.nextRecordsUrl;
    if (!url || asked.has(url)) throw failed(messages.getMessage('detail.noNextPage'));
    asked.add(url);
    try {
      page = await withRetries(() => connection.request<QueryPage>({ method: 'GET', url }), retryDelaysMs);
    } catch (error) {
      if (error instanceof Error && classifyOrgError(error).kind === 'other') throw failed(describe(error), error);
      throw error;
    }
    records.push(...(page.records ?? []));
  }
  return records;
}

/** The first page of a query subresponse, or the error it carries. */
export function pageOf(response: Subresponse | undefined): QueryPage {
  if (!response) throw new Error('The org left a query of the Composite request unanswered');
  if (response.httpStatusCode >= 400) throw apiError(response.body, response.httpStatusCode);
  return (response.body ?? {}) as QueryPage;
}

/** The Composite request body for a batch of queries: `q0`, `q1`… in order, none depending on another. */
export function compositeQueries(version: string, soqls: readonly string[]): string {
  return JSON.stringify({
    allOrNone: false,
    compositeRequest: soqls.map((soql, index) => ({
      method: 'GET',
      url: `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`,
      referenceId: `q${index}`,
    })),
  });
}

export function batchedSoqlRunner(
  connection: QueryConnection,
  retryDelaysMs: readonly number[] = QUERY_RETRY_DELAYS_MS,
): SoqlRunner {
  let pending: Pending[] = [];

  const send = async (batch: Pending[]): Promise<void> => {
    if (batch.length === 1) {
      const [only] = batch;
      try {
        const first = await withRetries(() => connection.query<unknown>(only.soql), retryDelaysMs);
        only.resolve(await wholeRecords(connection, first, retryDelaysMs));
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    let answer: { compositeResponse?: Subresponse[] };
    try {
      const body = compositeQueries(
        connection.version,
        batch.map((item) => item.soql),
      );
      answer = await withRetries(
        () =>
          connection.request<{ compositeResponse?: Subresponse[] }>({
            method: 'POST',
            url: '/composite',
            body,
            headers: { 'content-type': 'application/json' },
          }),
        retryDelaysMs,
      );
    } catch (error) {
      batch.forEach((item) => item.reject(error));
      return;
    }
    const byReference = new Map((answer.compositeResponse ?? []).map((response) => [response.referenceId, response]));
    await Promise.all(
      batch.map(async (item, index) => {
        try {
          item.resolve(await wholeRecords(connection, pageOf(byReference.get(`q${index}`)), retryDelaysMs));
        } catch (error) {
          item.reject(error);
        }
      }),
    );
  };

  const flush = (): void => {
    const all = pending;
    pending = [];
    for (let start = 0; start < all.length; start += COMPOSITE_MAX_QUERIES)
      void send(all.slice(start, start + COMPOSITE_MAX_QUERIES));
  };

  return <T>(soql: string): Promise<T[]> =>
    new Promise<T[]>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ soql, resolve: resolve as (records: unknown[]) => void, reject });
    });
}
