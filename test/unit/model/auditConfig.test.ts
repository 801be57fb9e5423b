/*
 * .eca-audit.json: good and bad files, each error naming the field, file:line:column and the fix; the JSON schema in
 * docs/ accepts and refuses the same files as the parser; suppressions, rule selection and fail-on in the report.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import { parseAuditConfig, ruleSelected, suppressionFor } from '../../../src/model/auditConfig.js';
import { buildReport, failingFindings, type RawAppFindings } from '../../../src/model/auditReport.js';
import { finding } from '../../../src/model/findings.js';
import { auditFinding, severityRank } from '../../../src/model/auditRules.js';
import { jsonPositions } from '../../../src/model/jsonPositions.js';

const schema = JSON.parse(readFileSync('docs/eca-audit-config.schema.json', 'utf8')) as object;
const validate = new Ajv({ strict: false }).compile(schema);

const GOOD: ReadonlyArray<[string, string]> = [
  ['empty', '{}'],
  [
    'everything',
    JSON.stringify({
      $schema: 'x',
      failOn: 'medium',
      rules: ['ECA001', 'eca002'],
      skipRules: ['ECA024'],
      thresholds: { unusedDays: 30, manyUsers: 5, maxRefreshTokenDays: 60, maxRefreshTokenIdleDays: 7 },
      suppressions: [
        { rule: 'ECA002', app: 'Postman', reason: 'Public sandbox tool' },
        { rule: 'ECA024', reason: 'Org-wide timeout' },
      ],
    }),
  ],
];

/** A bad file, the field the error names and where (line:column). */
const BAD: ReadonlyArray<[string, string, string, string]> = [
  ['not JSON', '{\n  "failOn": "high",\n}', '', '3:1'],
  ['an unknown setting', '{\n  "failon": "high"\n}', 'failon', '2:13'],
  ['an unknown failOn', '{ "failOn": "severe" }', 'failOn', '1:13'],
  ['a rule id that is none', '{ "rules": ["ECA001", "Full"] }', 'rules.1', '1:23'],
  ['rules that are no list', '{ "skipRules": "ECA001" }', 'skipRules', '1:16'],
  ['an unknown threshold', '{ "thresholds": { "unused": 3 } }', 'thresholds.unused', '1:29'],
  ['a negative threshold', '{ "thresholds": { "unusedDays": -1 } }', 'thresholds.unusedDays', '1:33'],
  ['a fractional threshold', '{ "thresholds": { "manyUsers": 2.5 } }', 'thresholds.manyUsers', '1:32'],
  ['a suppression without reason', '{\n  "suppressions": [\n    { "rule": "ECA002" }\n  ]\n}', 'suppressions.0', '3:5'],
  [
    'a suppression with an empty reason',
    '{ "suppressions": [{ "rule": "ECA002", "reason": "  " }] }',
    'suppressions.0.reason',
    '1:50',
  ],
  ['a suppression without rule', '{ "suppressions": [{ "reason": "ok" }] }', 'suppressions.0', '1:20'],
  [
    'a suppression with an unknown field',
    '{ "suppressions": [{ "rule": "ECA002", "reason": "ok", "until": "2027" }] }',
    'suppressions.0.until',
    '1:65',
  ],
];

