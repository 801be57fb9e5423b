import { expect } from 'chai';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { readMetadataXml, rootElementOf, XmlReadError } from '../../../src/metadata/xmlReader.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

describe('readMetadataXml', () => {
  it('reads prettier-plugin-xml formatting: whitespace inside tags, the declaration with a space, a BOM', () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8" ?>\n<ExtlClntAppOauthSettings\n    xmlns="${NS}"\n>\n    <externalClientApplication\n        >Salesforce_API_Playground</externalClientApplication>\n    <label>L &amp; M</label>\n</ExtlClntAppOauthSettings>\n`;
    const record = readMetadataXml(xml);
    expect(record.root).to.equal('ExtlClntAppOauthSettings');
    expect(record.namespace).to.equal(NS);
    expect(record.fields).to.deep.equal({ externalClientApplication: 'Salesforce_API_Playground', label: 'L & M' });
    expect(record.entries.map((e) => [e.name, e.line, e.column])).to.deep.equal([
      ['externalClientApplication', 5, 5],
      ['label', 7, 5],
    ]);
  });

  it('never takes a reference inside a comment for the reference', () => {
    const xml = `<?xml version="1.0"?>\n<!-- <externalClientApplication>Fake</externalClientApplication> -->\n<ExtlClntAppOauthSettings xmlns="${NS}">\n    <!-- <externalClientApplication>Fake</externalClientApplication> -->\n    <externalClientApplication>Real</externalClientApplication>\n</ExtlClntAppOauthSettings>`;
    expect(readMetadataXml(xml).fields.externalClientApplication).to.equal('Real');
    expect(rootElementOf(xml)).to.equal('ExtlClntAppOauthSettings');
  });

  it('keeps every element in file order, complex ones as raw XML and as parsed children', () => {
    const xml = `<ExtlClntAppOauthSettings xmlns="${NS}"><label>A</label><trustedIpRanges><start>1.1.1.1</start><end>1.1.1.2</end></trustedIpRanges><trustedIpRanges><start>2.2.2.2</start></trustedIpRanges><zzz>x</zzz></ExtlClntAppOauthSettings>`;
    const record = readMetadataXml(xml);
    expect(record.entries.map((e) => e.name)).to.deep.equal(['label', 'trustedIpRanges', 'trustedIpRanges', 'zzz']);
    expect(record.complex).to.deep.equal(['trustedIpRanges']);
    expect(record.entries[1].raw).to.equal(
      '<trustedIpRanges><start>1.1.1.1</start><end>1.1.1.2</end></trustedIpRanges>',
    );
    expect(record.entries[1].children.map((c) => [c.name, c.text])).to.deep.equal([
      ['start', '1.1.1.1'],
      ['end', '1.1.1.2'],
    ]);
    expect(record.fields.zzz).to.equal('x');
  });

  // The column is that of the last character the parser read before it gave up.
  const bad: Array<[string, string, string, number, number]> = [
    [
      'a DOCTYPE',
      `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<A>&e;</A>`,
      'doctype',
      2,
      54,
    ],
    [
      'a truncated file',
      `<?xml version="1.0"?>\n<A xmlns="${NS}">\n    <label>x</label>\n    <desc`,
      'malformed',
      4,
      9,
    ],
    ['an empty file', '', 'empty', 1, 1],
    ['a mismatched end tag', `<A>\n  <label>x</labl>\n</A>`, 'malformed', 2, 17],
    ['an undefined entity', `<A>\n  <label>&nbsp;</label>\n</A>`, 'malformed', 2, 15],
  ];
  for (const [what, xml, problem, line, column] of bad) {
    it(`refuses ${what} at its line and column`, () => {
      let error: unknown;
      try {
        readMetadataXml(xml);
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(XmlReadError);
      const { problem: got, line: gotLine, column: gotColumn } = error as XmlReadError;
      expect([got, gotLine, gotColumn]).to.deep.equal([problem, line, column]);
    });
  }

  it('turns each bad file into an error finding with file, line and column, never a crash', () => {
    const parsed = parseAppFiles([
      { path: 'x/A.eca-meta.xml', xml: `<ExternalClientApplication xmlns="${NS}">\n<label>` },
      { path: 'x/A_oauth.ecaOauth-meta.xml', xml: '' },
      { path: 'x/A_glbloauth.ecaGlblOauth-meta.xml', xml: '<!DOCTYPE x>\n<ExtlClntAppGlobalOauthSettings/>' },
    ]);
    const located = parsed.findings
      .filter((f) => f.code.startsWith('xml.'))
      .map((f) => [f.rule, f.level, `${f.location?.path}:${f.location?.line}:${f.location?.column}`]);
    expect(located).to.deep.equal([
      ['ECA101', 'error', 'x/A.eca-meta.xml:2:7'],
      ['ECA103', 'error', 'x/A_oauth.ecaOauth-meta.xml:1:1'],
      ['ECA102', 'error', 'x/A_glbloauth.ecaGlblOauth-meta.xml:1:12'],
    ]);
    expect(parsed.rawFiles.map((f) => f.entries.length)).to.deep.equal([0, 0, 0]);
  });
});
