import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { isValidUsername } from '../../../src/model/contacts.js';
import { FINDING_RULES, ruleOfCode } from '../../../src/model/findingRules.js';
import { specMessages } from '../../../src/model/findings.js';
import { ACCEPTED_IN_FILES, checkAppSpec } from '../../../src/model/rules.js';
import { SCOPES, scopeByToken } from '../../../src/model/scopes.js';
import { specWith } from '../../helpers/appSpecs.js';

describe('the finding rule table', () => {
  it('has unique ids and codes; warnings (ECA0xx) have a severity, errors (ECA1xx) none', () => {
    expect(new Set(FINDING_RULES.map((r) => r.id)).size).to.equal(FINDING_RULES.length);
    expect(new Set(FINDING_RULES.map((r) => r.code)).size).to.equal(FINDING_RULES.length);
    for (const rule of FINDING_RULES) {
      expect(/^ECA\d{3}$/.test(rule.id), rule.id).to.equal(true);
      expect(rule.severity !== undefined, rule.id).to.equal(rule.id.startsWith('ECA0'));
    }
  });

  it('gives every rule of messages/model.md an id, and every id a title, a message and a fix', () => {
    const md = readFileSync('messages/model.md', 'utf8');
    const codes = [...md.matchAll(/^# rule\.([\w.]+)$/gm)]
      .map((m) => m[1])
      .filter((code) => !code.endsWith('.actions') && !code.startsWith('flag.'));
    for (const code of codes) expect(ruleOfCode(code), code).not.to.equal(undefined);
    for (const rule of FINDING_RULES) {
      expect(specMessages.getMessage(`title.${rule.id}`).length, rule.id).to.be.greaterThan(0);
      expect(md, rule.code).to.include(`# rule.${rule.code}\n`);
      expect(md, rule.code).to.include(`# rule.${rule.code}.actions\n`);
    }
  });

  it('reads what generate refuses as warnings from files, and keeps the rest', () => {
    const spec = specWith({
      oauth: {
        flows: ['client-credentials'],
        scopes: ['Api', 'Full'],
        publicClient: true,
        callbackUrls: ['http://x.example.com/cb', 'https://*.example.com/cb'],
      },
      policies: { runAsUser: undefined },
    });
    const fromFlags = checkAppSpec(spec);
    const fromFiles = checkAppSpec(spec, { source: 'files' });
    const codes = (level: string, list: typeof fromFlags): string[] =>
      list
        .filter((f) => f.level === level)
        .map((f) => f.code)
        .sort();
    expect(codes('error', fromFlags)).to.include.members([
      'callback.httpNotLoopback',
      'callback.wildcard',
      'publicClient.clientCredentials',
      'runAsUser.missing',
      'scopes.full',
    ]);
    expect(codes('error', fromFiles)).to.deep.equal([]);
    expect(fromFiles.map((f) => f.rule)).to.include.members(['ECA001', 'ECA007', 'ECA008', 'ECA010', 'ECA019']);
    for (const code of ACCEPTED_IN_FILES) expect(ruleOfCode(code)?.severity, code).not.to.equal(undefined);
  });
});

describe('Salesforce usernames (run-as user)', () => {
  const cases: Array<[string, boolean]> = [
    ['pavankalyanm@unitedtechno.com2025_04_21_12-23-0.demo', true],
    ['box.automate.clm+00dgl000003d0lrua0@boxdemo.com', true],
    ['integration@acme.com.uat', true],
    ['user@acme', false],
    ['user name@acme.com', false],
    ['@acme.com', false],
    ['a@b@acme.com', false],
    ['user@acme..com', false],
    ['__CLIENT_CREDENTIALS_FLOW_USER__', false],
    [`${'a'.repeat(75)}@b.com`, false],
  ];
  for (const [name, valid] of cases) {
    it(`${valid ? 'accepts' : 'refuses'} ${name.slice(0, 50)}`, () => {
      expect(isValidUsername(name)).to.equal(valid);
      const found = checkAppSpec(
        specWith({ oauth: { flows: ['client-credentials'], scopes: ['Api'] }, policies: { runAsUser: name } }),
      );
      expect(found.some((f) => f.code === 'runAsUser.invalid')).to.equal(!valid);
    });
  }
});

describe('scope tokens', () => {
  // docs/salesforce-facts.md §3.3: the 36 tokens the org accepts.
  const ACCEPTED =
    'Address Api Basic CDP CDPCalculatedInsight CDPIdentityResolution CDPIngest CDPProfile CDPQuery CDPSegment Chatbot Chatter Content CustomApplications CustomPermissions DataCloudUserClaims Eclair EinsteinGPT Email ForgotPassword Full Interaction Lightning MCP OfflineAccess OpenID Pardot Phone Profile PwdlessLogin RefreshToken SCRT SFApiPlatform UserRegistration Wave Web'.split(
      ' ',
    );

  it('knows each of the 36 tokens the org accepts', () => {
    expect(ACCEPTED).to.have.length(36);
    for (const token of ACCEPTED) expect(scopeByToken(token), token).not.to.equal(undefined);
    const known = SCOPES.flatMap((s) => [s.token, ...(s.aliases ?? [])]).filter((t) => t !== 'SFAP');
    expect(known.sort()).to.deep.equal([...ACCEPTED].sort());
  });

  it('reads tokens in any order, with duplicates, with or without spaces', () => {
    const spec = specWith({ oauth: { scopes: ['CDP', 'Api', 'CDP', 'DataCloudUserClaims'] } });
    expect(checkAppSpec(spec).filter((f) => f.code === 'scopes.unknownToken')).to.deep.equal([]);
  });
});
