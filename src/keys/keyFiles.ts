/*
 * Where a generated key and certificate live: `<projectRoot>/.eca-keys/<ApiName>/<ApiName>.key|.crt`, outside
 * every package directory (so no deploy ever picks them up) and out of git: the folder gets a `.gitignore` with
 * `*`, and `git check-ignore` confirms it when the project is a repository. The key file is written 0600.
 */
import { spawnSync } from 'node:child_process';
import { join, relative, sep } from 'node:path';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'keys');

export const KEYS_FOLDER = '.eca-keys';

/** A file to write: what metadata/writeFiles.ts writes atomically, with the key's 0600 mode. */
export type KeyFile = { path: string; content: string; mode?: number };

export type KeyPaths = { folder: string; keyPath: string; certificatePath: string; gitignorePath: string };

export function keyPathsFor(baseDir: string, apiName: string, packageDirs: readonly string[]): KeyPaths {
  const folder = join(baseDir, KEYS_FOLDER, apiName);
  const inside = packageDirs.find((dir) => {
    const rel = relative(dir, folder);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
  });
  if (inside) throw messages.createError('error.keyInsidePackage', [folder, inside]);
  return {
    folder,
    keyPath: join(folder, `${apiName}.key`),
    certificatePath: join(folder, `${apiName}.crt`),
    gitignorePath: join(baseDir, KEYS_FOLDER, '.gitignore'),
  };
}

/** The files to write: key (0600), certificate, and the `.gitignore` that keeps the folder out of git. */
export function keyFilesToWrite(paths: KeyPaths, privateKeyPem: string, certificatePem: string): KeyFile[] {
  return [
    { path: paths.keyPath, content: privateKeyPem, mode: 0o600 },
    { path: paths.certificatePath, content: `${certificatePem}\n` },
    { path: paths.gitignorePath, content: '# Private keys written by sf eca generate --generate-certificate\n*\n' },
  ];
}

/** true: git ignores the key; false: git would track it; undefined: not a git repository (or no git). */
export function isIgnoredByGit(baseDir: string, path: string): boolean | undefined {
  const result = spawnSync('git', ['check-ignore', '-q', path], { cwd: baseDir, stdio: 'ignore', timeout: 5000 });
  if (result.status === 0) return true;
  if (result.status === 1) return false;
  return undefined;
}
