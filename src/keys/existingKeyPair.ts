/*
 * A key pair `--generate-certificate` wrote before: kept (its certificate goes into the app again) unless
 * `--new-key` asks for a new one. Replacing it keeps the old key and certificate beside the new ones as backups
 * (the key 0600): anything that still signs with the old key (a CI job) breaks at the next deploy, and the backup
 * is how to get it back. A pair that is half there, or whose key does not match its certificate, is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Messages } from '../messages.js';
import { nodeCrypto } from '../model/nodeCrypto.js';
import type { KeyFile, KeyPaths } from './keyFiles.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'keys');

export type ExistingKeyPair = { privateKeyPem: string; certificatePem: string };

/** The pair at these paths; undefined when neither file is there; an error naming the fix when it cannot be kept. */
export function readExistingKeyPair(paths: KeyPaths): ExistingKeyPair | undefined {
  const hasKey = existsSync(paths.keyPath);
  const hasCertificate = existsSync(paths.certificatePath);
  if (!hasKey && !hasCertificate) return undefined;
  if (!hasKey || !hasCertificate) {
    const [present, missing] = hasKey ? [paths.keyPath, paths.certificatePath] : [paths.certificatePath, paths.keyPath];
    throw messages.createError('error.halfKeyPair', [present, missing]);
  }
  const privateKeyPem = readFileSync(paths.keyPath, 'utf8');
  const certificatePem = readFileSync(paths.certificatePath, 'utf8');
  let matches: boolean;
  try {
    const { createPrivateKey, X509Certificate } = nodeCrypto();
    matches = new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch (error) {
    throw messages.createError('error.keyPairUnreadable', [
      paths.keyPath,
      paths.certificatePath,
      error instanceof Error ? error.message : String(error),
    ]);
  }
  if (!matches) throw messages.createError('error.keyPairMismatch', [paths.keyPath, paths.certificatePath]);
  return { privateKeyPem, certificatePem: certificatePem.trim() };
}

/** Backups of the files being replaced, beside them: `<name>.key.<time>.bak` and `<name>.crt.<time>.bak`, 0600. */
export function backupFiles(paths: KeyPaths, now: Date = new Date()): KeyFile[] {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return [paths.keyPath, paths.certificatePath]
    .filter((path) => existsSync(path))
    .map((path) => ({ path: `${path}.${stamp}.bak`, content: readFileSync(path, 'utf8'), mode: 0o600 }));
}
