import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { readMetadataXml } from '../../../src/metadata/xmlReader.js';
import { leftOutFields, type SourceFile, stageAppFiles } from '../../../src/org/stagingFolder.js';
import { childElements, withoutChildElements } from '../../../src/org/xmlElements.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('withoutChildElements (by the XML structure)', () => {
  const table: Array<{ case: string; xml: string; field: string; expected: string }> = [
    {
      case: 'an element on its own line goes with its line',
      xml: `<ExternalClientApplication ${ns}>\n    <label>A</label>\n    <orgScopedExternalApp>00D000000000001:A</orgScopedExternalApp>\n</ExternalClientApplication>\n`,
      field: 'orgScopedExternalApp',
      expected: `<ExternalClientApplication ${ns}>\n    <label>A</label>\n</ExternalClientApplication>\n`,
    },
    {
      case: 'a self-closing element',
      xml: `<X>\n    <oauthLink/>\n    <label>A</label>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <label>A</label>\n</X>\n`,
    },
    {
      case: 'an element sharing its line with others',
      xml: `<X><label>A</label><oauthLink>00D:888</oauthLink></X>\n`,
      field: 'oauthLink',
      expected: `<X><label>A</label></X>\n`,
    },
    {
      case: 'CRLF line endings',
      xml: `<X>\r\n    <oauthLink>00D:888</oauthLink>\r\n    <label>A</label>\r\n</X>\r\n`,
      field: 'oauthLink',
      expected: `<X>\r\n    <label>A</label>\r\n</X>\r\n`,
    },
    {
      case: 'an element whose name starts the same is left alone',
      xml: `<X>\n    <oauthLinkage>keep</oauthLinkage>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <oauthLinkage>keep</oauthLinkage>\n</X>\n`,
    },
    {
      case: 'a document without the element is unchanged',
      xml: `<X>\n    <label>A</label>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <label>A</label>\n</X>\n`,
    },
    {
      case: "prettier's split tags: `<oauthLink` / `    >value</oauthLink>` (§8.10)",
      xml: `<?xml version="1.0" encoding="UTF-8" ?>\n<ExtlClntAppOauthSettings\n    ${ns}\n>\n    <label>A</label>\n    <oauthLink\n    >00DIT000002Kg4l:888IT0000004Cb1</oauthLink>\n    <externalClientApplication\n    >A</externalClientApplication>\n</ExtlClntAppOauthSettings>\n`,
      field: 'oauthLink',
      expected: `<?xml version="1.0" encoding="UTF-8" ?>\n<ExtlClntAppOauthSettings\n    ${ns}\n>\n    <label>A</label>\n    <externalClientApplication\n    >A</externalClientApplication>\n</ExtlClntAppOauthSettings>\n`,
    },
    {
      case: 'a commented-out element before the real one is neither taken for it nor cut with it',
      xml: `<X>\n    <!-- <oauthLink>old</oauthLink> -->\n    <!-- <oauthLink> -->\n    <label>A</label>\n    <oauthLink>00D000000000001:888000000000001</oauthLink>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <!-- <oauthLink>old</oauthLink> -->\n    <!-- <oauthLink> -->\n    <label>A</label>\n</X>\n`,
    },
    {
      case: 'a comment inside the element, holding its end tag, goes with the element',
      xml: `<X>\n    <oauthLink>00D000000000001:888<!-- </oauthLink> --></oauthLink>\n    <label>A</label>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <label>A</label>\n</X>\n`,
    },
    {
      case: 'only a commented-out element: nothing to remove',
      xml: `<X>\n    <!-- <oauthLink>00D000000000001:888</oauthLink> -->\n    <label>A</label>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <!-- <oauthLink>00D000000000001:888</oauthLink> -->\n    <label>A</label>\n</X>\n`,
    },
    {
      case: 'a CDATA section that looks like the element',
      xml: `<X>\n    <description><![CDATA[<oauthLink>x</oauthLink>]]></description>\n    <oauthLink>00D:888</oauthLink>\n</X>\n`,
      field: 'oauthLink',
      expected: `<X>\n    <description><![CDATA[<oauthLink>x</oauthLink>]]></description>\n</X>\n`,
    },
    {
      case: 'a comment before the root element and no final newline',
      xml: `<?xml version="1.0"?>\n<!-- <X><oauthLink>no</oauthLink></X> -->\n<X>\n    <oauthLink>00D:888</oauthLink>\n</X>`,
      field: 'oauthLink',
      expected: `<?xml version="1.0"?>\n<!-- <X><oauthLink>no</oauthLink></X> -->\n<X>\n</X>`,
    },
  ];
  for (const row of table) {
    it(row.case, () => {
      const out = withoutChildElements(row.xml, [row.field]);
      expect(out).to.equal(row.expected);
      expect(readMetadataXml(out).fields[row.field]).to.equal(undefined);
    });
  }

  it('lists the root children only, not deeper elements', () => {
    expect(childElements(`<X><a><oauthLink>deep</oauthLink></a><b/></X>`).map((child) => child.name)).to.deep.equal([
      'a',
      'b',
    ]);
  });
});

