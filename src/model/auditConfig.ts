/*
 * The project's audit configuration, `.eca-audit.json` (its JSON schema: docs/eca-audit-config.schema.json):
 * thresholds, the rules to run or skip, the severity that fails the audit, and suppressions, each with the reason
 * the report shows. Pure: the caller reads the file; a bad file is an error naming the field, file:line:column and
 * the fix.
 */
import { Messages } from '../messages.js';
import { type Severity } from './findingRules.js';
import { jsonPositions, positionAt } from './jsonPositions.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

export const AUDIT_CONFIG_FILE = '.eca-audit.json';

export type AuditThresholds = {
  /** An app with no token used for this many days is unused (ECA210). */
  unusedDays: number;
  /** A self-authorized app with at least this many users is flagged (ECA211). */
  manyUsers: number;
  /** Refresh tokens may live at most this long (ECA004). */
  maxRefreshTokenDays: number;
  /** Refresh tokens may stay valid this long without use (ECA005). */
  maxRefreshTokenIdleDays: number;
};

export type Suppression = {
  rule: string;
  /** The app (API name, any case); every app when left out. */
  app?: string;
  reason: string;
};

export type FailOn = Severity | 'never';

export type AuditConfig = {
  path?: string;
  failOn?: FailOn;
  rules?: string[];
  skipRules: string[];
  thresholds: AuditThresholds;
  suppressions: Suppression[];
};

export const DEFAULT_THRESHOLDS: AuditThresholds = {
  unusedDays: 90,
  manyUsers: 10,
  maxRefreshTokenDays: 90,
  maxRefreshTokenIdleDays: 30,
};

export const FAIL_ON: readonly FailOn[] = ['critical', 'high', 'medium', 'low', 'never'];

export const defaultAuditConfig = (): AuditConfig => ({
  skipRules: [],
  thresholds: { ...DEFAULT_THRESHOLDS },
  suppressions: [],
});

const RULE_ID = /^ECA\d{3}$/i;
const KEYS = ['$schema', 'failOn', 'rules', 'skipRules', 'thresholds', 'suppressions'];

/** Parse and check the text of a configuration file; throws an SfError naming the place and the fix. */
export function parseAuditConfig(text: string, path: string): AuditConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = /line (\d+) column (\d+)/.exec(reason);
    const offset = /position (\d+)/.exec(reason);
    const where = at
      ? { line: Number(at[1]), column: Number(at[2]) }
      : positionAt(text, offset ? Number(offset[1]) : text.length);
    throw messages.createError('error.config.json', [path, where.line, where.column, reason.split(' (line')[0]]);
  }
  const positions = jsonPositions(text);
  const fail = (field: string, problem: string): never => {
    const where = positions.get(field) ?? { line: 1, column: 1 };
    throw messages.createError('error.config.field', [path, where.line, where.column, field, problem], [field]);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('', 'must be a JSON object');
  const raw = json as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) fail(key, `is not a setting (the settings are ${KEYS.slice(1).join(', ')})`);
  }
  const config: AuditConfig = { ...defaultAuditConfig(), path };
  if (raw.failOn !== undefined) {
    if (!FAIL_ON.includes(raw.failOn as FailOn)) fail('failOn', `must be one of ${FAIL_ON.join(', ')}`);
    config.failOn = raw.failOn as FailOn;
  }
  const ruleList = (key: 'rules' | 'skipRules'): string[] | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return fail(key, 'must be a list of rule ids such as "ECA002"');
    value.forEach((id, index) => {
      if (typeof id !== 'string' || !RULE_ID.test(id)) fail(`${key}.${index}`, 'must be a rule id such as "ECA002"');
    });
    return (value as string[]).map((id) => id.toUpperCase());
  };
  config.rules = ruleList('rules');
  config.skipRules = ruleList('skipRules') ?? [];
  if (raw.thresholds !== undefined) {
    if (typeof raw.thresholds !== 'object' || raw.thresholds === null || Array.isArray(raw.thresholds)) {
      fail('thresholds', 'must be an object');
    }
    for (const [key, value] of Object.entries(raw.thresholds as Record<string, unknown>)) {
      if (!(key in DEFAULT_THRESHOLDS)) {
        fail(
          `thresholds.${key}`,
          `is not a threshold (the thresholds are ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`,
        );
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        fail(`thresholds.${key}`, 'must be a whole number of 0 or more');
      }
      config.thresholds[key as keyof AuditThresholds] = value as number;
    }
  }
  if (raw.suppressions !== undefined) {
    if (!Array.isArray(raw.suppressions)) fail('suppressions', 'must be a list');
    (raw.suppressions as unknown[]).forEach((item, index) => {
      const at = `suppressions.${index}`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(at, 'must be an object');
      const entry = item as Record<string, unknown>;
      for (const key of Object.keys(entry)) {
        if (!['rule', 'app', 'reason'].includes(key))
          fail(`${at}.${key}`, 'is not a field of a suppression (rule, app, reason)');
      }
      if (typeof entry.rule !== 'string' || !RULE_ID.test(entry.rule)) {
        fail(entry.rule === undefined ? at : `${at}.rule`, 'needs "rule", a rule id such as "ECA002"');
      }
      if (entry.app !== undefined && (typeof entry.app !== 'string' || entry.app.trim() === '')) {
        fail(`${at}.app`, 'must be the API name of an app');
      }
      if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
        fail(
          entry.reason === undefined ? at : `${at}.reason`,
          'needs "reason", why the finding is accepted (the report shows it)',
        );
      }
      config.suppressions.push({
        rule: (entry.rule as string).toUpperCase(),
        ...(entry.app === undefined ? {} : { app: entry.app as string }),
        reason: (entry.reason as string).trim(),
      });
    });
  }
  return config;
}

/** The suppression that covers a finding of a rule on an app, if any. */
export function suppressionFor(config: AuditConfig, rule: string, app: string): Suppression | undefined {
  return config.suppressions.find(
    (s) => s.rule === rule && (s.app === undefined || s.app.toLowerCase() === app.toLowerCase()),
  );
}

/** Whether a rule runs: in --rules (or the config's rules) when given, and not skipped. */
export function ruleSelected(config: AuditConfig, rule: string): boolean {
  if (config.rules && config.rules.length > 0 && !config.rules.includes(rule)) return false;
  return !config.skipRules.includes(rule);
}
