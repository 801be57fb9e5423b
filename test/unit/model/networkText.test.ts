import { expect } from 'chai';
import { bodyKind, htmlTitle, oneLine, printable } from '../../../src/model/networkText.js';

describe('model/networkText', () => {
  describe('printable', () => {
    const cases: Array<[string, string, string]> = [
      ['plain text is unchanged', 'invalid client credentials', 'invalid client credentials'],
      ['a window-title OSC ended by BEL', 'bad\u001b]0;pwned\u0007 secret', 'bad secret'],
      ['an OSC ended by ST', 'a\u001b]8;;https://evil\u001b\\link', 'alink'],
      ['a line erase and cursor moves', '\u001b[2K\u001b[1Aok\u001b[31mred\u001b[0m', 'okred'],
      ['a lone ESC and two-byte escapes', 'x\u001bcy\u001b', 'xy'],
      ['BEL, vertical tab, form feed, NUL, DEL', 'a\u0007b\u000bc\u000cd\u0000e\u007f', 'abcde'],
      ['C1 controls (CSI as one byte)', 'a\u009b2Kb\u0085c', 'a2Kbc'],
      ['bidirectional overrides', 'user\u202egnp.exe', 'usergnp.exe'],
      ['tabs and line breaks are kept', 'one\ttwo\nthree\r\n', 'one\ttwo\nthree\r\n'],
      ['non-ASCII letters are kept', 'Zugriff verweigert: é ü 日本', 'Zugriff verweigert: é ü 日本'],
    ];
    for (const [name, input, expected] of cases) it(name, () => expect(printable(input)).to.equal(expected));
  });

  describe('oneLine', () => {
    it('flattens whitespace and line breaks', () => expect(oneLine('  a\n\n b\t c  ')).to.equal('a b c'));
    it('cuts long text with an ellipsis', () => {
      const cut = oneLine('x'.repeat(50), 10);
      expect(cut).to.equal(`${'x'.repeat(9)}…`);
      expect(cut).to.have.length(10);
    });
    it('removes control characters too', () => expect(oneLine('a\u001b[2Kb')).to.equal('ab'));
  });

  describe('bodyKind', () => {
    const cases: Array<[string | undefined, string, string]> = [
      ['text/html;charset=UTF-8', '<p>x</p>', 'html'],
      [undefined, '\n<!DOCTYPE html><html>', 'html'],
      ['text/plain', '<HTML><body>Down</body></HTML>', 'html'],
      ['application/json', '[{"errorCode":"X"}]', 'json'],
      [undefined, '{"error":"invalid_grant"}', 'json'],
      ['text/xml', '<?xml version="1.0"?><soapenv:Envelope/>', 'xml'],
      [undefined, '<soapenv:Envelope/>', 'xml'],
      ['text/plain', 'Service Unavailable', 'text'],
      ['application/json', '   ', 'empty'],
    ];
    for (const [type, body, kind] of cases) {
      it(`${String(type)} ${JSON.stringify(body.slice(0, 20))} is ${kind}`, () =>
        expect(bodyKind(type, body)).to.equal(kind));
    }
  });

  describe('htmlTitle', () => {
    it('reads the title', () =>
      expect(htmlTitle('<html><head><title>\n Service  Unavailable </title></head></html>')).to.equal(
        'Service Unavailable',
      ));
    it('falls back to the first heading, without its tags', () =>
      expect(htmlTitle('<body><h1 class="x">Maintenance <b>now</b></h1></body>')).to.equal('Maintenance now'));
    it('strips control characters from the title', () =>
      expect(htmlTitle('<title>a\u001b]0;x\u0007b</title>')).to.equal('ab'));
    it('is undefined without title or heading', () => expect(htmlTitle('<p>nothing</p>')).to.equal(undefined));
    it('is undefined for an empty title', () => expect(htmlTitle('<title> </title>')).to.equal(undefined));
  });
});