describe('leftOutFields', () => {
  const TARGET = '00D000000000001AAA';
  const file = (field: string, value: string): SourceFile => ({
    type: 'ExtlClntAppOauthSettings',
    path: '/p/A.ecaOauth-meta.xml',
    xml: '',
    fields: { [field]: value },
    elements: [field],
  });
  const table: Array<{ case: string; field: string; value: string; expected: unknown[] }> = [
    {
      case: "another org's oauthLink",
      field: 'oauthLink',
      value: '00DIT000002Kg4l:888IT0000004Cb1',
      expected: [
        {
          path: '/p/A.ecaOauth-meta.xml',
          field: 'oauthLink',
          reason: 'names-another-org',
          namedOrg: '00DIT000002Kg4l',
        },
      ],
    },
    {
      case: "another org's orgScopedExternalApp",
      field: 'orgScopedExternalApp',
      value: '00DIT000002Kg4l:Booking_Integration_API',
      expected: [
        {
          path: '/p/A.ecaOauth-meta.xml',
          field: 'orgScopedExternalApp',
          reason: 'names-another-org',
          namedOrg: '00DIT000002Kg4l',
        },
      ],
    },
    {
      case: "the target org's own value (15 characters) goes as written",
      field: 'oauthLink',
      value: '00D000000000001:888000000000001',
      expected: [],
    },
    {
      case: "the target org's own value (18 characters)",
      field: 'orgScopedExternalApp',
      value: '00D000000000001AAA:A',
      expected: [],
    },
    {
      case: 'a placeholder instead of an org id (§8.13)',
      field: 'orgScopedExternalApp',
      value: '00D-XXXXXXXXXXXXXX:Headless360_MCP_Client',
      expected: [{ path: '/p/A.ecaOauth-meta.xml', field: 'orgScopedExternalApp', reason: 'not-an-org-id' }],
    },
    {
      case: 'an empty value',
      field: 'oauthLink',
      value: '',
      expected: [{ path: '/p/A.ecaOauth-meta.xml', field: 'oauthLink', reason: 'not-an-org-id' }],
    },
    { case: 'another field is none of its business', field: 'label', value: '00DIT000002Kg4l:x', expected: [] },
  ];
  for (const row of table) {
    it(row.case, () => expect(leftOutFields([file(row.field, row.value)], TARGET)).to.deep.equal(row.expected));
  }
});

describe('stageAppFiles', () => {
  it('copies the files with their folders, strips org-specific fields from the copies only, and cleans up', async () => {
    const project = mkdtempSync(join(tmpdir(), 'eca-stage-test-'));
    const appPath = join(project, 'force-app/main/default/externalClientApps/A.eca-meta.xml');
    const oauthPath = join(project, 'force-app/main/default/extlClntAppOauthSettings/A.ecaOauth-meta.xml');
    const appXml = `<ExternalClientApplication ${ns}>\n    <label>A</label>\n    <orgScopedExternalApp>00D:A</orgScopedExternalApp>\n</ExternalClientApplication>\n`;
    const oauthXml = `<ExtlClntAppOauthSettings ${ns}>\n    <externalClientApplication>A</externalClientApplication>\n    <oauthLink>00D:888</oauthLink>\n</ExtlClntAppOauthSettings>\n`;
    for (const [path, xml] of [
      [appPath, appXml],
      [oauthPath, oauthXml],
    ]) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, xml);
    }
    const staged = await stageAppFiles(
      [
        { type: 'ExternalClientApplication', path: appPath },
        { type: 'ExtlClntAppOauthSettings', path: oauthPath },
      ],
      [
        { path: appPath, field: 'orgScopedExternalApp' },
        { path: oauthPath, field: 'oauthLink' },
      ],
    );
    try {
      expect(staged.files.map((file) => file.type)).to.deep.equal([
        'ExternalClientApplication',
        'ExtlClntAppOauthSettings',
      ]);
      expect(staged.files.map((file) => `${basename(dirname(file.path))}/${basename(file.path)}`)).to.deep.equal([
        'externalClientApps/A.eca-meta.xml',
        'extlClntAppOauthSettings/A.ecaOauth-meta.xml',
      ]);
      expect(readFileSync(staged.files[0].path, 'utf8')).not.to.include('orgScopedExternalApp');
      expect(readFileSync(staged.files[1].path, 'utf8')).not.to.include('oauthLink');
      expect(readFileSync(staged.files[1].path, 'utf8')).to.include(
        '<externalClientApplication>A</externalClientApplication>',
      );
      expect(readFileSync(appPath, 'utf8')).to.equal(appXml);
      expect(readFileSync(oauthPath, 'utf8')).to.equal(oauthXml);
      expect(staged.sourceOf.get(staged.files[1].path)).to.equal(oauthPath);
    } finally {
      await staged.cleanup();
      rmSync(project, { recursive: true, force: true });
    }
    expect(existsSync(staged.dir)).to.equal(false);
  });
});
