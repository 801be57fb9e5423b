/*
 * The Connected App reader: every real file of test/fixtures/corpus/connectedapp read into the model (what each
 * holds, where, and that no element is lost), then tables of good and bad input with their 1-based places.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  connectedAppNameOf,
  parseConnectedApp,
  readConnectedAppFile,
  type ConnectedAppFile,
} from '../../../src/metadata/connectedApp.js';
import { findConnectedApps } from '../../../src/metadata/discoverConnectedApps.js';
import { CONNECTED_APP_SCHEMA } from '../../../src/model/connectedApp.js';

const CORPUS = 'test/fixtures/corpus/connectedapp';
const NS = 'http://soap.sforce.com/2006/04/metadata';

type Expected = {
  name: string;
  label: string;
  scopes: string[];
  /** Top-level fields the model holds (repeated ones only when given). */
  fields: string[];
  /** Codes of the problems, with their field and line. */
  problems?: string[];
  /** Line of <oauthConfig>. */
  oauthLine: number;
};

const BASE = ['contactEmail', 'label', 'oauthConfig', 'oauthPolicy'];
const EXPECTED: Expected[] = [
  { name: 'Alteryx_Test', label: 'Alteryx Test', scopes: ['Basic', 'Api', 'Full'], fields: BASE, oauthLine: 5 },
  {
    name: 'Box_Automate_CLM_Integration',
    label: 'Box Automate CLM Integration',
    scopes: ['Api'],
    fields: ['contactEmail', 'description', 'label', 'oauthConfig'],
    oauthLine: 6,
  },
  {
    name: 'connected-app-basic',
    label: '{{APP_NAME}}',
    scopes: ['Api', 'RefreshToken'],
    fields: [...BASE, 'description'],
    oauthLine: 17,
  },
  {
    name: 'connected-app-canvas',
    label: '{{APP_NAME}}',
    scopes: ['Api', 'RefreshToken'],
    fields: [...BASE, 'canvasConfig', 'description'],
    oauthLine: 27,
  },
  {
    name: 'connected-app-jwt',
    label: '{{APP_NAME}}',
    scopes: ['Api'],
    fields: [...BASE, 'description'],
    problems: ['unknownElement permissionSetLicense 46:5'],
    oauthLine: 25,
  },
  {
    name: 'connected-app-oauth',
    label: '{{APP_NAME}}',
    scopes: ['Api', 'RefreshToken', 'OpenID', 'Profile', 'Email'],
    fields: [...BASE, 'description', 'sessionPolicy'],
    oauthLine: 27,
  },
  {
    name: 'DDC_Community',
    label: 'DDC Community',
    scopes: 'Basic Api Web Full Chatter CustomApplications RefreshToken OpenID CustomPermissions'.split(' '),
    fields: [...BASE, 'profileName'],
    oauthLine: 5,
  },
  {
    name: 'DEVHUB_aywrre5fyjrxg0toetwh',
    label: 'SalesforceDX Namespace Registry',
    scopes: ['Basic', 'Api'],
    fields: [...BASE, 'description', 'iconUrl', 'logoUrl'],
    oauthLine: 8,
  },
  {
    name: 'docusign_sfdc_sync',
    label: 'docusign_sfdc_sync',
    scopes: ['Full'],
    fields: [...BASE, 'contactPhone'],
    oauthLine: 6,
  },
  {
    name: 'DXConnectedApp',
    label: 'DXConnectedApp',
    scopes: ['Basic', 'Api', 'Web', 'Full', 'RefreshToken', 'OpenID'],
    fields: BASE,
    oauthLine: 5,
  },
  {
    name: 'GCP_Connected_Clients',
    label: 'GCP Connected Clients',
    scopes: ['Full'],
    fields: [...BASE, 'description'],
    oauthLine: 6,
  },
  { name: 'GitHub_Actions', label: 'GitHub Actions', scopes: ['Full'], fields: BASE, oauthLine: 5 },
  { name: 'Identity_Management', label: 'Identity_Management', scopes: ['Api'], fields: BASE, oauthLine: 5 },
  { name: 'LF_Datadog_Monitoring', label: 'LF Datadog Monitoring', scopes: ['Api'], fields: BASE, oauthLine: 5 },
  {
    name: 'Postman',
    label: 'Postman',
    scopes: (
      'Basic Api Web Full Chatter CustomApplications RefreshToken OpenID CustomPermissions Wave Eclair Pardot ' +
      'Lightning Content CDPIngest CDPProfile CDPQuery'
    ).split(' '),
    fields: [...BASE, 'contactPhone', 'sessionPolicy'],
    oauthLine: 6,
  },
  {
    name: 'SalesforcepagelayoutAPI',
    label: 'SalesforcepagelayoutAPI',
    scopes: 'Basic Api Web Full Chatter CustomApplications RefreshToken OpenID CustomPermissions Wave Eclair'.split(
      ' ',
    ),
    fields: [...BASE, 'description', 'profileName'],
    oauthLine: 6,
  },
  { name: 'Salespreso', label: 'Salespreso', scopes: ['Api'], fields: BASE, oauthLine: 5 },
  {
    name: 'Samsung_Gear_Live_POC',
    label: 'Samsung Gear Live POC',
    scopes: 'Basic Api Web Full Chatter CustomApplications RefreshToken OpenID CustomPermissions'.split(' '),
    fields: [...BASE, 'contactPhone', 'profileName'],
    oauthLine: 6,
  },
  { name: 'Seismic_OAuth', label: 'Seismic OAuth', scopes: ['Full', 'RefreshToken'], fields: BASE, oauthLine: 5 },
  {
    name: 'Service_Now_Integration_Consumers',
    label: 'Service Now Integration Consumers',
    scopes: ['Basic', 'Api', 'Web', 'Full', 'RefreshToken'],
    fields: [...BASE, 'permissionSetName'],
    oauthLine: 5,
  },
  {
    name: 'STEST_NPE_Connected_Clients',
    label: 'STEST NPE Connected Clients',
    scopes: ['Basic', 'Api', 'Full', 'OpenID'],
    fields: [...BASE, 'description', 'permissionSetName', 'profileName'],
    oauthLine: 6,
  },
  {
    name: 'SumoLogic',
    label: 'SumoLogic',
    scopes: ['Api', 'RefreshToken'],
    fields: [...BASE, 'description'],
    oauthLine: 6,
  },
];

