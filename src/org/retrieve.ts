/*
 * What the org holds that a redeploy would clear. A redeploy resets every field the file leaves out
 * (docs/salesforce-facts.md §8.17): a Global OAuth settings file without `<certificate>` clears the certificate of an
 * existing app, and the JWT bearer flow then fails. So before redeploying such a file, read the org's copy of that
 * one component: a single Metadata API readMetadata call (no zip, no polling), only for an app that already exists
 * and only when the local file has no certificate. An org that refuses the read is not a reason to stop: the caller
 * says the check was skipped.
 */
import { componentNameOf, ecaType } from '../metadata/types.js';
import type { SourceFile } from './stagingFolder.js';

const GLOBAL = ecaType('globalOauthSettings');

export type CertificateCheck =
  /** Nothing to check: a new app, or the local file has a certificate, or there is no Global file. */
  | { status: 'not-needed' }
  /** The org's app has no certificate either. */
  | { status: 'none-in-org'; component: string }
  /** The org's app has a certificate that the local file lacks: the deploy would clear it. */
  | { status: 'would-clear'; component: string; path: string }
  /** The org refused the read; the reason as it said it. */
  | { status: 'skipped'; component: string; reason: string };

/** The Global OAuth settings file of the app, with its component name, when it has no certificate. */
export function globalFileWithoutCertificate(
  files: readonly SourceFile[],
): { file: SourceFile; component: string } | undefined {
  const file = files.find((item) => item.type === GLOBAL.name);
  if (!file || file.fields.certificate?.trim()) return undefined;
  const component = componentNameOf(GLOBAL, file.path.split(/[\\/]/).pop() ?? '');
  return component ? { file, component } : undefined;
}

/** What one readMetadata answer says about the certificate. */
const certificateOf = (record: unknown): string | undefined => {
  const first: unknown = Array.isArray(record) ? record[0] : record;
  const value = first && typeof first === 'object' ? (first as Record<string, unknown>).certificate : undefined;
  return typeof value === 'string' && value.trim() ? value : undefined;
};

/** Read the org's Global OAuth settings of an existing app once, when the local file has no certificate. */
/** What the check needs of a Connection: readMetadata (jsforce's types don't list the ECA types). */
export type MetadataReader = { metadata: { read(type: string, fullName: string): Promise<unknown> } };

export async function checkCertificateRemoval(
  connection: MetadataReader,
  files: readonly SourceFile[],
  existing: boolean,
  /** Why the read can't be made (a JWT-format session, which the SOAP API refuses, §6.5): skipped without a request. */
  unreadable?: string,
): Promise<CertificateCheck> {
  const local = existing ? globalFileWithoutCertificate(files) : undefined;
  if (!local) return { status: 'not-needed' };
  if (unreadable) return { status: 'skipped', component: local.component, reason: unreadable };
  let record: unknown;
  try {
    record = await connection.metadata.read(GLOBAL.name, local.component);
  } catch (error) {
    return {
      status: 'skipped',
      component: local.component,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  return certificateOf(record)
    ? { status: 'would-clear', component: local.component, path: local.file.path }
    : { status: 'none-in-org', component: local.component };
}
