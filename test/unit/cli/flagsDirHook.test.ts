/*
 * --flags-dir on the standalone bin/run.js: the preparse hook adds one flag per file of the folder, as the sf CLI's
 * own hook does, and never overrides a flag the command line gives.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import hook, { flagsFromDirectory } from '../../../src/cli/flagsDirHook.js';

const FLAGS = {
  'flags-dir': { type: 'option' },
  name: { type: 'option', char: 'n' },
  flow: { type: 'option', multiple: true },
  'dry-run': { type: 'boolean' },
  browser: { type: 'boolean', allowNo: true },
  'output-dir': { type: 'option', char: 'd' },
  settings: { type: 'option' },
};

type Run = (options: { argv: string[]; options: { flags: typeof FLAGS } }) => Promise<string[]>;

describe('--flags-dir (the preparse hook of bin/run.js)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eca-unit-flagsdir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  };

  const rows: Array<{ what: string; files: Record<string, string>; argv: string[]; added: string[] }> = [
    { what: 'a value per file', files: { name: 'Billing Sync\n' }, argv: [], added: ['--name', 'Billing Sync'] },
    {
      what: 'a value per line for a flag that takes several',
      files: { flow: 'web-server\njwt-bearer\n' },
      argv: ['--flow', 'client-credentials'],
      added: ['--flow', 'web-server', '--flow', 'jwt-bearer'],
    },
    { what: 'an empty file as a boolean flag', files: { 'dry-run': '' }, argv: [], added: ['--dry-run'] },
    { what: 'a one-letter file as a short flag', files: { d: 'out\n' }, argv: [], added: ['-d', 'out'] },
    { what: 'nothing for a flag the command line gives', files: { name: 'File' }, argv: ['--name', 'Cli'], added: [] },
    { what: 'nothing for a flag given by its letter', files: { name: 'File' }, argv: ['-n', 'Cli'], added: [] },
    { what: 'nothing for a flag given as --x=value', files: { name: 'File' }, argv: ['--name=Cli'], added: [] },
    { what: 'nothing for a boolean given as --no-x', files: { browser: '' }, argv: ['--no-browser'], added: [] },
    {
      what: 'a JSON file as one value on one line',
      files: { 'settings.json': '{\n  "a": 1\n}\n' },
      argv: [],
      added: ['--settings', '{"a":1}'],
    },
    {
      what: 'a JSON file that is no JSON as written',
      files: { 'settings.json': '{a\n' },
      argv: [],
      added: ['--settings', '{a'],
    },
  ];
  for (const row of rows) {
    it(row.what, async () => {
      write(row.files);
      expect(await flagsFromDirectory(dir, row.argv, FLAGS)).to.deep.equal(row.added);
    });
  }

  it('adds nothing from a folder that does not exist, and skips a sub-folder', async () => {
    expect(await flagsFromDirectory(join(dir, 'none'), [], FLAGS)).to.deep.equal([]);
    mkdirSync(join(dir, 'name'));
    expect(await flagsFromDirectory(dir, [], FLAGS)).to.deep.equal([]);
  });

  it('appends the files to argv given as --flags-dir DIR or --flags-dir=DIR, and leaves other commands alone', async () => {
    write({ name: 'From File' });
    const run = hook as unknown as Run;
    for (const argv of [['--flags-dir', dir], [`--flags-dir=${dir}`]]) {
      expect(await run({ argv, options: { flags: FLAGS } })).to.deep.equal([...argv, '--name', 'From File']);
    }
    expect(await run({ argv: ['--name', 'x'], options: { flags: FLAGS } })).to.deep.equal(['--name', 'x']);
    const { 'flags-dir': omitted, ...withoutFlagsDir } = FLAGS;
    expect(omitted).to.not.equal(undefined);
    const argv = ['--flags-dir', dir];
    expect(await run({ argv, options: { flags: withoutFlagsDir as typeof FLAGS } })).to.deep.equal(argv);
  });
});