const given = (file: ConnectedAppFile): string[] =>
  Object.entries(file.app ?? {})
    .filter(([key, value]) => key !== 'name' && (Array.isArray(value) ? value.length > 0 : value !== undefined))
    .map(([key]) => key)
    .sort();

const problemsOf = (file: ConnectedAppFile): string[] =>
  file.problems.map((p) => `${p.code} ${p.field} ${p.line}:${p.column}`);

describe('Connected App reader: the corpus', () => {
  let files: ConnectedAppFile[];
  before(async () => {
    const found = await findConnectedApps([CORPUS]);
    files = await Promise.all(found.map((app) => readConnectedAppFile(app.path)));
  });

  it('finds all 22 files of the corpus, sorted by name', () => {
    expect(files.map((f) => f.name)).to.deep.equal(EXPECTED.map((e) => e.name));
  });

  for (const expected of EXPECTED) {
    it(`${expected.name}: label, scopes, fields, places`, () => {
      const file = files.find((f) => f.name === expected.name)!;
      expect(file.app?.label?.value).to.equal(expected.label);
      expect(file.app?.oauthConfig?.scopes.map((s) => s.value)).to.deep.equal(expected.scopes);
      expect(given(file)).to.deep.equal([...expected.fields].sort());
      expect(problemsOf(file)).to.deep.equal(expected.problems ?? []);
      expect(file.app?.oauthConfig?.line).to.equal(expected.oauthLine);
      expect(file.app?.oauthConfig?.column).to.equal(5);
      // Every element of the file is in the model, or named by a problem: nothing read is lost.
      for (const element of file.elements) {
        const inModel = element.name in (file.app ?? {});
        const named = file.problems.some((p) => p.field === element.name);
        expect(inModel || named, element.name).to.equal(true);
      }
    });
  }

  it('reads values with their types and places (Service_Now_Integration_Consumers)', () => {
    const app = files.find((f) => f.name === 'Service_Now_Integration_Consumers')!.app!;
    const oauth = app.oauthConfig!;
    expect(oauth.isAdminApproved).to.deep.include({ value: true, text: 'true', line: 9, column: 9 });
    expect(oauth.isPkceRequired).to.deep.include({ value: false, line: 16 });
    expect(oauth.certificate?.value).to.match(/^MIIDHjCC[A-Za-z0-9+/=]+$/);
    expect(oauth.consumerKey?.value).to.match(/^3MVG9/);
    expect(app.oauthPolicy?.refreshTokenPolicy).to.deep.include({ value: 'infinite', line: 30, column: 9 });
    expect(app.permissionSetName.map((p) => [p.value, p.line])).to.deep.equal([['Integration User - Service Now', 32]]);
  });

  it('reads repeated profiles in order, a session timeout as a number, canvas locations', () => {
    const samsung = files.find((f) => f.name === 'Samsung_Gear_Live_POC')!.app!;
    expect(samsung.profileName.map((p) => p.value)).to.deep.equal([
      'System Administrator',
      'SSSW - Service Agent',
      'Sales Admin',
      'ThousandEyes - Password Never Expires',
    ]);
    expect(files.find((f) => f.name === 'Postman')!.app!.sessionPolicy?.sessionTimeout?.value).to.equal(60);
    const canvas = files.find((f) => f.name === 'connected-app-canvas')!.app!.canvasConfig!;
    expect(canvas.locations.map((l) => l.value)).to.deep.equal(['Chatter', 'Visualforce']);
    expect(canvas.options.map((l) => l.value)).to.deep.equal(['HideHeader', 'HideShare']);
    expect(canvas.lifecycleClass?.value).to.equal('');
  });
});

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="${NS}">\n${body}</ConnectedApp>\n`;

describe('Connected App reader: good and bad input', () => {
  const cases: Array<{ title: string; xml: string; problems: string[]; check?: (file: ConnectedAppFile) => void }> = [
    {
      title: 'a well-formed minimal app',
      xml: doc('    <label>A</label>\n'),
      problems: [],
      check: (file): void => void expect(file.app?.label).to.deep.equal({ value: 'A', text: 'A', line: 3, column: 5 }),
    },
    {
      title: 'malformed XML: the place of the break',
      xml: doc('    <label>A</labl>\n'),
      problems: ['xml.malformed  3:19'],
      check: (file): void => void expect(file.app).to.equal(undefined),
    },
    { title: 'a DOCTYPE', xml: '<!DOCTYPE x>\n<ConnectedApp/>', problems: ['xml.doctype  1:12'] },
    { title: 'an empty file', xml: '', problems: ['xml.empty  1:1'] },
    {
      title: 'another root element',
      xml: `<ExternalClientApplication xmlns="${NS}"/>`,
      problems: ['notConnectedApp ExternalClientApplication 1:1'],
    },
    {
      title: 'a boolean that is not true or false',
      xml: doc('    <oauthConfig>\n        <isAdminApproved>yes</isAdminApproved>\n    </oauthConfig>\n'),
      problems: ['badValue oauthConfig.isAdminApproved 4:9'],
      check: (file): void => {
        expect(file.problems[0].text).to.equal('yes');
        expect(file.problems[0].expected).to.deep.equal(['true', 'false']);
        expect(file.app?.oauthConfig?.isAdminApproved).to.equal(undefined);
      },
    },
    {
      title: 'an int that is not a number',
      xml: doc('    <sessionPolicy>\n        <sessionTimeout>15m</sessionTimeout>\n    </sessionPolicy>\n'),
      problems: ['badValue sessionPolicy.sessionTimeout 4:9'],
    },
    {
      title: 'a scope outside ConnectedAppOauthAccessScope (the wire name)',
      xml: doc('    <oauthConfig>\n        <scopes>api</scopes>\n        <scopes>Api</scopes>\n    </oauthConfig>\n'),
      problems: ['badValue oauthConfig.scopes 4:9'],
      check: (file): void => void expect(file.app?.oauthConfig?.scopes.map((s) => s.value)).to.deep.equal(['Api']),
    },
    {
      title: 'an unknown element, at any depth',
      xml: doc('    <zzz>1</zzz>\n    <oauthPolicy>\n        <ipRelax>ENFORCE</ipRelax>\n    </oauthPolicy>\n'),
      problems: ['unknownElement zzz 3:5', 'unknownElement oauthPolicy.ipRelax 5:9'],
    },
    {
      title: 'a field given twice: the first is kept',
      xml: doc('    <label>A</label>\n    <label>B</label>\n'),
      problems: ['duplicate label 4:5'],
      check: (file): void => void expect(file.app?.label?.value).to.equal('A'),
    },
    {
      title: 'a canvas option outside the enumeration',
      xml: doc('    <canvasConfig>\n        <options>HideAll</options>\n    </canvasConfig>\n'),
      problems: ['badValue canvasConfig.options 4:9'],
    },
    {
      title: 'SAML, attributes and IP ranges',
      xml: doc(
        '    <attributes>\n        <formula>$User.Email</formula>\n        <key>email</key>\n    </attributes>\n' +
          '    <ipRanges>\n        <end>10.0.0.9</end>\n        <start>10.0.0.1</start>\n    </ipRanges>\n' +
          '    <samlConfig>\n        <acsUrl>https://sp.example.com/acs</acsUrl>\n        <samlSubjectType>Username</samlSubjectType>\n    </samlConfig>\n',
      ),
      problems: [],
      check: (file): void => {
        expect(file.app?.attributes.map((a) => [a.key?.value, a.formula?.value, a.line])).to.deep.equal([
          ['email', '$User.Email', 3],
        ]);
        expect(file.app?.ipRanges[0].start?.value).to.equal('10.0.0.1');
        expect(file.app?.samlConfig?.acsUrl?.value).to.equal('https://sp.example.com/acs');
      },
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const file = parseConnectedApp(c.xml, 'force-app/main/default/connectedApps/My_App.connectedApp-meta.xml');
      expect(file.name).to.equal('My_App');
      expect(problemsOf(file)).to.deep.equal(c.problems);
      c.check?.(file);
    });
  }

  it('names apps by their file name in both forms, else by fullName', () => {
    expect(connectedAppNameOf('My_App.connectedApp-meta.xml')).to.equal('My_App');
    expect(connectedAppNameOf('My_App.connectedApp')).to.equal('My_App');
    expect(connectedAppNameOf('My_App.eca-meta.xml')).to.equal(undefined);
    const file = parseConnectedApp(doc('    <fullName>From_Xml</fullName>\n'), 'x/template.xml');
    expect(file.name).to.equal('From_Xml');
    expect(file.app?.name).to.equal('From_Xml');
  });

  it('the field table covers every complex type it refers to', () => {
    for (const fields of Object.values(CONNECTED_APP_SCHEMA)) {
      for (const definition of Object.values(fields)) {
        if (!['string', 'boolean', 'int'].includes(definition.kind))
          expect(CONNECTED_APP_SCHEMA).to.have.property(definition.kind);
      }
    }
  });
});

describe('findConnectedApps', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-convert-discover-'));
    await mkdir(join(dir, 'force-app/main/default/connectedApps'), { recursive: true });
    await mkdir(join(dir, 'src/connectedApps'), { recursive: true });
    await mkdir(join(dir, 'node_modules/x'), { recursive: true });
    await writeFile(join(dir, 'force-app/main/default/connectedApps/Beta.connectedApp-meta.xml'), doc(''));
    await writeFile(join(dir, 'src/connectedApps/Alpha.connectedApp'), doc(''));
    await writeFile(join(dir, 'src/connectedApps/Broken.connectedApp-meta.xml'), '<ConnectedApp>');
    await writeFile(join(dir, 'force-app/other.xml'), doc(''));
    await writeFile(join(dir, 'force-app/notApp.xml'), `<ExternalClientApplication xmlns="${NS}"/>`);
    await writeFile(join(dir, 'node_modules/x/Skipped.connectedApp-meta.xml'), doc(''));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('finds both forms, files with a ConnectedApp root, and named files that do not parse', async () => {
    const found = await findConnectedApps([dir]);
    expect(found.map((f) => f.name)).to.deep.equal(['Alpha', 'Beta', 'Broken', 'other']);
  });

  it('keeps only the names asked for, in any case', async () => {
    const found = await findConnectedApps([dir], ['beta', 'ALPHA', 'Missing']);
    expect(found.map((f) => f.name)).to.deep.equal(['Alpha', 'Beta']);
  });
});
