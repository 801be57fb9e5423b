/*
 * The report of --output-format, rendered and written to --output-file whole: a temporary file beside it, renamed
 * over it, so a reader never sees half a report.
 */
import { rename, writeFile, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { type AuditReport } from '../model/auditReport.js';
import { junitXml } from './auditJunit.js';
import { markdownReport } from './auditMarkdown.js';
import { sarifLog } from './auditSarif.js';

export const OUTPUT_FORMATS = ['sarif', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type ToolInfo = { name: string; version: string; informationUri?: string };

export function renderReport(report: AuditReport, format: OutputFormat, tool: ToolInfo): string {
  if (format === 'sarif') return `${JSON.stringify(sarifLog(report, tool), null, 2)}\n`;
  if (format === 'junit') return junitXml(report);
  return markdownReport(report);
}

export async function writeReportFile(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
