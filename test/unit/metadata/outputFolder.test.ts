/*
 * Where generate writes: the output folder's problems found before anything is written, and a failed write that
 * leaves no temporary file behind.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { outputFolderProblem, targetsThatAreNotFiles, writeProblemOf } from '../../../src/metadata/outputFolder.js';
import { writeFilesAtomically } from '../../../src/metadata/writeFiles.js';
import { expectRejection } from '../../helpers/expectError.js';

/** Every file under a folder, temporary ones included. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the output folder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'eca-unit-outdir-'));
  });
  afterEach(() => {
    chmodSync(root, 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it('takes a folder, or a path under a folder that does not exist yet', () => {
    expect(outputFolderProblem(root)).to.equal(undefined);
    expect(outputFolderProblem(join(root, 'a', 'b', 'c'))).to.equal(undefined);
  });

  it('names the file in the way: the folder itself or one of its parents', () => {
    writeFileSync(join(root, 'file'), '');
    expect(outputFolderProblem(join(root, 'file'))).to.deep.equal({ kind: 'notAFolder', path: join(root, 'file') });
    expect(outputFolderProblem(join(root, 'file', 'x', 'y'))).to.deep.equal({
      kind: 'notAFolder',
      path: join(root, 'file'),
    });
  });

  it('names the nearest folder that cannot be written to', function () {
    // The superuser writes into read-only folders: nothing to find then.
    if (process.getuid?.() === 0) this.skip();
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o555);
    expect(outputFolderProblem(join(root, 'locked', 'x'))).to.deep.equal({
      kind: 'notWritable',
      path: join(root, 'locked'),
    });
    chmodSync(join(root, 'locked'), 0o755);
  });

  it('lists the targets that are folders', () => {
    mkdirSync(join(root, 'App.eca-meta.xml'));
    writeFileSync(join(root, 'App_oauth.ecaOauth-meta.xml'), '');
    expect(
      targetsThatAreNotFiles([
        join(root, 'App.eca-meta.xml'),
        join(root, 'App_oauth.ecaOauth-meta.xml'),
        join(root, 'n'),
      ]),
    ).to.deep.equal([join(root, 'App.eca-meta.xml')]);
  });

  const codes: Array<[string, string | undefined]> = [
    ['ENOTDIR', 'notAFolder'],
    ['EEXIST', 'notAFolder'],
    ['EACCES', 'notWritable'],
    ['EPERM', 'notWritable'],
    ['EROFS', 'notWritable'],
    ['ENOENT', undefined],
  ];
  for (const [code, kind] of codes) {
    it(`reads a failed write with ${code} as ${kind ?? 'no folder problem'}`, () => {
      const error = Object.assign(new Error(code), { code, path: '/x/y' });
      expect(writeProblemOf(error)).to.deep.equal(kind ? { kind, path: '/x/y' } : undefined);
    });
  }

  it('reads an error without a code or a path as no folder problem', () => {
    expect(writeProblemOf(new Error('x'))).to.equal(undefined);
    expect(writeProblemOf(undefined)).to.equal(undefined);
  });

  it('leaves no temporary file, and every earlier target as it was, when a target is a folder', async () => {
    writeFileSync(join(root, 'first.xml'), 'old');
    mkdirSync(join(root, 'second.xml'));
    await expectRejection(
      writeFilesAtomically([
        { path: join(root, 'first.xml'), content: 'new' },
        { path: join(root, 'second.xml'), content: 'x' },
      ]),
    );
    expect(allFiles(root)).to.deep.equal([join(root, 'first.xml')]);
    expect(existsSync(join(root, 'second.xml'))).to.equal(true);
  });
});
