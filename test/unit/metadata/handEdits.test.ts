/*
 * Hand-edited files, one edit at a time, through the pure reading layers: the XML reader, parseAppFiles and discovery.
 * Each row asserts the one diagnosis (its rule, its message at path:line:column) and that nothing else is blamed: no
 * "missing" file for a file that is there but unreadable, no second app, no cascade of rule errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { findAppFiles, loadApp } from '../../../src/metadata/discover.js';
import { locateInFiles, parseAppFiles, type AppFileInput } from '../../../src/metadata/parse.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { readMetadataXml, XmlReadError } from '../../../src/metadata/xmlReader.js';
import { errorsOf } from '../../../src/model/findings.js';
import { checkAppSpec } from '../../../src/model/rules.js';
import { baseSpec } from '../../helpers/appSpecs.js';
import { expectThrows } from '../../helpers/expectError.js';

const APP = 'externalClientApps/Billing_Sync.eca-meta.xml';
const GLOBAL = 'extlClntAppGlobalOauthSets/Billing_Sync_glbloauth.ecaGlblOauth-meta.xml';
const OAUTH = 'extlClntAppOauthSettings/Billing_Sync_oauth.ecaOauth-meta.xml';

const files = (): AppFileInput[] => renderAppFiles(baseSpec()).map((f) => ({ path: f.relativePath, xml: f.xml }));
const withFile = (path: string, edit: (xml: string) => string): AppFileInput[] =>
  files().map((f) => (f.path === path ? { ...f, xml: edit(f.xml) } : f));

describe('the XML reader: characters XML does not allow', () => {
  const rows: Array<[string, string, string, number, number]> = [
    ['a BEL in a text', `<A>\n  <label>App\u0007One</label>\n</A>`, 'U+0007', 2, 13],
    ['an ESC in a text', `<A>\n  <label>\u001b[31mred</label>\n</A>`, 'U+001B', 2, 10],
    ['a vertical tab', `<A>\n  <description>a\u000bb</description>\n</A>`, 'U+000B', 2, 17],
    ['a NUL in a comment', `<A>\n  <!-- \u0000 -->\n</A>`, 'U+0000', 2, 8],
    ['U+FFFF', `<A><label>\uffff</label></A>`, 'U+FFFF', 1, 11],
    ['a lone surrogate', `<A>\n<label>\ud800</label></A>`, 'U+D800', 2, 8],
  ];
  for (const [what, xml, codePoint, line, column] of rows) {
    it(`refuses ${what} at its line and column`, () => {
      const error = expectThrows<XmlReadError>(() => readMetadataXml(xml));
      expect(error).to.be.instanceOf(XmlReadError);
      expect([error.problem, error.reason, error.line, error.column]).to.deep.equal([
        'character',
        codePoint,
        line,
        column,
      ]);
    });
  }

  it('reads tabs, line breaks, carriage returns and characters beyond the BMP', () => {
    const record = readMetadataXml(`<A>\r\n\t<label>a\tb \u{1F600} \u00e9</label>\n</A>`);
    expect(record.fields.label).to.equal('a\tb \u{1F600} \u00e9');
  });

  const reasons: Array<[string, string, string, number, number]> = [
    [
      'a file cut inside an element',
      `<A>\n  <label>App On`,
      'the file ends before </A>, the end of its root element',
      2,
      15,
    ],
    ['a file cut inside a tag', `<?xml version="1.0"?>\n<A xml`, 'the file ends in the middle of a tag', 2, 6],
    [
      'a mistyped end tag',
      `<A>\n  <label>x</labl>\n</A>`,
      '</labl> does not close <label>, the element open there',
      2,
      17,
    ],
    ['a second root element', `<A/>\n<B/>`, 'a second root element <B> follows <A>; a metadata file has one', 2, 1],
  ];
  for (const [what, xml, reason, line, column] of reasons) {
    it(`says what is wrong with ${what}, and where`, () => {
      const error = expectThrows<XmlReadError>(() => readMetadataXml(xml));
      expect([error.problem, error.line, error.column]).to.deep.equal(['malformed', line, column]);
      expect(error.reason).to.match(new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    });
  }

  it('refuses a character reference to a control character, with its place', () => {
    const error = expectThrows<XmlReadError>(() => readMetadataXml(`<A>\n  <label>a&#7;b</label>\n</A>`));
    expect(error.problem).to.equal('malformed');
    expect([error.line, error.column]).to.deep.equal([2, 14]);
  });
});

type Row = {
  what: string;
  files: AppFileInput[];
  /** The rule of the one error, and the start of its message. */
  rule: string;
  message: RegExp;
  /** Codes that must not appear (the misleading diagnoses of before). */
  not?: string[];
  /** How many files get that error (one each), when more than one. */
  count?: number;
};

