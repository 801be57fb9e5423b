/*
 * Whether generated files can go where they are meant to go, asked of the file system before anything is written:
 * the output folder (or the nearest of its parents that exists) must be a folder and writable, and no target may be a
 * folder. What the checks cannot see (a full disk, a permission that changes on the way) is reported by
 * `writeProblemOf` from the error the write ends with.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type FolderProblem =
  /** `path` (the folder itself or one of its parents) exists and is a file. */
  | { kind: 'notAFolder'; path: string }
  /** `path`, the nearest folder that exists, cannot be written to. */
  | { kind: 'notWritable'; path: string };

/** The first problem of writing into `dir` (created if need be), or undefined. */
export function outputFolderProblem(dir: string): FolderProblem | undefined {
  let current = resolve(dir);
  for (;;) {
    const stats = statOf(current);
    if (stats) {
      if (!stats.isDirectory()) return { kind: 'notAFolder', path: current };
      try {
        accessSync(current, constants.W_OK | constants.X_OK);
      } catch {
        return { kind: 'notWritable', path: current };
      }
      return undefined;
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Targets that exist and are no file (a folder of that name): --force replaces files, never a folder. */
export const targetsThatAreNotFiles = (paths: readonly string[]): string[] =>
  paths.filter((path) => {
    const stats = statOf(path);
    return stats !== undefined && !stats.isFile();
  });

const FILE_SYSTEM_CODES: Readonly<Record<string, FolderProblem['kind']>> = {
  ENOTDIR: 'notAFolder',
  EEXIST: 'notAFolder',
  EACCES: 'notWritable',
  EPERM: 'notWritable',
  EROFS: 'notWritable',
};

/** A write that failed on the file system, as a problem naming the path; undefined for any other error. */
export function writeProblemOf(error: unknown): FolderProblem | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return undefined;
  const kind = FILE_SYSTEM_CODES[code];
  return kind ? { kind, path } : undefined;
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
