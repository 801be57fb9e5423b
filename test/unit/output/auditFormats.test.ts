/*
 * The report formats of `sf eca audit --output-format`: SARIF 2.1.0 checked against the OASIS JSON schema copied in
 * test/fixtures/sarif (provenance in its README), for a source audit of the corpus and for an org audit (components,
 * no files), with suppressions and parts not checked; JUnit XML read back by an XML parser; Markdown tables.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import xml2js from 'xml2js';
import { auditSource } from '../../../src/jobs/auditSource.js';
import { parseAuditConfig } from '../../../src/model/auditConfig.js';
import { type AuditReport, buildReport } from '../../../src/model/auditReport.js';
import { auditFinding } from '../../../src/model/auditRules.js';
import { sarifLog } from '../../../src/output/auditSarif.js';
import { junitXml } from '../../../src/output/auditJunit.js';
import { markdownReport } from '../../../src/output/auditMarkdown.js';
import { renderReport } from '../../../src/output/auditFile.js';

const TOOL = { name: 'sf eca audit', version: '0.1.0' };

/** The draft-04 schema read under draft-07 rules (it uses no keyword whose meaning changed). */
function sarifValidator(): (log: unknown) => string[] {
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-2.1.0-rtm.5.json', 'utf8')) as Record<
    string,
    unknown
  >;
  const { id, $schema: ignored, ...rest } = schema;
  void ignored;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile({ ...rest, $id: id as string });
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

async function corpusReport(): Promise<AuditReport> {
  const config = parseAuditConfig(
    JSON.stringify({ suppressions: [{ rule: 'ECA024', reason: 'Sessions follow the org-wide timeout' }] }),
    '.eca-audit.json',
  );
  const raw = await auditSource({
    dirs: ['test/fixtures/corpus'],
    baseDir: 'test/fixtures/corpus',
    config,
    now: new Date('2027-01-01T00:00:00Z'),
  });
  return buildReport(raw, config, { mode: 'source', failOn: 'high', sourceDirs: ['test/fixtures/corpus'] });
}

function orgReport(): AuditReport {
  const raw = [
    {
      name: 'Billing_Sync',
      type: 'ExternalClientApplication' as const,
      findings: [
        {
          finding: auditFinding(
            'runAsUser.admin',
            'run-as-user',
            'ExtlClntAppOauthConfigurablePolicies.clientCredentialsFlowUser',
            ['admin@example.com', 'profile System Administrator'],
          ),
          location: {
            component: 'ExtlClntAppOauthConfigurablePolicies:Billing_Sync_oauthPlcy',
            field: 'ExtlClntAppOauthConfigurablePolicies.clientCredentialsFlowUser',
          },
        },
      ],
    },
  ];
  return buildReport(raw, parseAuditConfig('{}', 'x'), {
    mode: 'org',
    failOn: 'high',
    targetOrg: 'prod',
    incomplete: [
      { part: "The apps' use (OauthToken query)", reason: 'INVALID_TYPE: sObject type OauthToken is not supported' },
    ],
  });
}

describe('audit report formats', () => {
  const validate = sarifValidator();
  let corpus: AuditReport;

  before(async () => {
    corpus = await corpusReport();
  });

  it('the schema check rejects a log that breaks SARIF 2.1.0', () => {
    expect(
      validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] }),
    ).to.not.deep.equal([]);
  });

  it('writes SARIF 2.1.0 for a source audit: rules with metadata, results at file, line and column', () => {
    const log = sarifLog(corpus, TOOL) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; properties: Record<string, unknown> }> } };
        results: Array<Record<string, unknown>>;
      }>;
    };
    expect(validate(log)).to.deep.equal([]);
    const [run] = log.runs;
    expect(run.results.length).to.equal(corpus.apps.flatMap((app) => app.findings).length);
    expect(run.tool.driver.rules.map((r) => r.id)).to.include.members(['ECA001', 'ECA002', 'ECA039', 'ECA101']);
    expect(run.tool.driver.rules.every((r) => typeof r.properties['security-severity'] === 'string')).to.equal(true);
    const full = run.results.find((r) => r.ruleId === 'ECA001') as {
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    };
    expect(full.level).to.equal('error');
    expect(full.locations[0].physicalLocation.artifactLocation.uri).to.match(/^[^/].*\.xml$/);
    expect(full.locations[0].physicalLocation.region.startLine).to.be.at.least(1);
    const suppressed = run.results.filter((r) => r.ruleId === 'ECA024');
    expect(suppressed.length).to.be.greaterThan(0);
    expect(suppressed.every((r) => JSON.stringify(r.suppressions).includes('org-wide timeout'))).to.equal(true);
  });

  it('writes SARIF 2.1.0 for an org audit: components as logical locations, parts not checked as notifications', () => {
    const log = sarifLog(orgReport(), TOOL) as {
      runs: Array<{
        invocations: Array<{ executionSuccessful: boolean }>;
        results: Array<{ locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }>;
      }>;
    };
    expect(validate(log)).to.deep.equal([]);
    expect(log.runs[0].invocations[0].executionSuccessful).to.equal(false);
    expect(log.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName).to.equal(
      'ExtlClntAppOauthConfigurablePolicies:Billing_Sync_oauthPlcy/ExtlClntAppOauthConfigurablePolicies.clientCredentialsFlowUser',
    );
  });

  it('writes JUnit XML: a suite per app, failures at or above --fail-on, suppressed findings skipped', async () => {
    const xml = junitXml(corpus);
    const parsed = (await xml2js.parseStringPromise(xml)) as {
      testsuites: { $: Record<string, string>; testsuite: Array<{ $: Record<string, string> }> };
    };
    const failing = corpus.apps
      .flatMap((a) => a.findings)
      .filter((f) => !f.suppressed && ['critical', 'high'].includes(f.severity));
    expect(Number(parsed.testsuites.$.failures)).to.equal(failing.length);
    expect(Number(parsed.testsuites.$.skipped)).to.equal(corpus.summary.suppressed);
    expect(parsed.testsuites.testsuite.length).to.equal(corpus.apps.length);
  });

  it('writes JUnit XML whose incomplete parts are errors, never a green run', async () => {
    const parsed = (await xml2js.parseStringPromise(junitXml(orgReport()))) as {
      testsuites: { $: Record<string, string> };
    };
    expect(parsed.testsuites.$.errors).to.equal('1');
  });

  it('writes Markdown: the summary table, a table per app, the suppression reasons, the parts not checked', () => {
    const md = markdownReport(corpus);
    expect(md).to.match(/^# External Client App and Connected App audit/);
    expect(md).to.include(`| ${corpus.summary.apps} | ${corpus.summary.bySeverity.critical} |`);
    expect(md).to.include('## ConnectedApp `Alteryx_Test`');
    expect(md).to.include('Sessions follow the org-wide timeout');
    expect(markdownReport(orgReport())).to.include('OauthToken is not supported');
  });

  it('renders each format by name', () => {
    expect(renderReport(corpus, 'sarif', TOOL)).to.match(/^\{\n {2}"\$schema"/);
    expect(renderReport(corpus, 'junit', TOOL)).to.match(/^<\?xml/);
    expect(renderReport(corpus, 'markdown', TOOL)).to.match(/^# /);
  });
});
