import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { findAppFiles, loadApp } from '../../../src/metadata/discover.js';
import { ECA_FAMILY, parseFamilyFileName } from '../../../src/metadata/ecaFamily.js';
import { KNOWN_FIELDS } from '../../../src/metadata/knownFields.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { baseSpec } from '../../helpers/appSpecs.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

describe('the ECA family table', () => {
  const registry = new RegistryAccess();
  const sdrFamily = Object.values(registry.getRegistry().types)
    .filter((type) => /^(ExternalClientApplication|ExtlClntApp)/.test(type.name))
    .map((type) => ({ name: type.name, suffix: type.suffix, folder: type.directoryName }))
    .sort((a, b) => a.name.localeCompare(b.name));

  it("holds exactly the family types of source-deploy-retrieve's registry, suffixes and folders", () => {
    expect([...ECA_FAMILY].sort((a, b) => a.name.localeCompare(b.name))).to.deep.equal(sdrFamily);
  });

  it('reads source-format and metadata-format names, and nothing else', () => {
    expect(parseFamilyFileName('X.eca-meta.xml')).to.deep.include({ component: 'X', form: 'source' });
    expect(parseFamilyFileName('X_oauth.ecaOauth')).to.deep.include({ component: 'X_oauth', form: 'metadata' });
    expect(parseFamilyFileName('X_oauthPlcy.ecaOauthPlcy')?.type.name).to.equal('ExtlClntAppOauthConfigurablePolicies');
    expect(parseFamilyFileName('X.ecaOauthSecurity-meta.xml')?.type.name).to.equal('ExtlClntAppOauthSecuritySettings');
    expect(parseFamilyFileName('external-client-app.xml')).to.equal(undefined);
    expect(parseFamilyFileName('.eca')).to.equal(undefined);
  });

  it("knows the v66 schema's elements of each OAuth type", () => {
    const xsd = readFileSync('packages/org-emulator/schema/eca-metadata.xsd', 'utf8');
    for (const [type, known] of Object.entries(KNOWN_FIELDS)) {
      const start = xsd.indexOf(`<xsd:complexType name="${type}">`);
      if (start === -1) continue;
      const body = xsd.slice(start, xsd.indexOf('</xsd:complexType>', start));
      const names = [...body.matchAll(/<xsd:element name="(\w+)"/g)].map((m) => m[1]);
      expect(known.v66, type).to.deep.equal(names);
    }
  });
});

describe('discovery of real shapes', () => {
  const project = mkdtempSync(join(tmpdir(), 'eca-family-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  const write = (path: string, xml: string): void => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), xml);
  };
  before(() => {
    for (const f of renderAppFiles(baseSpec())) {
      const metadataName = f.relativePath.replace('-meta.xml', '');
      const xml = f.key === 'app' ? f.xml : f.xml.replace(/>Billing_Sync</g, '>acme__Billing_Sync<');
      write(`ns/${metadataName}`, xml);
    }
    write(
      'ns/extlClntAppOauthSecuritySettings/Billing_Sync_oauthSecurity.ecaOauthSecurity-meta.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<ExtlClntAppOauthSecuritySettings xmlns="${NS}">\n    <externalClientApplication>acme__Billing_Sync</externalClientApplication>\n    <label>Billing_Sync_oauthSecurity</label>\n</ExtlClntAppOauthSecuritySettings>\n`,
    );
  });

  it('groups metadata-format names, namespaced references and other family files with their app', async () => {
    const [app, ...rest] = await findAppFiles([join(project, 'ns')]);
    expect(rest).to.deep.equal([]);
    expect(app.apiName).to.equal('Billing_Sync');
    expect(app.references).to.deep.equal(['acme__Billing_Sync']);
    expect(app.files.map((f) => f.type)).to.deep.equal([
      'ExternalClientApplication',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
      'ExtlClntAppOauthSecuritySettings',
    ]);
    const parsed = await loadApp(app);
    expect(parsed.findings.filter((f) => f.level === 'error')).to.deep.equal([]);
    expect(parsed.findings.map((f) => f.rule)).to.include('ECA029');
    expect(parsed.otherFiles.map((f) => f.type)).to.deep.equal(['ExtlClntAppOauthSecuritySettings']);
    expect(parsed.files).to.have.length(6);
    expect(parsed.spec).to.deep.equal(baseSpec());
  });

  it("resolves the project's own namespace without a note, and leaves another namespace apart", async () => {
    const [app] = await findAppFiles([join(project, 'ns')], undefined, { namespace: 'acme' });
    expect(app.notes).to.deep.equal([]);
    expect(app.files).to.have.length(6);
    const apps = await findAppFiles([join(project, 'ns')], undefined, { namespace: 'other' });
    expect(apps.map((a) => a.apiName)).to.deep.equal(['acme__Billing_Sync', 'Billing_Sync']);
  });
});
