/*
 * One Metadata API retrieve of named components (up to 10,000 per retrieve: Metadata API Developer Guide, retrieve()),
 * polled with checkRetrieveStatus until done (read as text, ./retrieveStatus.ts), its zip read in memory (./zipEntries.ts):
 * the files in metadata format (`externalClientApps/X.eca`), whatever the number of apps. A failed retrieve is an error
 * with the org's reason.
 */
import { checkRetrieveStatus, type SoapTextConnection } from './retrieveStatus.js';
import { zipEntries } from './zipEntries.js';

export const RETRIEVE_MAX_COMPONENTS = 10_000;

export type RetrievedFile = { path: string; xml: string };

/** What a retrieve needs of a Connection: jsforce's Metadata API calls, and a request for the finished answer's text. */
export type MetadataRetriever = SoapTextConnection & {
  metadata: {
    retrieve(request: Record<string, unknown>): PromiseLike<{ id?: string }>;
    checkRetrieveStatus(id: string): Promise<unknown>;
  };
};

const isTrue = (value: unknown): boolean => value === true || value === 'true';

export class RetrieveFailedError extends Error {}

/** Retrieve the members of each type; returns every file of the zip but package.xml. */
export async function retrieveComponents(
  connection: MetadataRetriever,
  members: ReadonlyMap<string, readonly string[]>,
  options: { apiVersion: string; pollMs?: number; signal?: AbortSignal },
): Promise<RetrievedFile[]> {
  const types = [...members.entries()]
    .filter(([, names]) => names.length > 0)
    .map(([name, names]) => ({ name, members: [...names] }));
  if (types.length === 0) return [];
  const started = await connection.metadata.retrieve({
    apiVersion: options.apiVersion,
    singlePackage: true,
    unpackaged: { types, version: options.apiVersion },
  });
  const id = started.id ?? '';
  let delay = options.pollMs ?? 250;
  for (;;) {
    options.signal?.throwIfAborted();
    const status = await checkRetrieveStatus(connection, (job) => connection.metadata.checkRetrieveStatus(job), id);
    if (isTrue(status.done)) {
      if (status.status !== 'Succeeded' && !isTrue(status.success)) {
        throw new RetrieveFailedError(status.errorMessage ?? status.errorStatusCode ?? status.status ?? 'Failed');
      }
      return status.zipFile ? filesOf(Buffer.from(status.zipFile, 'base64')) : [];
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

function filesOf(zip: Buffer): RetrievedFile[] {
  return zipEntries(zip)
    .filter((entry) => !/(^|\/)package\.xml$/.test(entry.path))
    .map((entry) => ({ path: entry.path, xml: entry.data.toString('utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
