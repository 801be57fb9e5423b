/*
 * What `sf eca convert` shows and returns: up front, that the new app gets a new consumer key (and where Salesforce's
 * in-org migration keeps it); then per app the mapping table (Connected App field -> ECA field, value, status), the
 * notes of what changed or was not carried over, the hardened values with what they can break, the findings with
 * their rule ids and the flag that fixes them, the files, and the next commands. The --json result holds the same.
 */
import { relative } from 'node:path';
import type { ConvertedApp, ConvertOutcome } from '../jobs/convert.js';
import { Messages } from '../messages.js';
import { type Fate } from '../model/connectedAppMapping.js';
import { alignColumns } from './columns.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'convert');

export type ConvertAppResult = {
  name: string;
  apiName: string;
  sourcePath: string;
  status: 'converted' | 'notConvertible';
  problems: string[];
  mapping: Array<{
    field: string;
    ecaField?: string;
    value: string;
    status: Fate;
    note?: string;
    before?: string;
    line?: number;
    column?: number;
  }>;
  findings: Array<{
    rule: string;
    level: 'error' | 'warning';
    severity?: string;
    xmlField: string;
    message: string;
    actions: string[];
    fixedBy?: string;
  }>;
  files: Array<{ type: string; path: string; content?: string }>;
  nextCommands: string[];
};

export type OauthUsageEntry = { name: string; label?: string; users?: number; lastUsed?: string };

export type ConvertResult = {
  outputDir: string;
  dryRun: boolean;
  harden: boolean;
  /** Always true: an app rebuilt from metadata gets a new consumer key and secret. */
  newConsumerKey: boolean;
  consumerKeyNotice: string;
  apps: ConvertAppResult[];
  /** With --target-org: the OAuth usage of each Connected App (its clients, who must be reconfigured). */
  oauthUsage?: OauthUsageEntry[];
  /** With --target-org: why the usage could not be read. */
  oauthUsageError?: string;
};

export function convertResult(
  outcome: ConvertOutcome,
  oauthUsage?: OauthUsageEntry[],
  oauthUsageError?: string,
): ConvertResult {
  return {
    outputDir: outcome.outputDir,
    dryRun: outcome.dryRun,
    harden: outcome.harden,
    newConsumerKey: true,
    consumerKeyNotice: messages.getMessage('info.consumerKey'),
    apps: outcome.apps.map((app) => appResult(app, outcome.dryRun)),
    ...(oauthUsage ? { oauthUsage } : {}),
    ...(oauthUsageError ? { oauthUsageError } : {}),
  };
}

function appResult(app: ConvertedApp, dryRun: boolean): ConvertAppResult {
  return {
    name: app.name,
    apiName: app.apiName,
    sourcePath: app.sourcePath,
    status: app.status,
    problems: app.problems,
    mapping: app.rows.map((row) => ({
      field: row.field,
      ...(row.ecaField ? { ecaField: row.ecaField } : {}),
      value: row.value,
      status: row.fate,
      ...(row.note ? { note: row.note } : {}),
      ...(row.before !== undefined ? { before: row.before } : {}),
      ...(row.location ? { line: row.location.line, column: row.location.column } : {}),
    })),
    findings: app.findings.map((f) => ({
      rule: f.rule,
      level: f.level,
      ...(f.severity ? { severity: f.severity } : {}),
      xmlField: f.xmlField,
      message: f.message,
      actions: f.actions,
      ...(f.fixedByHarden ? { fixedBy: '--harden' } : {}),
    })),
    files: app.files.map((f) => ({ type: f.type, path: f.path, ...(dryRun ? { content: f.xml } : {}) })),
    nextCommands:
      app.status === 'converted'
        ? [
            `sf eca deploy --name ${app.apiName} --target-org <alias>`,
            `sf eca verify --name ${app.apiName} --target-org <alias>`,
          ]
        : [],
  };
}

/** The lines a person reads, and the warnings (the consumer key notice, apps not converted). */
export function convertReport(result: ConvertResult, cwd: string): { lines: string[]; warnings: string[] } {
  const shown = (path: string): string => relative(cwd, path) || '.';
  const lines: string[] = [result.consumerKeyNotice, ''];
  const warnings: string[] = [];
  if (result.oauthUsageError) warnings.push(messages.getMessage('info.usageUnavailable', [result.oauthUsageError]));
  if (result.oauthUsage) {
    lines.push(messages.getMessage('info.usageTitle'));
    lines.push(
      ...(result.oauthUsage.length === 0
        ? [`  ${messages.getMessage('info.noUsage')}`]
        : alignColumns(
            result.oauthUsage.map((u) => [
              u.name,
              messages.getMessage('info.usageUsers', [u.users ?? 0]),
              u.lastUsed ? messages.getMessage('info.usageLastUsed', [u.lastUsed]) : '',
            ]),
          )),
      '',
    );
  }
  for (const app of result.apps) {
    const converted = app.status === 'converted';
    lines.push(messages.getMessage(converted ? 'info.appConverted' : 'info.appNotConverted', [app.name, app.apiName]));
    if (!converted) warnings.push(messages.getMessage('warning.notConverted', [app.name, app.problems.join(' ')]));
    if (app.mapping.length > 0) {
      const header = ['field', 'ecaField', 'value', 'status'].map((c) => messages.getMessage(`info.column.${c}`));
      const rows = app.mapping.map((m) => [m.field, m.ecaField ?? '-', clip(m.value), m.status]);
      lines.push(...alignColumns([header, ...rows]));
    }
    const notes = app.mapping.filter((m) => m.note && m.status !== 'copied');
    if (notes.length > 0) {
      lines.push('', messages.getMessage('info.notesTitle'));
      for (const m of notes) {
        const before = m.before !== undefined ? ` (${m.before} -> ${m.value})` : '';
        lines.push(`  - ${m.field}${before}: ${m.note ?? ''}`);
      }
    }
    if (app.findings.length > 0) {
      lines.push('', messages.getMessage('info.findingsTitle'));
      for (const f of app.findings) {
        const fix = f.fixedBy ? messages.getMessage('info.fixedBy', [f.fixedBy]) : (f.actions[0] ?? '');
        lines.push(`  ${f.rule} ${f.severity ?? f.level} ${f.xmlField}: ${f.message} ${fix}`.trimEnd());
      }
    }
    for (const problem of app.problems) lines.push(`  ! ${problem}`);
    if (converted) {
      lines.push(
        '',
        messages.getMessage(result.dryRun ? 'info.dryRun' : 'info.wrote', [app.files.length, shown(result.outputDir)]),
      );
      for (const file of app.files) {
        lines.push(`  ${file.type}  ${shown(file.path)}`);
        if (file.content !== undefined) lines.push('', file.content);
      }
      lines.push('', messages.getMessage('info.next'), ...app.nextCommands.map((c) => `  ${c}`));
    }
    lines.push('');
  }
  return { lines, warnings };
}

const clip = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
};
