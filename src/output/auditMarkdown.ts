/*
 * `sf eca audit --output-format markdown`: a report for a pull-request comment or a security review: the summary
 * table, then per app a table of its findings (severity, rule, title, where, fix), suppressions with their reasons,
 * and what could not be checked.
 */
import { Messages } from '../messages.js';
import { type AuditReport } from '../model/auditReport.js';
import { summaryLine, whereOf } from './audit.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export function markdownReport(report: AuditReport): string {
  const { summary } = report;
  const scope =
    report.mode === 'org' ? `org ${report.targetOrg ?? ''}`.trim() : (report.sourceDirs ?? []).join(', ') || '.';
  const lines = [
    `# ${messages.getMessage('markdown.title')}`,
    '',
    messages.getMessage('markdown.scope', [scope, report.failOn]),
    '',
    messages.getMessage('markdown.summaryHeader'),
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.apps} | ${summary.bySeverity.critical} | ${summary.bySeverity.high} | ${summary.bySeverity.medium} | ${summary.bySeverity.low} | ${summary.bySeverity.info} | ${summary.suppressed} |`,
    '',
  ];
  if (report.incomplete.length > 0) {
    lines.push(`> **${messages.getMessage('report.incompleteHeader')}**`);
    for (const part of report.incomplete)
      lines.push(`> ${messages.getMessage('report.incomplete', [part.part, part.reason])}`);
    lines.push('');
  }
  for (const app of report.apps) {
    const label = app.label && app.label !== app.name ? ` (${app.label})` : '';
    lines.push(`## ${app.type} \`${app.name}\`${cell(label)}`, '');
    if (app.findings.length === 0) {
      lines.push(messages.getMessage('report.noFindings'), '');
      continue;
    }
    lines.push(messages.getMessage('markdown.tableHeader'), '| --- | --- | --- | --- | --- |');
    for (const found of app.findings) {
      const severity = found.suppressed ? `~~${found.severity}~~` : `**${found.severity}**`;
      const what = found.suppressed
        ? `${found.title}<br>${messages.getMessage('report.suppressed', [found.suppressed.reason])}`
        : `${found.title}<br>${found.message}`;
      lines.push(
        `| ${severity} | ${found.rule} | ${cell(what)} | \`${cell(whereOf(found.location))}\` | ${cell(found.fix.join(' '))} |`,
      );
    }
    lines.push('');
  }
  lines.push(summaryLine(report), '');
  return lines.join('\n');
}
