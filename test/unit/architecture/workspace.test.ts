/*
 * The repository's workspace boundaries: scripts/ and test/ never import each other, the plugin's tests reach the
 * workspace packages (packages/*) only by their package names, and a package imports nothing of the plugin (its src/
 * or test/) nor of another package by relative path. What scripts and tests share lives in packages/dev-kit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

function sourcesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(path) : SOURCE.test(entry.name) ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** The relative module specifiers of a source text (static, dynamic, re-exports, require). */
export const relativeImports = (text: string): string[] =>
  [...text.matchAll(SPECIFIER)]
    .map((match) => match[1])
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));

/** The repository folder an import lands in: 'test', 'scripts', 'src', 'packages/org-emulator', … */
function landsIn(file: string, specifier: string): string {
  const parts = relative(ROOT, resolve(dirname(file), specifier)).split(sep);
  return parts[0] === 'packages' ? parts.slice(0, 2).join('/') : parts[0];
}

/** `file: 'specifier'` for each relative import of the files that lands in a forbidden folder. */
function offending(files: string[], forbidden: (target: string, file: string) => boolean): string[] {
  return files.flatMap((file) =>
    relativeImports(readFileSync(file, 'utf8'))
      .filter((specifier) => forbidden(landsIn(file, specifier), file))
      .map((specifier) => `${relative(ROOT, file)}: '${specifier}'`),
  );
}

const packageOf = (file: string): string => relative(ROOT, file).split(sep).slice(0, 2).join('/');

describe('architecture: workspace boundaries', () => {
  it('finds the relative imports of a source text', () => {
    const text = [
      "import { a } from '../test/helpers/a.js';",
      "import '../scripts/side.js';",
      "export { b } from './b.js';",
      "const c = await import('../../packages/org-emulator/src/index.js');",
      "import { d } from '@plugin-eca/org-emulator';",
      "import { e } from 'node:fs';",
    ].join('\n');
    expect(relativeImports(text)).to.deep.equal([
      '../test/helpers/a.js',
      '../scripts/side.js',
      './b.js',
      '../../packages/org-emulator/src/index.js',
    ]);
  });

  it('scripts/ imports nothing from test/', () => {
    const files = sourcesUnder(join(ROOT, 'scripts'));
    expect(files.length).to.be.greaterThan(0);
    const bad = offending(files, (target) => target === 'test');
    expect(
      bad,
      `scripts must not import test/ (share the code through packages/dev-kit):\n${bad.join('\n')}`,
    ).to.deep.equal([]);
  });

  it('test/ imports nothing from scripts/, nor a workspace package by relative path', () => {
    const files = sourcesUnder(join(ROOT, 'test'));
    expect(files.length).to.be.greaterThan(0);
    const bad = offending(files, (target) => target === 'scripts' || target.startsWith('packages'));
    expect(
      bad,
      `tests must not import scripts/ nor packages/* by path (import '@plugin-eca/<name>'):\n${bad.join('\n')}`,
    ).to.deep.equal([]);
  });

  it('a workspace package imports only itself by relative path: not the plugin (src/, test/, scripts/) nor another package', () => {
    const files = sourcesUnder(join(ROOT, 'packages'));
    expect(files.length).to.be.greaterThan(0);
    const bad = offending(files, (target, file) => target !== packageOf(file));
    expect(
      bad,
      `a package must not reach outside its folder (import '@plugin-eca/<name>' for another package):\n${bad.join('\n')}`,
    ).to.deep.equal([]);
  });

  it('the packages are devDependencies of the plugin, never shipped with it', () => {
    const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      files?: string[];
      workspaces?: string[];
    };
    const names = readdirSync(join(ROOT, 'packages')).map(
      (folder) =>
        (JSON.parse(readFileSync(join(ROOT, 'packages', folder, 'package.json'), 'utf8')) as { name: string }).name,
    );
    expect(pjson.workspaces).to.deep.equal(['packages/*']);
    for (const name of names) {
      expect(pjson.dependencies ?? {}, name).not.to.have.property(name);
      expect(pjson.devDependencies ?? {}, name).to.have.property(name);
    }
    expect((pjson.files ?? []).filter((entry) => /packages|schema\b/.test(entry))).to.deep.equal([]);
  });
});
