/*
 * `sf eca audit --output-format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts. One run; the tool's
 * rules are the rules with a finding (id, title, help with the fix, a level and GitHub's `security-severity`); each
 * finding is a result at its file, line and column (source mode) or at its component as a logical location (org
 * mode); suppressed findings carry their reason; the parts that could not be checked are notifications and make the
 * invocation unsuccessful. Checked against the OASIS schema in test/unit/output/auditSarif.test.ts.
 */
import { type Severity } from '../model/findingRules.js';
import { type AuditFinding, type AuditReport } from '../model/auditReport.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's scale: over 9 critical, 7 to 8.9 high, 4 to 6.9 medium, under 4 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Tool = { name: string; version: string; informationUri?: string };

export function sarifLog(report: AuditReport, tool: Tool): Record<string, unknown> {
  const findings = report.apps.flatMap((app) => app.findings);
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const firstOf = new Map<string, AuditFinding>();
  for (const found of findings) if (!firstOf.has(found.rule)) firstOf.set(found.rule, found);
  const rules = ruleIds.map((id) => {
    const sample = firstOf.get(id)!;
    return {
      id,
      name: id,
      shortDescription: { text: sample.title },
      fullDescription: { text: sample.title },
      help: { text: sample.fix.join('\n') || sample.title },
      defaultConfiguration: { level: LEVEL[sample.severity] },
      properties: { 'security-severity': SECURITY_SEVERITY[sample.severity], tags: ['security', 'salesforce'] },
    };
  });
  const results = findings.map((found) => ({
    ruleId: found.rule,
    ruleIndex: ruleIds.indexOf(found.rule),
    level: LEVEL[found.severity],
    message: { text: `${found.app}: ${found.message}` },
    locations: [locationOf(found)],
    partialFingerprints: { ecaAudit: `${found.appType}/${found.app}/${found.rule}/${found.location.field ?? ''}` },
    properties: { app: found.app, appType: found.appType, severity: found.severity },
    ...(found.suppressed ? { suppressions: [{ kind: 'external', justification: found.suppressed.reason }] } : {}),
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...tool, rules } },
        invocations: [
          {
            executionSuccessful: report.incomplete.length === 0,
            toolExecutionNotifications: report.incomplete.map((part) => ({
              level: 'error',
              message: { text: `${part.part}: ${part.reason}` },
            })),
          },
        ],
        results,
      },
    ],
  };
}

function locationOf(found: AuditFinding): Record<string, unknown> {
  const { path, line, column, component, field } = found.location;
  if (path) {
    return {
      physicalLocation: {
        artifactLocation: { uri: path.split('\\').join('/') },
        region: { startLine: line ?? 1, startColumn: column ?? 1 },
      },
    };
  }
  return {
    logicalLocations: [
      { fullyQualifiedName: [component ?? found.app, field].filter(Boolean).join('/'), kind: 'resource' },
    ],
  };
}