const rows: Row[] = [
  {
    what: 'an empty satellite',
    files: withFile(GLOBAL, () => ''),
    rule: 'ECA103',
    message: new RegExp(`^${GLOBAL}:1:1 holds no XML element`),
    not: ['parse.missingGlobal', 'parse.missingOauth'],
  },
  {
    what: 'a satellite cut short',
    files: withFile(GLOBAL, (xml) => xml.slice(0, 150)),
    rule: 'ECA101',
    message: new RegExp(`^${GLOBAL}:\\d+:\\d+ is not well-formed XML: `),
    not: ['parse.missingGlobal'],
  },
  {
    what: 'an app file cut short',
    files: withFile(APP, (xml) => xml.slice(0, 120)),
    rule: 'ECA101',
    message: new RegExp(`^${APP}:\\d+:\\d+ is not well-formed XML: `),
    not: ['parse.missingApp'],
  },
  {
    what: 'an unused DOCTYPE',
    files: withFile(APP, (xml) => xml.replace('?>\n', '?>\n<!DOCTYPE ExternalClientApplication>\n')),
    rule: 'ECA102',
    message: new RegExp(`^${APP}:2:\\d+ holds a DOCTYPE, which metadata files never have`),
    not: ['parse.missingApp'],
  },
  {
    what: 'a BEL in the label',
    files: withFile(APP, (xml) => xml.replace('<label>Billing Sync', '<label>Billing\u0007Sync')),
    rule: 'ECA116',
    message: new RegExp(`^${APP}:\\d+:\\d+ holds the character U\\+0007, which XML does not allow`),
    not: ['parse.missingApp'],
  },
  {
    what: 'a satellite naming another app',
    files: withFile(OAUTH, (xml) => xml.replace('>Billing_Sync<', '>Payroll_Sync<')),
    rule: 'ECA109',
    message: new RegExp(`^${OAUTH}:\\d+:5 names the app "Payroll_Sync" in externalClientApplication`),
  },
  {
    what: 'a reference in another case',
    files: withFile(OAUTH, (xml) => xml.replace('>Billing_Sync<', '>billing_sync<')),
    rule: 'ECA117',
    message: new RegExp(
      `^${OAUTH}:\\d+:5 names the app "billing_sync", which differs from .* Billing_Sync only in case`,
    ),
  },
  {
    what: 'a satellite whose app file is not there',
    files: files().filter((f) => f.path !== APP),
    rule: 'ECA110',
    message: new RegExp(`^${GLOBAL}:\\d+:5 names the app "Billing_Sync" in externalClientApplication, but no`),
    count: 4,
  },
  {
    what: 'an element the type does not have',
    files: withFile(APP, (xml) => xml.replace('    <label>', '    <lable>x</lable>\n    <label>')),
    rule: 'ECA105',
    message: new RegExp(`^${APP}:\\d+:5 has an element lable that the ExternalClientApplication type does not have`),
  },
  {
    what: 'a value outside its enumeration',
    files: withFile(APP, (xml) => xml.replace('>Local<', '>Nowhere<')),
    rule: 'ECA107',
    message: new RegExp(`^${APP}:\\d+:5: "Nowhere" is not a valid distributionState`),
  },
];

