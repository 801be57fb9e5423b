/*
 * What every message file must hold to: no error whose name sf takes for a bug in the code (a name with "TypeError"
 * in it exits 10, "an unexpected error"), and no doubled period, written or made by a token that ends a sentence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Messages, parseMessageFile } from '../../src/messages.js';

const DIR = new URL('../../messages/', import.meta.url);
const BUNDLES = readdirSync(DIR)
  .filter((file) => file.endsWith('.md'))
  .map((file) => file.replace(/\.md$/, ''));
const keysOf = (bundle: string): string[] => [
  ...parseMessageFile(bundle, readFileSync(new URL(`${bundle}.md`, DIR), 'utf8')).keys(),
];

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);

describe('message texts', () => {
  it('name no error like a TypeError, which sf reports as a bug with exit 10', () => {
    const names = BUNDLES.flatMap((bundle) => {
      const messages = Messages.loadMessages('plugin-eca', bundle);
      return keysOf(bundle)
        .filter((key) => key.startsWith('error.') && !key.endsWith('.actions'))
        .map((key) => `${bundle}:${key} -> ${messages.createError(key).name}`);
    });
    expect(names.length).to.be.greaterThan(50);
    expect(names.filter((line) => /TypeError/.test(line.split(' -> ')[1]))).to.deep.equal([]);
  });

  it('hold no doubled period (an ellipsis is three)', () => {
    const doubled = BUNDLES.flatMap((bundle) =>
      readFileSync(new URL(`${bundle}.md`, DIR), 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${bundle}.md:${index + 1}` }))
        .filter(({ line }) => /(^|[^.])\.\.([^.]|$)/.test(line))
        .map(({ at, line }) => `${at}: ${line}`),
    );
    expect(doubled).to.deep.equal([]);
  });

  it('never make one from a token that ends its sentence before "%s."', () => {
    // cli.md: "Deprecated environment variable: %s. Please use %s instead."
    const cli = Messages.loadMessages('plugin-eca', 'cli');
    const text = cli.getMessage('env.deprecated', ['SF_OLD.', 'SF_NEW']);
    expect(text).to.include('SF_OLD. Please use');
    expect(text).not.to.include('..');
    expect(cli.getMessage('env.deprecated', ['Wait...', 'X'])).to.include('Wait.... Please');
    expect(cli.getMessage('env.deprecated', ['timed out', 'X'])).to.include('timed out. Please');
  });
});
