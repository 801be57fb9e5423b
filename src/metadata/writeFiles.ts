/*
 * All-or-nothing, atomic writes: every file goes to a temporary file in its target folder first, then each is
 * renamed over its target. Existing targets are refused before anything is written unless `force`; if a step
 * fails, temporary files are removed and targets already replaced get their old content back.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileToWrite = { path: string; content: string; mode?: number };

/** Targets that exist already (refuse these without --force). */
export const existingTargets = (files: readonly FileToWrite[]): string[] =>
  files.map((f) => f.path).filter((p) => existsSync(p));

/** Temporary names unique to this process and write (created with `wx`, so never over another file). */
let written = 0;
const tempSuffix = (): string => `${process.pid}-${Date.now().toString(36)}-${(written += 1)}`;

export async function writeFilesAtomically(files: readonly FileToWrite[]): Promise<void> {
  const createdDirs: string[] = [];
  const temps: Array<{ temp: string; file: FileToWrite; previous?: Buffer }> = [];
  const replaced: typeof temps = [];
  try {
    for (const file of files) {
      const created = await mkdir(dirname(file.path), { recursive: true });
      if (created) createdDirs.push(created);
      const temp = join(dirname(file.path), `.${basename(file.path)}.${tempSuffix()}.tmp`);
      // Tracked before anything else can fail, so that every temporary file is removed on every way out.
      const entry: (typeof temps)[number] = { temp, file };
      temps.push(entry);
      await writeFile(temp, file.content, { mode: file.mode ?? 0o644, flag: 'wx' });
      if (existsSync(file.path)) entry.previous = await readFile(file.path);
    }
    for (const entry of temps) {
      await rename(entry.temp, entry.file.path);
      replaced.push(entry);
    }
  } catch (error) {
    await Promise.all(temps.filter((t) => !replaced.includes(t)).map((t) => rm(t.temp, { force: true })));
    for (const entry of replaced) {
      await (entry.previous ? writeFile(entry.file.path, entry.previous) : rm(entry.file.path, { force: true })).catch(
        () => undefined,
      );
    }
    for (const dir of createdDirs.reverse()) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
    throw error;
  }
}
