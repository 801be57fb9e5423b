/*
 * What `sf eca audit` shows on a terminal: one block per app, its findings sorted by severity (rule id, title, where,
 * what and why, the fix), the parts that could not be checked, and the summary line. The --json result is the
 * report itself (src/model/auditReport.ts).
 */
import { Messages } from '../messages.js';
import { type AuditFinding, type AuditLocation, type AuditReport } from '../model/auditReport.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

/** `path:line:column` in source mode, the component (and field) in org mode. */
export function whereOf(location: AuditLocation): string {
  if (location.path) {
    return `${location.path}${location.line ? `:${location.line}${location.column ? `:${location.column}` : ''}` : ''}`;
  }
  const field = location.field ? ` (${location.field})` : '';
  return `${location.component ?? '-'}${field}`;
}

const SEVERITY_WIDTH = 'CRITICAL'.length;

function findingLines(found: AuditFinding): string[] {
  const lines = [
    `  ${messages.getMessage('report.finding', [found.severity.toUpperCase().padEnd(SEVERITY_WIDTH), found.rule, found.title])}`,
    `      ${messages.getMessage('report.where', [whereOf(found.location)])}`,
    `      ${found.message}`,
    ...found.fix.map((fix) => `      ${messages.getMessage('report.fix', [fix])}`),
  ];
  if (found.suppressed) lines.push(`      ${messages.getMessage('report.suppressed', [found.suppressed.reason])}`);
  return lines;
}

export function reportLines(report: AuditReport): string[] {
  const lines: string[] = [];
  for (const app of report.apps) {
    const label = app.label && app.label !== app.name ? ` (${app.label})` : '';
    lines.push(messages.getMessage('report.app', [app.type, app.name, label]));
    if (app.findings.length === 0) lines.push(`  ${messages.getMessage('report.noFindings')}`);
    for (const found of app.findings) lines.push(...findingLines(found));
    lines.push('');
  }
  if (report.incomplete.length > 0) {
    lines.push(messages.getMessage('report.incompleteHeader'));
    for (const part of report.incomplete)
      lines.push(messages.getMessage('report.incomplete', [part.part, part.reason]));
    lines.push('');
  }
  lines.push(summaryLine(report));
  return lines;
}

export function summaryLine(report: AuditReport): string {
  const { summary } = report;
  const counts = summary.bySeverity;
  return messages.getMessage('report.summary', [
    summary.apps,
    summary.findings,
    counts.critical,
    counts.high,
    counts.medium,
    counts.low,
    counts.info,
    summary.suppressed,
  ]);
}

/** The line after the summary: whether the findings fail the audit at --fail-on. */
export function verdictLine(report: AuditReport, failing: number): string {
  if (report.failOn === 'never') return messages.getMessage('report.failNever');
  return failing > 0
    ? messages.getMessage('report.failed', [failing, report.failOn])
    : messages.getMessage('report.passed', [report.failOn]);
}

export const writtenLine = (format: string, path: string): string =>
  messages.getMessage('report.written', [format, path]);

export const noAppsLine = (where: string): string => messages.getMessage('report.noApps', [where]);
