/*
 * The org a command talks to: the name the user knows it by, SOQL through its connection (the queries of one turn
 * batched into Composite requests, see ./soqlBatch.ts), and the session errors that mean "log in again".
 */
import { type Connection, type Org, StateAggregator } from '@salesforce/core';
import { Messages } from '../messages.js';
import { oneLine } from '../model/networkText.js';
import type { SoqlRunner } from './preflight.js';
import { batchedSoqlRunner } from './soqlBatch.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'org');

/** The alias the user knows the org by (for the commands we print), else its username. */
export async function aliasOf(org: Org): Promise<string> {
  const username = org.getUsername() ?? '';
  return (await StateAggregator.getInstance()).aliases.get(username) ?? username;
}

/** SOQL through the authenticated connection, every page of an answer the org cuts into pages (./soqlBatch.ts). */
export function soqlRunnerFor(connection: Connection): SoqlRunner {
  return batchedSoqlRunner({
    version: connection.version,
    query: async <T>(soql: string) => {
      const { records, done, totalSize, nextRecordsUrl } = await connection.query(soql);
      return { records: records as unknown as T[], done, totalSize, nextRecordsUrl };
    },
    request: <T>(request: { method: 'GET' | 'POST'; url: string; body?: string; headers?: Record<string, string> }) =>
      connection.request<T>(request),
  });
}

const SESSION_PROBLEMS = /INVALID_SESSION_ID|Session expired or invalid|expired access\/refresh token|invalid_grant/i;

/** Errors the plugin raises itself: never reinterpreted, whatever their text quotes. */
const OWN_ERRORS = new Set(['PreflightFailedError', 'DeployFailedError', 'ValidationFailedError']);

/** An org error that means "log in again" becomes an error saying so; anything else passes through unchanged. */
export function translateOrgError(error: unknown, org: string): unknown {
  if (!(error instanceof Error) || OWN_ERRORS.has(error.name)) return error;
  const code = 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : '';
  const text = `${error.name} ${code} ${error.message}`;
  if (!SESSION_PROBLEMS.test(text)) return error;
  return messages.createError('error.SessionExpired', [org, oneLine(error.message)], [org], error);
}
