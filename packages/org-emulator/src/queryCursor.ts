/*
 * Query paging as the REST query resource does it (docs/salesforce-facts.md §10.6–§10.9): an answer holds at most one
 * batch of records (2,000 by default; `Sforce-Query-Options: batchSize=N` asks for 200 to 2,000, and the org may
 * answer fewer); when more rows match, `done` is false and `nextRecordsUrl` (`/services/data/vNN.N/query/01g…-2000`,
 * the locator's id and the position of the next row) gives the next batch, `totalSize` always counting every row.
 * The cursor keeps the rows as they were when the query ran; it belongs to the user who ran it and lasts two days.
 * An unknown, expired, foreign or exhausted locator answers 400 INVALID_QUERY_LOCATOR.
 */
import { type Reply, json, restError } from './http.js';
import { IdFactory } from './ids.js';
import { type QueryResult } from './soql.js';
import { type Row } from './soqlObjects.js';
import { type OrgState } from './state.js';

/** The batch the query resource answers unless asked otherwise, and the bounds of what it can be asked for. */
export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;
/** How long a cursor and its rows stay available after the query ran. */
export const CURSOR_LIFETIME_MS = 2 * 24 * 3_600_000;

/** A server-side cursor: the rows of one query, taken when it ran. */
export type QueryCursor = {
  id: string;
  userId: string;
  records: Row[];
  /** The batch asked for when the query ran; a later request may ask for another. */
  batchSize: number;
  expiresAt: Date;
};

/** One answer of the query resource, a batch of the rows. */
export type QueryPage = QueryResult & { nextRecordsUrl?: string };

const cursorIds = new IdFactory('5g0001');

/**
 * The batch a request asks for in its `Sforce-Query-Options` header (`batchSize=N`), kept within 200..2,000; the
 * default without one (or with one the org cannot read).
 */
export function requestedBatchSize(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /(?:^|[,;\s])batchSize\s*=\s*(\d+)/i.exec(value ?? '');
  if (!match) return DEFAULT_BATCH_SIZE;
  return Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
}

/** The batch the org answers: what was asked for, or less when the org chooses so (`state.queryBatchLimit`). */
const answeredBatch = (state: OrgState, asked: number): number => Math.max(1, Math.min(asked, state.queryBatchLimit));

const locatorUrl = (version: string, id: string, position: number): string =>
  `/services/data/${version}/query/${id}-${position}`;

function pageFrom(cursor: QueryCursor, position: number, batch: number, version: string): QueryPage {
  const records = cursor.records.slice(position, position + batch);
  const next = position + records.length;
  const done = next >= cursor.records.length;
  return {
    totalSize: cursor.records.length,
    done,
    ...(done ? {} : { nextRecordsUrl: locatorUrl(version, cursor.id, next) }),
    records,
  };
}

function dropExpired(state: OrgState, now: number): void {
  for (const [id, cursor] of state.queryCursors) if (cursor.expiresAt.getTime() <= now) state.queryCursors.delete(id);
}

/**
 * The first answer to a query: all of it when it fits one batch (a COUNT() query always does), else its first
 * batch and a cursor that holds the rest.
 */
export function firstPage(
  state: OrgState,
  result: QueryResult,
  options: { version: string; userId: string; batchSize: number },
): QueryPage {
  const batch = answeredBatch(state, options.batchSize);
  if (result.records.length <= batch) return result;
  const now = Date.now();
  dropExpired(state, now);
  const cursor: QueryCursor = {
    id: cursorIds.next('01g'),
    userId: options.userId,
    records: result.records,
    batchSize: options.batchSize,
    expiresAt: new Date(now + CURSOR_LIFETIME_MS),
  };
  state.queryCursors.set(cursor.id, cursor);
  return pageFrom(cursor, 0, batch, options.version);
}

const LOCATOR = /^(01g[0-9A-Za-z]{15})-(\d+)$/;

/** `GET /services/data/vNN.N/query/<locator>` (or queryAll): the batch from the locator's position on. */
export function nextPage(
  state: OrgState,
  locator: string,
  options: { version: string; userId: string; batchSize?: number },
): Reply {
  const invalid = restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  const match = LOCATOR.exec(decodeURIComponent(locator));
  if (!match) return invalid;
  const cursor = state.queryCursors.get(match[1]);
  const position = Number(match[2]);
  if (!cursor || cursor.userId !== options.userId) return invalid;
  if (cursor.expiresAt.getTime() <= Date.now()) {
    state.queryCursors.delete(cursor.id);
    return invalid;
  }
  if (position >= cursor.records.length) return invalid;
  const batch = answeredBatch(state, options.batchSize ?? cursor.batchSize);
  return json(200, pageFrom(cursor, position, batch, options.version));
}
