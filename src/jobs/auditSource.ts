/*
 * `sf eca audit` without an org: every External Client App and Connected App under the package directories (or
 * --source-dir), read as deploy reads them (discovery, parsing, the re-check of files) and judged by the audit's
 * rules; each finding located at file:line:column (1-based). A file that does not read is a parse-error finding and
 * the audit goes on with the rest.
 */
import { relative, isAbsolute } from 'node:path';
import { findAppFiles, loadApp } from '../metadata/discover.js';
import { type ParsedApp } from '../metadata/parse.js';
import { checkAppSpec } from '../model/rules.js';
import { type Finding } from '../model/findings.js';
import { type AuditConfig } from '../model/auditConfig.js';
import { checkEcaForAudit, THRESHOLD_RULES } from '../model/auditEcaRules.js';
import { type AuditLocation, type RawAppFindings } from '../model/auditReport.js';
import { findConnectedApps } from '../metadata/discoverConnectedApps.js';
import { auditConnectedAppFile } from './auditConnectedApps.js';

export type SourceAuditOptions = {
  dirs: readonly string[];
  /** Paths in the report are relative to this folder (the project's root) when inside it. */
  baseDir: string;
  config: AuditConfig;
  /** Only these apps (API names, any case). */
  names?: readonly string[];
  /** Judge certificates at this time (tests). */
  now?: Date;
};

export const shownPath = (path: string, baseDir: string): string => {
  const rel = relative(baseDir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};

/** The findings per app of every app under the folders. */
export async function auditSource(options: SourceAuditOptions): Promise<RawAppFindings[]> {
  const wanted = options.names?.map((name) => name.toLowerCase());
  const selected = (name: string): boolean => !wanted || wanted.includes(name.toLowerCase());
  const show = (path: string): string => shownPath(path, options.baseDir);
  const out: RawAppFindings[] = [];
  const found = (await findAppFiles(options.dirs)).filter((app) => selected(app.apiName));
  const parsedApps = await Promise.all(found.map((app) => loadApp(app)));
  for (const parsed of parsedApps) out.push(ecaFindings(parsed, options, show));
  const ecaPaths = new Set(found.flatMap((app) => app.files.map((file) => file.path)));
  for (const { path } of await findConnectedApps(options.dirs, options.names, ecaPaths)) {
    const audited = await auditConnectedAppFile(path, show(path), options.config.thresholds);
    if (audited) out.push(audited);
  }
  return out;
}

/** Parse findings, the spec's rules as for files, and the audit's own: each located in the app's files. */
export function ecaFindings(
  parsed: ParsedApp,
  options: Pick<SourceAuditOptions, 'config' | 'now'>,
  show: (path: string) => string,
): RawAppFindings {
  const { spec } = parsed;
  const global = parsed.rawFiles.find((file) => file.type === 'ExtlClntAppGlobalOauthSettings');
  const globalFields = global
    ? Object.fromEntries(global.entries.filter((e) => e.text !== undefined).map((e) => [e.name, e.text!]))
    : undefined;
  const all: Finding[] = [
    ...parsed.findings,
    ...checkAppSpec(spec, { source: 'files', now: options.now }).filter((f) => !THRESHOLD_RULES.has(f.rule)),
    ...checkEcaForAudit({ spec, globalFields, orgSpecificFields: parsed.orgSpecificFields }, options.config.thresholds),
  ];
  return {
    name: spec.apiName,
    type: 'ExternalClientApplication',
    ...(spec.label ? { label: spec.label } : {}),
    findings: all.map((f) => ({ finding: f, location: locateInApp(f, parsed, show) })),
  };
}

/** Where a finding is: its own location, else the element its xmlField names, else that type's file, else the app's. */
export function locateInApp(found: Finding, parsed: ParsedApp, show: (path: string) => string): AuditLocation {
  const field = /^[A-Za-z]+(\.[A-Za-z]+)?$/.test(found.xmlField) ? found.xmlField : undefined;
  if (found.location) {
    const { path, line, column } = found.location;
    return { path: show(path), line: line ?? 1, column: column ?? 1, ...(field ? { field } : {}) };
  }
  const [type, element] = found.xmlField.split(' ')[0].split('.');
  const file =
    parsed.rawFiles.find((raw) => raw.type === type) ??
    parsed.rawFiles.find((raw) => raw.type === 'ExternalClientApplication') ??
    parsed.rawFiles[0];
  if (!file) return { ...(field ? { field } : {}) };
  const entry = element ? file.entries.find((e) => e.name === element) : undefined;
  return {
    path: show(file.path),
    line: entry?.line ?? 1,
    column: entry?.column ?? 1,
    ...(field ? { field } : {}),
  };
}
