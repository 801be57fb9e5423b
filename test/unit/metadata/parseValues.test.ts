import { expect } from 'chai';
import { parseAppFiles, type AppFileInput } from '../../../src/metadata/parse.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { baseSpec, specWith } from '../../helpers/appSpecs.js';

const files = (): AppFileInput[] => renderAppFiles(baseSpec()).map((f) => ({ path: f.relativePath, xml: f.xml }));

/** The app's files with the element `name` of the file ending in `ending` set to `text` (added if missing). */
function withElement(ending: string, name: string, text: string, from = files()): AppFileInput[] {
  return from.map((f) => {
    if (!f.path.endsWith(ending)) return f;
    const element = `<${name}>${text}</${name}>`;
    const existing = new RegExp(`<${name}>[^<]*</${name}>`);
    const xml = existing.test(f.xml)
      ? f.xml.replace(existing, element)
      : f.xml.replace('    <label>', `    ${element}\n    <label>`);
    return { ...f, xml };
  });
}

const codes = (input: AppFileInput[], level: 'error' | 'warning'): string[] =>
  parseAppFiles(input)
    .findings.filter((f) => f.level === level)
    .map((f) => f.code);

describe('values as real orgs write them', () => {
  for (const spelling of ['Enforce_RelaxRefresh', 'Enforce_relaxrefresh', 'ENFORCE_RELAXREFRESH']) {
    it(`reads ipRelaxationPolicyType ${spelling}, and keeps the file's spelling in the raw fields`, () => {
      const input = withElement('.ecaOauthPlcy-meta.xml', 'ipRelaxationPolicyType', spelling);
      const parsed = parseAppFiles(input);
      expect(parsed.spec.policies.ipRelaxation).to.equal('Enforce_RelaxRefresh');
      expect(codes(input, 'error')).to.deep.equal([]);
      const raw = parsed.rawFiles.find((f) => f.path.endsWith('.ecaOauthPlcy-meta.xml'))!;
      expect(raw.entries.find((e) => e.name === 'ipRelaxationPolicyType')?.text).to.equal(spelling);
    });
  }

  it('refuses an IP relaxation value the org does not know', () => {
    expect(codes(withElement('.ecaOauthPlcy-meta.xml', 'ipRelaxationPolicyType', 'Relaxed'), 'error')).to.deep.equal([
      'parse.badValue',
    ]);
  });

  it('reads scope tokens in any order, with duplicates, with or without spaces', () => {
    const input = withElement('.ecaOauth-meta.xml', 'commaSeparatedOauthScopes', 'CDP,Api ,  RefreshToken,Api,CDP');
    expect(parseAppFiles(input).spec.oauth.scopes).to.deep.equal(['CDP', 'Api', 'RefreshToken']);
  });

  it('accepts the fields of API 67 and 68, and refuses them below their version when the version is known', () => {
    let input = withElement('.ecaGlblOauth-meta.xml', 'isEnforceRefreshTokenTTL', 'true');
    input = withElement('.ecaGlblOauth-meta.xml', 'isDPopEnabled', 'false', input);
    input = withElement('.ecaOauthPlcy-meta.xml', 'policyAction', 'StepUpMFA', input);
    expect(codes(input, 'error')).to.deep.equal([]);
    expect(parseAppFiles(input, { apiVersion: 68 }).findings.filter((f) => f.level === 'error')).to.deep.equal([]);
    const at66 = parseAppFiles(input, { apiVersion: 66 }).findings.filter((f) => f.level === 'error');
    expect(at66.map((f) => [f.rule, f.xmlField]).sort()).to.deep.equal([
      ['ECA106', 'ExtlClntAppGlobalOauthSettings.isDPopEnabled'],
      ['ECA106', 'ExtlClntAppGlobalOauthSettings.isEnforceRefreshTokenTTL'],
      ['ECA106', 'ExtlClntAppOauthConfigurablePolicies.policyAction'],
    ]);
  });

  it('reads isNamedUserJwtEnabled in the policies with a note, and refuses it where the deploy goes past API 63', () => {
    const input = withElement('.ecaOauthPlcy-meta.xml', 'isNamedUserJwtEnabled', 'false');
    const rules = (apiVersion?: number): string[][] =>
      parseAppFiles(input, apiVersion === undefined ? {} : { apiVersion }).findings.map((f) => [f.level, f.rule]);
    expect(rules()).to.deep.equal([['warning', 'ECA028']]);
    expect(rules(62)).to.deep.equal([['warning', 'ECA028']]);
    expect(rules(66)).to.deep.equal([['error', 'ECA115']]);
  });

  it('refuses an element the type does not have, with its line, and keeps it in the raw fields', () => {
    const input = withElement('.ecaOauth-meta.xml', 'scopes', 'Api');
    const parsed = parseAppFiles(input);
    const [unknown] = parsed.findings.filter((f) => f.level === 'error');
    expect([unknown.rule, unknown.code, unknown.location?.path]).to.deep.equal([
      'ECA105',
      'schema.unknownElement',
      input.find((f) => f.path.endsWith('.ecaOauth-meta.xml'))!.path,
    ]);
    expect(unknown.location?.line).to.be.a('number');
    const raw = parsed.rawFiles.find((f) => f.path.endsWith('.ecaOauth-meta.xml'))!;
    expect(raw.entries.map((e) => e.name)).to.include('scopes');
  });

  it('reads an app without its policy files, with a warning per missing file and the org defaults', () => {
    const input = files().filter((f) => !f.path.includes('Plcy'));
    const parsed = parseAppFiles(input);
    expect(parsed.findings.map((f) => [f.level, f.rule])).to.deep.equal([
      ['warning', 'ECA013'],
      ['warning', 'ECA013'],
    ]);
    expect(parsed.spec.policies.permittedUsers).to.equal('AllSelfAuthorized');
  });

  it('warns about PKCE switched off for the web server flow', () => {
    const input = withElement('.ecaGlblOauth-meta.xml', 'isPkceRequired', 'false');
    expect(codes(input, 'warning')).to.include('pkce.off');
    const cc = renderAppFiles(
      specWith({ oauth: { flows: ['client-credentials'], scopes: ['Api'] }, policies: { runAsUser: 'a@b.co' } }),
    );
    const ccInput = cc.map((f) => ({ path: f.relativePath, xml: f.xml }));
    expect(codes(withElement('.ecaGlblOauth-meta.xml', 'isPkceRequired', 'false', ccInput), 'warning')).not.to.include(
      'pkce.off',
    );
  });

  it('reads JWT-format tokens, the session level and the policy action back as generate writes them', () => {
    const spec = baseSpec();
    spec.oauth.jwtAccessTokens = true;
    spec.policies.sessionLevel = 'HIGH_ASSURANCE';
    spec.policies.policyAction = 'RaiseSessionLevel';
    const parsed = parseAppFiles(renderAppFiles(spec).map((f) => ({ path: f.relativePath, xml: f.xml })));
    expect(parsed.spec).to.deep.equal(spec);
    const low = parseAppFiles(withElement('.ecaOauthPlcy-meta.xml', 'requiredSessionLevel', 'LOW'));
    expect(low.spec.policies.sessionLevel).to.equal(undefined);
    expect(low.findings.filter((f) => f.level === 'error')).to.deep.equal([]);
  });

  it('never loses what it read: every element of every file, in file order', () => {
    const input = files();
    const parsed = parseAppFiles(input);
    expect(parsed.rawFiles.map((f) => f.path)).to.deep.equal(input.map((f) => f.path));
    for (const [index, raw] of parsed.rawFiles.entries()) {
      const names = [...input[index].xml.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
      expect(raw.entries.map((e) => e.name)).to.deep.equal(names);
    }
  });
});
