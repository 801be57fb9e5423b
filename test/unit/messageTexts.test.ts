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
    const deploy = Messages.loadMessages('plugin-eca', 'deploy');
    const text = deploy.getMessage('warning.noConsumerKey', ['The app has no OAuth consumer in this org yet.']);
    expect(text).to.include('in this org yet. Find it');
    expect(text).not.to.include('..');
    expect(deploy.getMessage('warning.noConsumerKey', ['Wait...'])).to.include('Wait.... Find it');
    expect(deploy.getMessage('warning.noConsumerKey', ['timed out'])).to.include('timed out. Find it');
  });
});
