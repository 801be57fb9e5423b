/*
 * Hostile flag values, refused before anything is built or written: control characters in any text flag (naming
 * the flag, never printing the value back) and a callback URL with a fragment (RFC 6749 §3.1.2).
 */
import { expect } from 'chai';
import { type SfError } from '@salesforce/core/sfError';
import { buildSpec, type GenerateFlags } from '../../../src/model/buildSpec.js';
import { checkCallbackUrl } from '../../../src/model/callbacks.js';
import { checkAppSpec } from '../../../src/model/rules.js';
import { controlCharacterIn } from '../../../src/model/textInput.js';
import { specWith } from '../../helpers/appSpecs.js';
import { expectThrows } from '../../helpers/expectError.js';

const base: GenerateFlags = {
  name: 'Billing Sync',
  'contact-email': 'integrations@example.com',
  flow: ['client-credentials'],
  'run-as-user': 'billing@example.com',
  'callback-url': ['https://billing.example.com/cb'],
  'permission-set': ['Billing_Users'],
};

describe('controlCharacterIn', () => {
  const rows: Array<[string, string, boolean, string | undefined, number?]> = [
    ['plain text', 'Billing Sync', false, undefined],
    ['accents and emoji', 'Caf\u00e9 \u{1F600}', false, undefined],
    ['a BEL', 'Bad\u0007Name', false, 'U+0007', 4],
    ['an ESC sequence', '\u001b]0;title\u0007', false, 'U+001B', 1],
    ['a vertical tab', 'a\u000bb', false, 'U+000B', 2],
    ['a DEL', 'a\u007f', false, 'U+007F', 2],
    ['a C1 control', 'a\u009bb', false, 'U+009B', 2],
    ['a NUL', '\u0000', false, 'U+0000', 1],
    ['a line feed in a one-line value', 'a\nb', false, 'U+000A', 2],
    ['a tab in a one-line value', 'a\tb', false, 'U+0009', 2],
    ['a line feed, tab and CR in a multi-line value', 'a\r\n\tb', true, undefined],
    ['a BEL in a multi-line value', 'a\n\u0007', true, 'U+0007', 3],
    ['the position counts code points, not UTF-16 units', '\u{1F600}\u0007', false, 'U+0007', 2],
    ['a lone surrogate', 'a\ud800', false, 'U+D800', 2],
  ];
  for (const [what, value, multiLine, codePoint, position] of rows) {
    it(what, () => {
      const found = controlCharacterIn(value, { multiLine });
      expect(found).to.deep.equal(codePoint === undefined ? undefined : { codePoint, position });
    });
  }
});

describe('buildSpec: control characters in text flags', () => {
  const rows: Array<[keyof GenerateFlags, string | string[]]> = [
    ['name', 'Billing\u0007Sync'],
    ['api-name', 'Billing\u001bSync'],
    ['description', 'one\u000btwo'],
    ['contact-email', 'integrations@example.com\u0000'],
    ['contact-phone', '+1 555\u0008 0100'],
    ['logo-url', 'https://example.com/logo.png\u001b[2K'],
    ['run-as-user', 'billing@example.com\u0007'],
    ['callback-url', ['https://billing.example.com/cb', 'https://x.example.com/\u0007']],
    ['permission-set', ['Billing\u0007Users']],
    ['scopes', ['api\u001b']],
    ['distribution-state', 'local\u001b]0;x\u0007'],
    ['refresh-token-validity', '30d\u0007'],
  ];
  for (const [flag, value] of rows) {
    it(`refuses --${flag}, naming the flag and the character, without printing the value`, () => {
      const error = expectThrows<SfError>(() => buildSpec({ ...base, [flag]: value }));
      expect(error.name).to.equal('InvalidFlagError');
      expect(error.message).to.match(new RegExp(`^--${flag}: The value holds the control character U\\+00[0-9A-F]{2}`));
      expect(error.message).to.include('Nothing was written.');
      // eslint-disable-next-line no-control-regex
      expect(error.message + (error.actions ?? []).join('\n')).not.to.match(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(error.actions?.[0]).to.include(`--${flag}`);
    });
  }

  it('reports every flag with a control character at once, each once', () => {
    const error = expectThrows<SfError>(() =>
      buildSpec({ ...base, name: 'a\u0007', description: 'b\u001b', 'contact-email': 'c\u0007@example.com' }),
    );
    expect(error.name).to.equal('InvalidFlagsError');
    const lines = error.message.split('\n').filter((line) => line.startsWith('  --'));
    expect(lines.map((line) => line.split(':')[0].trim())).to.deep.equal([
      '--name',
      '--contact-email',
      '--description',
    ]);
  });

  it('takes tabs and line breaks in --description, and no control character in --name', () => {
    expect(buildSpec({ ...base, description: 'Syncs invoices.\n\tNightly.' }).spec.description).to.equal(
      'Syncs invoices.\n\tNightly.',
    );
    expectThrows(
      () => buildSpec({ ...base, name: 'Billing\nSync' }),
      /^--name: The value holds the control character U\+000A/,
    );
  });
});

describe('callback URLs with a fragment (RFC 6749 §3.1.2)', () => {
  const rows: Array<[string, string | undefined]> = [
    ['https://example.com/cb#frag', 'fragment'],
    ['https://example.com/cb#', 'fragment'],
    ['http://localhost:1717/OauthRedirect#x', 'fragment'],
    ['com.example.app:/oauth#x', 'fragment'],
    ['https://example.com/cb?state=a%23b', undefined],
    ['https://example.com/cb', undefined],
    ['javascript:alert(1)#x', 'forbiddenScheme'],
    ['https://*.example.com/cb#x', 'wildcard'],
  ];
  for (const [url, problem] of rows) {
    it(`${url}: ${problem ?? 'accepted'}`, () => expect(checkCallbackUrl(url).problem).to.equal(problem));
  }

  it('refuses --callback-url with a fragment, with the URL to pass instead', () => {
    const error = expectThrows<SfError>(
      () => buildSpec({ ...base, 'callback-url': ['https://example.com/cb#frag'] }),
      /^--callback-url: The callback URL "https:\/\/example.com\/cb#frag" has a fragment \(#frag\)/,
    );
    expect(error.actions).to.deep.include(
      'Pass --callback-url without the part from # on, for example https://example.com/cb.',
    );
  });

  it('warns about a fragment read from files (ECA050), which an org may hold', () => {
    const spec = specWith({ oauth: { callbackUrls: ['https://example.com/cb#frag'] } });
    const fromFiles = checkAppSpec(spec, { source: 'files' }).filter((f) => f.code === 'callback.fragment');
    expect(fromFiles.map((f) => [f.rule, f.level, f.severity])).to.deep.equal([['ECA050', 'warning', 'medium']]);
    expect(checkAppSpec(spec).filter((f) => f.code === 'callback.fragment')[0].level).to.equal('error');
  });
});
