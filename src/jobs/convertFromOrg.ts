/*
 * `sf eca convert --target-org`: the Connected Apps come from the org. One listMetadata call names them (only when
 * --all asks for every one), one retrieve brings their files in metadata format (`connectedApps/X.connectedApp`),
 * and one SOQL query of OauthToken gives their OAuth usage (users and last use per app, by label: the clients that
 * must be reconfigured, docs/salesforce-facts.md §9). The number of requests does not grow with the number of apps.
 */
import type { Connection } from '@salesforce/core';
import { type SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import { EXIT_INTERRUPTED } from '../model/exitCodes.js';
import { listComponents } from '../org/listMetadata.js';
import { retrieveComponents, type RetrievedFile } from '../org/retrieveApps.js';
import { oauthTokensQuery } from '../org/soql.js';
import { soqlRunnerFor } from '../org/connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'convert');

export type ConnectedAppUsage = { name: string; label: string; users: number; lastUsed?: string };

export type RetrievedConnectedApps = {
  files: RetrievedFile[];
  /** Undefined when the org refused the query (`usageError` says why). */
  usage?: ConnectedAppUsage[];
  usageError?: string;
};

function interruptedRetrieve(): SfError {
  const error = messages.createError('error.interruptedRetrieve');
  error.exitCode = EXIT_INTERRUPTED;
  return error;
}

type TokenRow = { AppName?: string; UserId?: string; LastUsedDate?: string };

export async function retrieveConnectedApps(
  connection: Connection,
  options: { names?: readonly string[]; all?: boolean; apiVersion: string; signal?: AbortSignal },
): Promise<RetrievedConnectedApps> {
  let names = [...(options.names ?? [])];
  if (options.all) {
    const listed = await listComponents(connection, ['ConnectedApp'], options.apiVersion);
    names = listed.filter((item) => item.type === 'ConnectedApp').map((item) => item.fullName);
  }
  if (names.length === 0) throw messages.createError('error.noneInOrg', [connection.getUsername() ?? '']);
  let files: RetrievedFile[];
  try {
    files = await retrieveComponents(connection, new Map([['ConnectedApp', names]]), {
      apiVersion: options.apiVersion,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw interruptedRetrieve();
    throw messages.createError('error.retrieveFailed', [error instanceof Error ? error.message : String(error)]);
  }
  files = files.filter((file) => file.path.startsWith('connectedApps/'));
  const missing = names.filter(
    (name) => !files.some((file) => file.path.toLowerCase() === `connectedapps/${name.toLowerCase()}.connectedapp`),
  );
  if (missing.length > 0)
    throw messages.createError('error.notInOrg', [missing.join(', '), connection.getUsername() ?? '']);
  const labels = files.map((file) => ({
    name: file.path.replace(/^connectedApps\//, '').replace(/\.connectedApp$/, ''),
    label: /<label>([^<]*)<\/label>/.exec(file.xml)?.[1]?.trim() ?? '',
  }));
  let rows: TokenRow[];
  try {
    rows = await soqlRunnerFor(connection)<TokenRow>(oauthTokensQuery());
  } catch (error) {
    return { files, usageError: error instanceof Error ? error.message : String(error) };
  }
  const usage = labels.map(({ name, label }) => {
    const mine = rows.filter((row) => (row.AppName ?? '').toLowerCase() === label.toLowerCase() && label !== '');
    const lastUsed = mine
      .map((row) => row.LastUsedDate ?? '')
      .sort()
      .at(-1);
    return { name, label, users: new Set(mine.map((row) => row.UserId)).size, ...(lastUsed ? { lastUsed } : {}) };
  });
  return { files, usage };
}
