/*
 * An audit's report: the apps checked with their findings (each with its rule id, severity, title, what was found,
 * where, why and the fix), what was suppressed and why, which parts of the org could not be checked, and the summary
 * that decides the exit code. Pure: jobs hand in the findings per app; the formatters (src/output/audit*.ts) show it.
 */
import { type Finding } from './findings.js';
import { type Severity } from './findingRules.js';
import { type AuditConfig, type FailOn, ruleSelected, suppressionFor } from './auditConfig.js';
import { ERROR_SEVERITY, SEVERITIES, severityRank, titleOf } from './auditRules.js';

/** What a block of the report is about: an app of either type, or the org itself (its settings). */
export type AppKind = 'ExternalClientApplication' | 'ConnectedApp' | 'Organization';

export type AuditLocation = {
  /** Source mode: the file (relative to the project when inside it), 1-based line and column. */
  path?: string;
  line?: number;
  column?: number;
  /** Org mode: the metadata component (`ExtlClntAppOauthConfigurablePolicies:My_App_oauthPlcy`). */
  component?: string;
  /** The element the finding is about (`ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType`). */
  field?: string;
};

export type AuditFinding = {
  rule: string;
  severity: Severity;
  title: string;
  app: string;
  appType: AppKind;
  /** What was found and why it matters. */
  message: string;
  /** How to fix it: the sf eca generate flag, the file element or the Setup page. */
  fix: string[];
  location: AuditLocation;
  /** Set when the configuration accepts the finding: it is shown but never fails the audit. */
  suppressed?: { reason: string };
};

export type AuditedApp = { name: string; type: AppKind; label?: string; findings: AuditFinding[] };

/** A part of the audit that could not be done (a refused retrieve or query), and why. */
export type IncompletePart = { part: string; reason: string };

export type AuditSummary = {
  apps: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
};

export type AuditReport = {
  mode: 'source' | 'org';
  targetOrg?: string;
  /** The folders read in source mode. */
  sourceDirs?: string[];
  configFile?: string;
  failOn: FailOn;
  apps: AuditedApp[];
  incomplete: IncompletePart[];
  summary: AuditSummary;
  /** True when no unsuppressed finding is at or above failOn and every part was checked. */
  passed: boolean;
};

/** One app's raw findings as a job found them, each with where it was found. */
export type RawAppFindings = {
  name: string;
  type: AppKind;
  label?: string;
  findings: Array<{ finding: Finding; location: AuditLocation }>;
};

export const severityOf = (found: Finding): Severity =>
  found.level === 'error' ? ERROR_SEVERITY : (found.severity ?? 'medium');

const bySeverityThenRule = (a: AuditFinding, b: AuditFinding): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  a.rule.localeCompare(b.rule) ||
  (a.location.path ?? '').localeCompare(b.location.path ?? '') ||
  (a.location.line ?? 0) - (b.location.line ?? 0);

/** The findings of the selected rules, suppressions applied, sorted by severity; apps sorted by type and name. */
export function buildReport(
  raw: readonly RawAppFindings[],
  config: AuditConfig,
  options: {
    mode: AuditReport['mode'];
    failOn: FailOn;
    targetOrg?: string;
    sourceDirs?: string[];
    incomplete?: IncompletePart[];
  },
): AuditReport {
  const apps: AuditedApp[] = raw
    .map((app) => {
      const seen = new Set<string>();
      const findings = app.findings
        .filter(({ finding }) => ruleSelected(config, finding.rule))
        .map(({ finding, location }): AuditFinding => {
          const suppression = suppressionFor(config, finding.rule, app.name);
          return {
            rule: finding.rule,
            severity: severityOf(finding),
            title: titleOf(finding.rule),
            app: app.name,
            appType: app.type,
            message: finding.message,
            fix: finding.actions,
            location,
            ...(suppression ? { suppressed: { reason: suppression.reason } } : {}),
          };
        })
        .filter((f) => {
          const key = `${f.rule}|${f.message}|${f.location.path ?? ''}|${f.location.line ?? ''}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .sort(bySeverityThenRule);
      return { name: app.name, type: app.type, ...(app.label ? { label: app.label } : {}), findings };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  const active = apps.flatMap((app) => app.findings).filter((f) => !f.suppressed);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active) bySeverity[f.severity]++;
  const incomplete = options.incomplete ?? [];
  const failing =
    options.failOn !== 'never' &&
    active.some((f) => severityRank(f.severity) >= severityRank(options.failOn as Severity));
  return {
    mode: options.mode,
    ...(options.targetOrg ? { targetOrg: options.targetOrg } : {}),
    ...(options.sourceDirs ? { sourceDirs: options.sourceDirs } : {}),
    ...(config.path ? { configFile: config.path } : {}),
    failOn: options.failOn,
    apps,
    incomplete,
    summary: {
      apps: apps.length,
      findings: active.length,
      bySeverity,
      suppressed: apps.flatMap((app) => app.findings).length - active.length,
    },
    passed: !failing && incomplete.length === 0,
  };
}

/** Findings at or above a threshold, not suppressed. */
export const failingFindings = (report: AuditReport): AuditFinding[] =>
  report.failOn === 'never'
    ? []
    : report.apps
        .flatMap((app) => app.findings)
        .filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank(report.failOn as Severity));
