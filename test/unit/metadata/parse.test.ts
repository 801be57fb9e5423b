import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { type SfError } from '@salesforce/core';
import { findAppFiles, loadApp, rootElementOf } from '../../../src/metadata/discover.js';
import { parseAppFiles, type AppFileInput } from '../../../src/metadata/parse.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { type AppSpec } from '../../../src/model/appSpec.js';
import { baseSpec, specWith } from '../../helpers/appSpecs.js';
import { expectThrows } from '../../helpers/expectError.js';

const filesOf = (spec: AppSpec): AppFileInput[] =>
  renderAppFiles(spec).map((f) => ({ path: f.relativePath, xml: f.xml }));

/** The files of a spec with one file's XML changed. */
function edited(spec: AppSpec, fileEnding: string, edit: (xml: string) => string): AppFileInput[] {
  return filesOf(spec).map((f) => (f.path.endsWith(fileEnding) ? { ...f, xml: edit(f.xml) } : f));
}

const insertBefore =
  (name: string, text: string) =>
  (xml: string): string =>
    xml.replace(`    <${name}>`, `    ${text}\n    <${name}>`);

describe('parseAppFiles', () => {
  it('derives flows from the switches and the certificate', () => {
    const cc = parseAppFiles(
      filesOf(
        specWith({ oauth: { flows: ['client-credentials'], scopes: ['Api'] }, policies: { runAsUser: 'a@b.co' } }),
      ),
    );
    expect(cc.spec.oauth.flows).to.deep.equal(['client-credentials']);
    const web = parseAppFiles(filesOf(specWith({ oauth: { scopes: ['Api'] } })));
    expect(web.spec.oauth.flows).to.deep.equal(['web-server']);
  });

  it('reports org-specific fields and credentials without failing', () => {
    let files = edited(
      baseSpec(),
      '.eca-meta.xml',
      insertBefore('label', '<orgScopedExternalApp>00D000000000001:Billing_Sync</orgScopedExternalApp>'),
    );
    files = files.map((f) =>
      f.path.endsWith('.ecaOauth-meta.xml')
        ? { ...f, xml: insertBefore('label', '<oauthLink>00D:888</oauthLink>')(f.xml) }
        : f,
    );
    files = files.map((f) =>
      f.path.endsWith('.ecaGlblOauth-meta.xml')
        ? { ...f, xml: insertBefore('externalClientApplication', '<consumerKey>3MVG9</consumerKey>')(f.xml) }
        : f,
    );
    const parsed = parseAppFiles(files);
    expect(parsed.orgSpecificFields).to.deep.equal([
      { path: 'externalClientApps/Billing_Sync.eca-meta.xml', field: 'orgScopedExternalApp' },
      { path: files.find((f) => f.path.endsWith('.ecaOauth-meta.xml'))!.path, field: 'oauthLink' },
    ]);
    expect(parsed.findings.map((f) => [f.level, f.code])).to.deep.equal([['warning', 'parse.secretInSource']]);
    expect(parsed.findings[0].message).not.to.include('3MVG9');
    expect(parsed.spec).to.deep.equal(baseSpec());
  });

  const bad: Array<[string, AppFileInput[], string, 'error' | 'warning']> = [
    [
      'a satellite naming another app',
      edited(baseSpec(), '.ecaOauth-meta.xml', (x) => x.replace('>Billing_Sync<', '>Other_App<')),
      'parse.wrongApp',
      'error',
    ],
    [
      'isNamedUserJwtEnabled in the policies',
      edited(
        baseSpec(),
        '.ecaOauthPlcy-meta.xml',
        insertBefore('label', '<isNamedUserJwtEnabled>false</isNamedUserJwtEnabled>'),
      ),
      'parse.namedUserJwtInPolicies',
      'warning',
    ],
    [
      'client credentials on in one file only',
      edited(baseSpec(), '.ecaGlblOauth-meta.xml', (x) =>
        x.replace('<isClientCredentialsFlowEnabled>false', '<isClientCredentialsFlowEnabled>true'),
      ),
      'parse.flowMismatch',
      'warning',
    ],
    [
      'an unknown permitted-users value',
      edited(baseSpec(), '.ecaOauthPlcy-meta.xml', (x) => x.replace('AdminApprovedPreAuthorized', 'AdminApproved')),
      'parse.badValue',
      'error',
    ],
    [
      'a missing policies file',
      filesOf(baseSpec()).filter((f) => !f.path.endsWith('.ecaOauthPlcy-meta.xml')),
      'parse.missingPolicies',
      'warning',
    ],
    [
      'malformed XML',
      edited(baseSpec(), '.ecaOauth-meta.xml', (x) => x.replace('</label>', '</labl>')),
      'xml.malformed',
      'error',
    ],
    ['no app file', filesOf(baseSpec()).slice(1), 'parse.missingApp', 'error'],
    [
      'no global OAuth settings',
      filesOf(baseSpec()).filter((f) => !f.path.includes('Glbl')),
      'parse.missingGlobal',
      'warning',
    ],
    [
      'two OAuth settings',
      [...filesOf(baseSpec()), { path: 'x/Other.ecaOauth-meta.xml', xml: filesOf(baseSpec())[2].xml }],
      'parse.duplicateType',
      'error',
    ],
  ];
  for (const [what, files, code, level] of bad) {
    it(`finds ${what} (${level})`, () => {
      const found = parseAppFiles(files).findings.filter((f) => f.level === level);
      expect(found.map((f) => f.code)).to.include(code);
    });
  }

  it('applies the org defaults when the policies file is missing, so the rules see them', () => {
    const parsed = parseAppFiles(filesOf(baseSpec()).filter((f) => !f.path.endsWith('.ecaOauthPlcy-meta.xml')));
    expect(parsed.missingTypes).to.deep.equal(['ExtlClntAppOauthConfigurablePolicies']);
    expect(parsed.spec.policies.permittedUsers).to.equal('AllSelfAuthorized');
  });

  it('keeps wire names written into the file as they are, for the rules to reject', () => {
    const parsed = parseAppFiles(
      edited(baseSpec(), '.ecaOauth-meta.xml', (x) => x.replace('Api, RefreshToken', 'api,refresh_token')),
    );
    expect(parsed.spec.oauth.scopes).to.deep.equal(['api', 'refresh_token']);
  });

  it('refuses a file of another type', () => {
    const files = [
      ...filesOf(baseSpec()),
      { path: 'classes/A.cls-meta.xml', xml: '<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"/>' },
    ];
    const error = expectThrows<SfError>(() => parseAppFiles(files), /ApexClass file/);
    expect(error.actions?.length).to.be.greaterThan(0);
  });
});

