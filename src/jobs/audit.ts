/*
 * What `sf eca audit` does: load the project's audit configuration (.eca-audit.json), check the rule selection, audit
 * the apps of the source folders or of the org (auditOrg.ts, loaded only then), and build the report that decides
 * the exit code.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Messages } from '../messages.js';
import {
  AUDIT_CONFIG_FILE,
  type AuditConfig,
  defaultAuditConfig,
  type FailOn,
  parseAuditConfig,
} from '../model/auditConfig.js';
import { auditRuleById } from '../model/auditRules.js';
import { type AuditReport, buildReport, type IncompletePart, type RawAppFindings } from '../model/auditReport.js';
import { auditSource } from './auditSource.js';
import type { OrgAuditTarget } from './auditOrg.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

export type AuditOptions = {
  /** Folders to read in source mode (package directories or --source-dir). */
  sourceDirs: readonly string[];
  /** The project's root: where .eca-audit.json is looked for, and what report paths are relative to. */
  baseDir: string;
  /** An explicit configuration file (else .eca-audit.json in baseDir, when there is one). */
  configFile?: string;
  names?: readonly string[];
  rules?: readonly string[];
  skipRules?: readonly string[];
  /** --unused-days: the configuration's unusedDays threshold, overridden. */
  unusedDays?: number;
  /** --fail-on; default: the configuration's, else high. */
  failOn?: FailOn;
  /** Org mode when given. */
  org?: OrgAuditTarget;
  now?: Date;
};

/** The configuration file's settings, or the defaults when there is none. */
export async function loadAuditConfig(baseDir: string, explicit?: string): Promise<AuditConfig> {
  const path = explicit ?? join(baseDir, AUDIT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return defaultAuditConfig();
    throw error;
  }
  return parseAuditConfig(text, path);
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const config = await loadAuditConfig(options.baseDir, options.configFile);
  for (const id of [...(options.rules ?? []), ...(options.skipRules ?? [])]) {
    if (!auditRuleById(id)) throw messages.createError('error.unknownRule', [id]);
  }
  if (options.rules && options.rules.length > 0) config.rules = options.rules.map((id) => id.toUpperCase());
  if (options.skipRules) config.skipRules = [...config.skipRules, ...options.skipRules.map((id) => id.toUpperCase())];
  if (options.unusedDays !== undefined) {
    if (options.unusedDays < 1) throw messages.createError('error.unusedDays', [options.unusedDays]);
    config.thresholds.unusedDays = options.unusedDays;
  }
  const failOn = options.failOn ?? config.failOn ?? 'high';
  let raw: RawAppFindings[];
  let incomplete: IncompletePart[] = [];
  if (options.org) {
    const { auditOrg } = await import('./auditOrg.js');
    ({ apps: raw, incomplete } = await auditOrg(options.org, { config, names: options.names, now: options.now }));
  } else {
    raw = await auditSource({
      dirs: options.sourceDirs,
      baseDir: options.baseDir,
      config,
      names: options.names,
      now: options.now,
    });
  }
  if (options.names && options.names.length > 0) {
    const seen = new Set(raw.map((app) => app.name.toLowerCase()));
    const missing = options.names.filter((name) => !seen.has(name.toLowerCase()));
    if (missing.length > 0 && incomplete.length === 0)
      throw messages.createError('error.noNames', [missing.join(', ')]);
  }
  return buildReport(raw, config, {
    mode: options.org ? 'org' : 'source',
    failOn,
    ...(options.org ? { targetOrg: options.org.label } : { sourceDirs: [...options.sourceDirs] }),
    incomplete,
  });
}
