import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { removeElement, stageAppFiles } from '../../../src/org/stagingFolder.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('removeElement', () => {
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
  ];
  for (const row of table) {
    it(row.case, () => expect(removeElement(row.xml, row.field)).to.equal(row.expected));
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
    }
    expect(existsSync(staged.dir)).to.equal(false);
  });
});
