/*
 * The picture of docs/ARCHITECTURE.md, checked on the sources: which folder may import which (no upward edge, so no
 * cycle), and which layer may load which messages bundle (a command's bundle only by that command).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

/** Each folder of src (messages.ts counts as one) and the folders it may import. */
export const MAY_IMPORT: Record<string, readonly string[]> = {
  messages: [],
  model: ['messages'],
  keys: ['model', 'messages'],
  metadata: ['model', 'messages'],
  org: ['metadata', 'model', 'messages'],
  oauth: ['model', 'messages'],
  jobs: ['org', 'oauth', 'metadata', 'keys', 'model', 'messages'],
  output: ['jobs', 'org', 'oauth', 'metadata', 'model', 'messages'],
  cli: ['model', 'messages'],
  commands: ['cli', 'jobs', 'output', 'org', 'oauth', 'metadata', 'keys', 'model', 'messages'],
};

/** Bundles a folder may load besides its own-named ones. */
const BUNDLES: Record<string, readonly string[]> = {
  model: ['model', 'audit'],
  keys: ['keys'],
  metadata: ['metadata'],
  org: ['org', 'credentials', 'preflight', 'stagedCredentials'],
  oauth: ['oauth'],
  jobs: ['apps', 'deploy', 'generate', 'verify', 'rotate', 'audit', 'convert'],
  output: ['deploy', 'generate', 'verify', 'rotate', 'audit', 'convert'],
  cli: ['cli'],
};

const folderOf = (file: string): string => {
  const [first] = relative(SRC, file).split('/');
  return first.replace(/\.[jt]s$/, '');
};

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;
const LOAD = /loadMessages\('plugin-eca', '([^']+)'\)/g;

describe('architecture (docs/ARCHITECTURE.md)', () => {
  const files = sources();

  it('knows every folder of src', () => {
    expect([...new Set(files.map(folderOf))].sort()).to.deep.equal(Object.keys(MAY_IMPORT).sort());
  });

  it('has no import from a folder above or beside the importer', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = folderOf(resolve(dirname(file), spec));
        if (to !== from && !MAY_IMPORT[from].includes(to))
          bad.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
      }
    }
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('has no cycle between folders in the allowed graph itself', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycle = (node: string): boolean => {
      if (done.has(node)) return false;
      if (visiting.has(node)) return true;
      visiting.add(node);
      const found = MAY_IMPORT[node].some(cycle);
      visiting.delete(node);
      done.add(node);
      return found;
    };
    expect(Object.keys(MAY_IMPORT).filter(cycle)).to.deep.equal([]);
  });

  it("loads a command's bundle only in that command, and each layer's own bundles elsewhere", () => {
    const bad: string[] = [];
    for (const file of files) {
      const folder = folderOf(file);
      for (const [, bundle] of readFileSync(file, 'utf8').matchAll(LOAD)) {
        const ok =
          folder === 'commands'
            ? bundle === `eca.${relative(join(SRC, 'commands', 'eca'), file).replace(/\.ts$/, '')}`
            : (BUNDLES[folder] ?? []).includes(bundle);
        if (!ok) bad.push(`${relative(SRC, file)} loads ${bundle}`);
      }
    }
    expect(bad, bad.join('\n')).to.deep.equal([]);
  });

  it('loads the @salesforce/core index, SDR, jsforce or oclif nowhere in model, keys and metadata', () => {
    const heavy =
      /from '(@salesforce\/core|@salesforce\/source-deploy-retrieve|jsforce|@oclif\/[^']+|@salesforce\/sf-plugins-core[^']*)'/;
    const bad = files
      .filter((file) => ['model', 'keys', 'metadata', 'messages'].includes(folderOf(file)))
      .filter((file) => heavy.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(bad).to.deep.equal([]);
  });
});
