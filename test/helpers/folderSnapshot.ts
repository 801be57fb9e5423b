/*
 * Every file under a folder, by its path relative to the folder (with `/`), with its content: what a test compares
 * before and after a command to prove the command wrote nothing, or exactly what it wrote.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function folderSnapshot(dir: string, sub = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, sub))) {
    const rel = sub ? `${sub}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(out, folderSnapshot(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return out;
}
