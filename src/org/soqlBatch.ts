/*
 * The pre-flight's queries in as few requests as the org allows. Queries asked in the same turn of the event loop
 * go together in one Composite request (`POST /services/data/vNN.0/composite`: up to 25 subrequests, of which at
 * most 5 queries, REST API Developer Guide, "Send Multiple Requests Using Composite"), each answered on its own;
 * a lone query goes as a plain query. The whole batch counts as one call against the org's API limits. Queries only
 * read, so a request that fails on the network or with a 5xx answer is sent again, twice at most, after a short pause.
 */
import { Messages } from '../messages.js';
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

/** What the runner needs of a Connection (jsforce resolves a url starting with `/` under /services/data/vNN.0). */
export type QueryConnection = {
  version: string;
  query<T>(soql: string): Promise<{ records: T[]; done?: boolean; totalSize?: number }>;
  request<T>(request: { method: 'POST'; url: string; body: string; headers: Record<string, string> }): Promise<T>;
};

type Subresponse = { body: unknown; httpStatusCode: number; referenceId: string };
type Pending = { soql: string; resolve: (records: unknown[]) => void; reject: (error: unknown) => void };

/** A REST API error as jsforce raises it: named after the errorCode, which it also carries. */
function apiError(body: unknown, status: number): Error {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  const errorCode = first?.errorCode ?? `HTTP_${status}`;
  return Object.assign(new Error(first?.message ?? `The org answered HTTP ${status}`), { name: errorCode, errorCode });
}

/**
 * The records of a whole query answer. An answer the org cut into pages (`done` false: more than its batch of rows,
 * 2,000 by default) is refused rather than read in part: a caller judging the rows must not judge a part as the
 * whole, so it reports what it could not check instead.
 */
function wholeRecords(answer: { records?: unknown[]; done?: boolean; totalSize?: number }): unknown[] {
  const records = answer.records ?? [];
  if (answer.done === false) {
    throw messages.createError('error.QueryPaged', [String(records.length), String(answer.totalSize ?? '?')]);
  }
  return records;
}

/** The records of a query subresponse, or the error it carries. */
export function recordsOf(response: Subresponse | undefined): unknown[] {
  if (!response) throw new Error('The org left a query of the Composite request unanswered');
  if (response.httpStatusCode >= 400) throw apiError(response.body, response.httpStatusCode);
  return wholeRecords((response.body ?? {}) as { records?: unknown[]; done?: boolean; totalSize?: number });
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
      await withRetries(() => connection.query<unknown>(only.soql), retryDelaysMs).then((result) => {
        try {
          only.resolve(wholeRecords(result));
        } catch (error) {
          only.reject(error);
        }
      }, only.reject);
      return;
    }
    try {
      const body = compositeQueries(
        connection.version,
        batch.map((item) => item.soql),
      );
      const answer = await withRetries(
        () =>
          connection.request<{ compositeResponse?: Subresponse[] }>({
            method: 'POST',
            url: '/composite',
            body,
            headers: { 'content-type': 'application/json' },
          }),
        retryDelaysMs,
      );
      const byReference = new Map((answer.compositeResponse ?? []).map((response) => [response.referenceId, response]));
      batch.forEach((item, index) => {
        try {
          item.resolve(recordsOf(byReference.get(`q${index}`)));
        } catch (error) {
          item.reject(error);
        }
      });
    } catch (error) {
      batch.forEach((item) => item.reject(error));
    }
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