describe('hand-edited files: one diagnosis at path:line:column', () => {
  for (const row of rows) {
    it(row.what, () => {
      const parsed = parseAppFiles(row.files);
      const errors = errorsOf(parsed.findings);
      expect(
        errors.map((f) => f.rule),
        errors.map((f) => f.message).join('\n'),
      ).to.deep.equal(Array<string>(row.count ?? 1).fill(row.rule));
      const [error] = errors;
      expect(error.message).to.match(row.message);
      expect(error.location?.line, 'a line').to.be.a('number');
      expect(error.actions.join('\n')).not.to.include('%s');
      for (const code of row.not ?? []) expect(parsed.findings.map((f) => f.code)).not.to.include(code);
    });
  }

  it('fills the fixes of a reference to another app, a missing app and a case difference', () => {
    const other = parseAppFiles(withFile(OAUTH, (xml) => xml.replace('>Billing_Sync<', '>Payroll_Sync<')));
    expect(errorsOf(other.findings)[0].actions).to.deep.include(
      'Set externalClientApplication to Billing_Sync in that file, or regenerate the files with sf eca generate --force.',
    );
    const missing = parseAppFiles(files().filter((f) => f.path !== APP));
    expect(errorsOf(missing.findings)[0].actions[0]).to.match(/^Add the app's Billing_Sync\.eca-meta\.xml file/);
    const cased = parseAppFiles(withFile(OAUTH, (xml) => xml.replace('>Billing_Sync<', '>BILLING_SYNC<')));
    expect(errorsOf(cased.findings)[0].actions[0]).to.equal(
      "Write externalClientApplication as Billing_Sync, exactly as the app's file name spells it.",
    );
  });

  it("places the rules' findings on a spec read from files at their element", () => {
    const edited = withFile(GLOBAL, (xml) => xml.replace('https://billing.example.com', 'http://billing.example.com'));
    const parsed = parseAppFiles(edited);
    const [http] = locateInFiles(checkAppSpec(parsed.spec, { source: 'files' }), parsed.rawFiles).filter(
      (f) => f.code === 'callback.httpNotLoopback',
    );
    expect(http.message).to.match(new RegExp(`^${GLOBAL}:\\d+:5: The callback URL "http://billing.example.com`));
    expect(http.location).to.deep.include({ path: GLOBAL, column: 5 });
    const [again] = locateInFiles([http], parsed.rawFiles);
    expect(again.message, 'placed once').to.equal(http.message);
  });

  it('lists the files it could not read, and no others', () => {
    expect(parseAppFiles(files()).unreadableFiles).to.deep.equal([]);
    expect(parseAppFiles(withFile(GLOBAL, () => '')).unreadableFiles).to.deep.equal([GLOBAL]);
  });

  it('ignores a reference inside a comment', () => {
    const parsed = parseAppFiles(
      withFile(OAUTH, (xml) =>
        xml.replace(
          '    <externalClientApplication>',
          '    <!-- <externalClientApplication>Payroll_Sync</externalClientApplication> -->\n    <externalClientApplication>',
        ),
      ),
    );
    expect(errorsOf(parsed.findings)).to.deep.equal([]);
  });
});

describe('discovery of hand-edited files', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'eca-unit-handedits-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (items: AppFileInput[]): void => {
    for (const file of items) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.xml);
    }
  };
  const grouped = async (): Promise<Array<[string, number]>> =>
    (await findAppFiles([root])).map((app) => [app.apiName, app.files.length]);

  it('keeps an empty satellite with its app, which then reports it at its place', async () => {
    write(withFile(GLOBAL, () => ''));
    expect(await grouped()).to.deep.equal([['Billing_Sync', 5]]);
    const [app] = await findAppFiles([root]);
    const errors = errorsOf((await loadApp(app)).findings);
    expect(errors.map((f) => `${f.rule} ${f.location?.line}:${f.location?.column}`)).to.deep.equal(['ECA103 1:1']);
  });

  it('keeps a satellite cut short after its reference with the app it names', async () => {
    const cut = (xml: string): string => xml.slice(0, xml.indexOf('</externalClientApplication>') + 40);
    write(withFile(OAUTH, cut).map((f) => (f.path === OAUTH ? { ...f, path: 'other/Any_Name.ecaOauth-meta.xml' } : f)));
    expect(await grouped()).to.deep.equal([['Billing_Sync', 5]]);
  });

  it('keeps an empty satellite named like no app with the only app of the project', async () => {
    write([...files(), { path: 'extlClntAppPolicies/Leftover.ecaPlcy-meta.xml', xml: '  \n' }]);
    expect(await grouped()).to.deep.equal([['Billing_Sync', 6]]);
  });

  it('keeps a satellite named like the app, but naming another app, with the app, which reports its reference', async () => {
    write(withFile(OAUTH, (xml) => xml.replace('>Billing_Sync<', `>Payroll_Sync<`)));
    expect(await grouped()).to.deep.equal([['Billing_Sync', 5]]);
    const [app] = await findAppFiles([root]);
    expect(errorsOf((await loadApp(app)).findings).map((f) => f.rule)).to.deep.equal(['ECA109']);
  });

  it('groups a satellite with a name of its own by the app it names', async () => {
    write([
      ...files(),
      {
        path: 'extlClntAppOauthSettings/Payroll_Settings.ecaOauth-meta.xml',
        xml: files()
          .find((f) => f.path === OAUTH)!
          .xml.replace('>Billing_Sync<', '>Payroll_Sync<'),
      },
    ]);
    expect(await grouped()).to.deep.equal([
      ['Billing_Sync', 5],
      ['Payroll_Sync', 1],
    ]);
  });

  it('reads the reference outside comments', async () => {
    write(
      withFile(OAUTH, (xml) =>
        xml.replace(
          '    <externalClientApplication>',
          `    <!-- <externalClientApplication>Payroll_Sync</externalClientApplication> -->\n    <externalClientApplication>`,
        ),
      ),
    );
    expect(await grouped()).to.deep.equal([['Billing_Sync', 5]]);
  });
});
