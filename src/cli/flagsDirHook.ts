/*
 * `--flags-dir` when the plugin runs on its own (`./bin/run.js`): the `preparse` hook the `sf` CLI carries (in
 * @salesforce/cli, src/hooks/preparse.ts), which oclif runs for the root plugin only, so inside `sf` that one runs and
 * this one never does. Each file of the folder is a flag: its name is the flag's name (`name`, `flow`, `d`), each
 * line one value (a file `x.json` gives its whole JSON as one value), and an empty file a boolean flag. A flag given on
 * the command line wins over its file, except one that takes several values, which gets both.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { Hook } from '@oclif/core/hooks';

type FlagOptions = { type: string; char?: string; multiple?: boolean; allowNo?: boolean };

/** Flags the command line gives already, which their files must not repeat. */
function givenOnCommandLine(argv: readonly string[], flags: Readonly<Record<string, FlagOptions>>): Set<string> {
  const given = new Set<string>();
  for (const [name, options] of Object.entries(flags)) {
    if (options.type === 'option' && options.multiple === true) continue;
    const spelled = [`--${name}`, ...(options.char ? [`-${options.char}`] : [])];
    if (options.type === 'boolean' && options.allowNo) spelled.push(`--no-${name}`);
    if (argv.some((arg) => spelled.includes(arg) || spelled.some((flag) => arg.startsWith(`${flag}=`)))) {
      given.add(name);
      if (options.char) given.add(options.char);
    }
  }
  return given;
}

/** The arguments the files of a flags folder add. Unreadable files and folders add nothing, as in `sf`. */
export async function flagsFromDirectory(
  dir: string,
  argv: readonly string[],
  flags: Readonly<Record<string, FlagOptions>>,
): Promise<string[]> {
  const given = givenOnCommandLine(argv, flags);
  const names = await readdir(dir).catch(() => [] as string[]);
  const added: string[] = [];
  for (const file of names.sort()) {
    const { name, ext } = parse(file);
    if (given.has(name)) continue;
    const contents = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (contents === undefined) continue;
    const values = ext === '.json' ? [compactJson(contents)] : contents.trim().split('\n');
    for (const value of values) {
      added.push(name.length === 1 ? `-${name}` : `--${name}`);
      if (value) added.push(value);
    }
  }
  return added;
}

/** A JSON file's content on one line; content that is no JSON is passed on as written, for the flag to judge. */
function compactJson(contents: string): string {
  try {
    return JSON.stringify(JSON.parse(contents));
  } catch {
    return contents.trim();
  }
}

/** The folder `--flags-dir DIR` or `--flags-dir=DIR` names, if any. */
function flagsDirOf(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--flags-dir');
  if (at !== -1) return argv[at + 1]?.startsWith('-') ? undefined : argv[at + 1];
  return argv.find((arg) => arg.startsWith('--flags-dir='))?.slice('--flags-dir='.length);
}

const hook: Hook<'preparse'> = async function ({ argv, options }) {
  const flags = (options.flags ?? {}) as Readonly<Record<string, FlagOptions>>;
  const dir = flags['flags-dir'] ? flagsDirOf(argv) : undefined;
  if (!dir) return argv;
  return [...argv, ...(await flagsFromDirectory(dir, argv, flags))];
};

export default hook;