describe('.eca-audit.json', () => {
  for (const [name, text] of GOOD) {
    it(`accepts ${name}, as its JSON schema does`, () => {
      expect(() => parseAuditConfig(text, '.eca-audit.json')).to.not.throw();
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).to.equal(true);
    });
  }

  for (const [name, text, field, where] of BAD) {
    it(`refuses ${name} at ${where}${field ? `, naming ${field}` : ''}, as its JSON schema does`, () => {
      let message = '';
      let actions: string[] = [];
      try {
        parseAuditConfig(text, '.eca-audit.json');
      } catch (error) {
        message = (error as Error).message;
        actions = (error as { actions?: string[] }).actions ?? [];
      }
      expect(message).to.include(`.eca-audit.json:${where}`);
      if (field) expect(message).to.include(field);
      expect(actions.length).to.be.greaterThan(0);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return;
      }
      expect(validate(json)).to.equal(false);
    });
  }

  it('reads the full configuration', () => {
    const config = parseAuditConfig(GOOD[1][1], '.eca-audit.json');
    expect(config.failOn).to.equal('medium');
    expect(config.rules).to.deep.equal(['ECA001', 'ECA002']);
    expect(config.thresholds).to.deep.equal({
      unusedDays: 30,
      manyUsers: 5,
      maxRefreshTokenDays: 60,
      maxRefreshTokenIdleDays: 7,
    });
    expect(suppressionFor(config, 'ECA002', 'postman')?.reason).to.equal('Public sandbox tool');
    expect(suppressionFor(config, 'ECA002', 'Other')).to.equal(undefined);
    expect(suppressionFor(config, 'ECA024', 'Other')?.reason).to.equal('Org-wide timeout');
    expect(ruleSelected(config, 'ECA001')).to.equal(true);
    expect(ruleSelected(config, 'ECA003')).to.equal(false);
    expect(ruleSelected({ ...config, rules: undefined }, 'ECA024')).to.equal(false);
  });

  it('knows where each value starts', () => {
    const positions = jsonPositions('{\n  "a": [1, {"b": "x"}],\n  "c": true\n}');
    expect(positions.get('a')).to.deep.equal({ line: 2, column: 8 });
    expect(positions.get('a.1.b')).to.deep.equal({ line: 2, column: 18 });
    expect(positions.get('c')).to.deep.equal({ line: 3, column: 8 });
  });
});

describe('the audit report', () => {
  const raw: RawAppFindings[] = [
    {
      name: 'Postman',
      type: 'ExternalClientApplication',
      findings: [
        { finding: finding('warning', 'scopes', 'x', 'scopes.full'), location: { path: 'a.xml', line: 3, column: 5 } },
        {
          finding: finding('warning', 'session-timeout', 'x', 'sessionTimeout.none'),
          location: { path: 'b.xml', line: 1, column: 1 },
        },
        {
          finding: auditFinding('refreshToken.rotationOff', 'x', 'x'),
          location: { path: 'c.xml', line: 2, column: 1 },
        },
        { finding: finding('error', 'name', 'x', 'label.empty'), location: { path: 'a.xml', line: 1, column: 1 } },
      ],
    },
  ];

  it('sorts findings by severity, counts them, and fails at --fail-on', () => {
    const report = buildReport(raw, parseAuditConfig('{}', 'c'), { mode: 'source', failOn: 'high' });
    const severities = report.apps[0].findings.map((f) => f.severity);
    expect(severities).to.deep.equal([...severities].sort((a, b) => severityRank(b) - severityRank(a)));
    expect(report.apps[0].findings.map((f) => f.rule)).to.deep.equal(['ECA001', 'ECA126', 'ECA036', 'ECA024']);
    expect(report.summary.bySeverity).to.deep.equal({ critical: 1, high: 1, medium: 1, low: 0, info: 1 });
    expect(report.passed).to.equal(false);
    expect(failingFindings(report).map((f) => f.rule)).to.deep.equal(['ECA001', 'ECA126']);
    expect(buildReport(raw, parseAuditConfig('{}', 'c'), { mode: 'source', failOn: 'never' }).passed).to.equal(true);
  });

  it('shows suppressed findings with their reason and never fails on them', () => {
    const config = parseAuditConfig(
      JSON.stringify({
        suppressions: [
          { rule: 'ECA001', reason: 'Admin tool' },
          { rule: 'ECA126', app: 'POSTMAN', reason: 'Template' },
        ],
      }),
      'c',
    );
    const report = buildReport(raw, config, { mode: 'source', failOn: 'high' });
    expect(report.apps[0].findings.find((f) => f.rule === 'ECA001')?.suppressed).to.deep.equal({
      reason: 'Admin tool',
    });
    expect(report.summary.suppressed).to.equal(2);
    expect(report.passed).to.equal(true);
  });

  it('runs only the selected rules, and an incomplete audit never passes', () => {
    const config = { ...parseAuditConfig('{}', 'c'), skipRules: ['ECA001', 'ECA126'] };
    const report = buildReport(raw, config, { mode: 'org', failOn: 'high', incomplete: [{ part: 'p', reason: 'r' }] });
    expect(report.apps[0].findings.map((f) => f.rule)).to.deep.equal(['ECA036', 'ECA024']);
    expect(report.passed).to.equal(false);
  });
});
