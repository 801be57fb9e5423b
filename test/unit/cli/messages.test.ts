/*
 * src/cli/messages.ts reads messages/*.md as @salesforce/core's Messages does: every key of every file, read through
 * both, gives the same text, the same list and the same error. A change in either shows up here.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Messages as CoreMessages } from '@salesforce/core';
import { Messages, parseMessageFile } from '../../../src/messages.js';

const DIR = new URL('../../../messages/', import.meta.url);
const BUNDLES = readdirSync(DIR)
  .filter((file) => file.endsWith('.md'))
  .map((file) => file.replace(/\.md$/, ''));
const TOKENS = ['first', 2, 'third', 'fourth'];

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
CoreMessages.importMessagesDirectoryFromMetaUrl(import.meta.url);

describe('Messages (src/cli/messages.ts) against @salesforce/core Messages', () => {
  after(() => tempFolders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  it('finds every bundle in messages/', () => {
    expect(BUNDLES).to.include.members(['cli', 'eca.generate', 'eca.deploy', 'eca.verify', 'model']);
  });

  for (const bundle of BUNDLES) {
    it(`${bundle}.md: every key reads the same, with and without tokens, and errors carry the same name and actions`, () => {
      const ours = Messages.loadMessages('plugin-eca', bundle);
      const core = CoreMessages.loadMessages('plugin-eca', bundle);
      const keys = [...parseMessageFile(bundle, readFileSync(new URL(`${bundle}.md`, DIR), 'utf8')).keys()];
      expect(keys.length, 'keys').to.be.greaterThan(0);
      for (const key of keys) {
        expect(ours.getMessages(key), key).to.deep.equal(core.getMessages(key));
        expect(ours.getMessage(key, TOKENS), key).to.equal(core.getMessage(key, TOKENS));
        expect(ours.getMessages(key, TOKENS), key).to.deep.equal(core.getMessages(key, TOKENS));
        if (key.endsWith('.actions')) continue;
        const [a, b] = [ours.createError(key, TOKENS, TOKENS, 69), core.createError(key, TOKENS, TOKENS, 69)];
        expect({ name: a.name, message: a.message, actions: a.actions, exitCode: a.exitCode }, key).to.deep.equal({
          name: b.name,
          message: b.message,
          actions: b.actions,
          exitCode: b.exitCode,
        });
      }
    });
  }

  const FORMATS: Array<{ what: string; md: string }> = [
    { what: 'a text over several lines', md: '# a\n\nline one\nline two\n\n# b\n\nnext' },
    { what: 'a list, with indented continuation lines', md: '# steps\n\n- one\n- two\n  continued\n* three' },
    { what: 'a text that mixes list rows and prose', md: '# mixed\n\nIntro:\n- one\n- two' },
    { what: 'specifiers spread over list items', md: '# list\n\n- first %s\n- second %s and %s' },
    { what: 'a heading with spaces around the key', md: '#   spaced.key   \n\nvalue' },
  ];
  for (const { what, md } of FORMATS) {
    it(`parses ${what} as @salesforce/core does`, () => {
      const core = new Map<string, unknown>();
      const loaded = CoreMessages.generateFileLoaderFunction('probe', writeTemp(md));
      const coreMessages = loaded('en_US');
      const ours = parseMessageFile('probe.md', md);
      for (const key of ours.keys()) core.set(key, coreMessages.getMessages(key));
      expect(new Map([...ours].map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))).to.deep.equal(core);
    });
  }

  it('refuses a heading without a message, as @salesforce/core does', () => {
    expect(() => parseMessageFile('bad.md', '# lonely\n# next\n\ntext')).to.throw(
      /must be immediately followed by the message/,
    );
    expect(() =>
      CoreMessages.generateFileLoaderFunction('bad', writeTemp('# lonely\n# next\n\ntext'))('en_US'),
    ).to.throw(/must be immediately followed by the message/);
  });

  it('names a missing key and a missing bundle', () => {
    expect(() => Messages.loadMessages('plugin-eca', 'eca.generate').getMessage('no.such.key')).to.throw(
      /Missing message eca.generate:no.such.key/,
    );
    expect(() => Messages.loadMessages('plugin-eca', 'no-such-bundle')).to.throw(
      /Missing bundle plugin-eca:no-such-bundle/,
    );
  });

  it('joins a list with the platform line break in getMessage', () => {
    const examples = Messages.loadMessages('plugin-eca', 'eca.generate').getMessages('examples');
    expect(examples.length).to.be.greaterThan(1);
    expect(Messages.loadMessages('plugin-eca', 'eca.generate').getMessage('examples')).to.equal(examples.join(EOL));
  });
});

const tempFolders: string[] = [];

function writeTemp(md: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eca-messages-'));
  tempFolders.push(dir);
  const path = join(dir, 'probe.md');
  writeFileSync(path, md);
  return path;
}