describe('findAppFiles', () => {
  const project = mkdtempSync(join(tmpdir(), 'eca-find-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  const write = (path: string, xml: string): void => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), xml);
  };
  before(() => {
    for (const f of renderAppFiles(baseSpec())) write(`force-app/main/default/${f.relativePath}`, f.xml);
    // A second app whose satellites have free names and sit in other folders: grouped by reference, not by name.
    for (const f of renderAppFiles(baseSpec({ apiName: 'Alpha_App', label: 'Alpha' }))) {
      const name = f.key === 'app' ? f.relativePath : `other/${f.key}_file.${f.fileName.split('.')[1]}.xml`;
      write(
        `second/${name}`,
        `<?xml version="1.0" encoding="UTF-8"?>\n<!-- hand-made -->\n${f.xml.split('\n').slice(1).join('\n')}`,
      );
    }
    write(
      'force-app/main/default/classes/A.cls-meta.xml',
      '<?xml version="1.0"?><ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"/>',
    );
    write('force-app/node_modules/x/Bad.eca-meta.xml', 'not xml');
  });

  it('groups every app by reference, sorted by name', async () => {
    const apps = await findAppFiles([join(project, 'force-app'), join(project, 'second')]);
    expect(apps.map((a) => a.apiName)).to.deep.equal(['Alpha_App', 'Billing_Sync']);
    expect(apps[0].files.map((f) => f.type)).to.deep.equal([
      'ExternalClientApplication',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
    ]);
    expect(apps[0].files[1].path).to.equal(
      join(project, 'second/other/globalOauthSettings_file.ecaGlblOauth-meta.xml'),
    );
  });

  it('finds one app by name, case-insensitively, and loads it', async () => {
    const [app] = await findAppFiles([join(project, 'force-app'), join(project, 'second')], 'alpha_app');
    expect(app.apiName).to.equal('Alpha_App');
    const parsed = await loadApp(app);
    expect(parsed.spec).to.deep.equal(baseSpec({ apiName: 'Alpha_App', label: 'Alpha' }));
  });

  it('finds nothing for an unknown name or a missing folder', async () => {
    expect(await findAppFiles([join(project, 'force-app')], 'Nope')).to.deep.equal([]);
    expect(await findAppFiles([join(project, 'missing')])).to.deep.equal([]);
  });

  const roots: Array<[string, string | undefined]> = [
    ['<?xml version="1.0"?>\n<ExternalClientApplication xmlns="x">', 'ExternalClientApplication'],
    ['\uFEFF<!-- c --><md:Foo xmlns:md="x"/>', 'Foo'],
    ['plain text', undefined],
  ];
  for (const [xml, root] of roots) {
    it(`reads the root element of ${JSON.stringify(xml.slice(0, 30))}`, () =>
      expect(rootElementOf(xml)).to.equal(root));
  }
});
