/*
 * The rules only `sf eca audit` applies, beside the shared table of findingRules.ts (whose ids the audit reuses):
 * ECA036-ECA099 judge files (of both app types), ECA200-ECA299 what only the org knows (run-as users, OAuth usage,
 * org settings). Titles, messages and fixes live in messages/audit.md (`title.<id>`, `rule.<code>`,
 * `rule.<code>.actions`); ECA-FACTS §7 is the guidance they encode (docs/salesforce-facts.md §7, §9).
 */
import { Messages } from '../messages.js';
import { type Finding, specMessages, type Tokens } from './findings.js';
import { FINDING_RULES, type FindingRule, type Severity } from './findingRules.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const auditMessages = Messages.loadMessages('plugin-eca', 'audit');

export const AUDIT_RULES: readonly FindingRule[] = [
  { id: 'ECA036', code: 'refreshToken.rotationOff', severity: 'medium' },
  { id: 'ECA037', code: 'refreshToken.secretNotRequired', severity: 'medium' },
  { id: 'ECA038', code: 'orgSpecific.inSource', severity: 'low' },
  { id: 'ECA039', code: 'connectedApp.frozen', severity: 'info' },
  { id: 'ECA040', code: 'connectedApp.noOauth', severity: 'info' },
  { id: 'ECA041', code: 'connectedApp.refreshTokenUnknown', severity: 'low' },
  { id: 'ECA042', code: 'connectedApp.introspectAll', severity: 'low' },
  { id: 'ECA200', code: 'runAsUser.notFound', severity: 'high' },
  { id: 'ECA201', code: 'runAsUser.inactive', severity: 'medium' },
  { id: 'ECA202', code: 'runAsUser.admin', severity: 'critical' },
  { id: 'ECA203', code: 'runAsUser.notApiOnly', severity: 'medium' },
  { id: 'ECA210', code: 'usage.unused', severity: 'low' },
  { id: 'ECA211', code: 'usage.selfAuthorizedManyUsers', severity: 'high' },
  { id: 'ECA220', code: 'settings.secretInRestApi', severity: 'high' },
  { id: 'ECA230', code: 'connectedApp.inUseFrozen', severity: 'medium' },
];

/** Connected App findings under the id of the same guidance for External Client Apps (their own messages). */
export const CONNECTED_APP_CODES: Readonly<Record<string, string>> = {
  'ca.full': 'ECA001',
  'ca.selfAuthorized': 'ECA002',
  'ca.refreshInfinite': 'ECA003',
  'ca.refreshLong': 'ECA004',
  'ca.refreshIdle': 'ECA005',
  'ca.ipRelaxed': 'ECA006',
  'ca.httpNotLoopback': 'ECA007',
  'ca.wildcard': 'ECA008',
  'ca.pkceOff': 'ECA009',
  'ca.publicClientCredentials': 'ECA010',
  'ca.keyInSource': 'ECA012',
  'ca.runAsMissing': 'ECA019',
  'ca.sessionTimeoutNone': 'ECA024',
  'ca.rotationOff': 'ECA036',
  'ca.secretNotRequired': 'ECA037',
};

/** Every rule an audit can report: the shared table and the audit's own, by id. */
export const ALL_AUDIT_RULES: readonly FindingRule[] = [...FINDING_RULES, ...AUDIT_RULES].sort((a, b) =>
  a.id.localeCompare(b.id),
);

const byId = new Map(ALL_AUDIT_RULES.map((rule) => [rule.id, rule]));
const byCode = new Map(AUDIT_RULES.map((rule) => [rule.code, rule]));

export const auditRuleById = (id: string): FindingRule | undefined => byId.get(id.toUpperCase());

/** Errors of the shared table (what the org would reject, what cannot work) count as high in an audit. */
export const ERROR_SEVERITY: Severity = 'high';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** critical 4 … info 0: a finding is "at or above" a threshold when its rank is at least the threshold's. */
export const severityRank = (severity: Severity): number => SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);

/** The severity a rule id has in an audit. */
export function severityOfRule(id: string): Severity {
  return auditRuleById(id)?.severity ?? ERROR_SEVERITY;
}

/** The one-line title of a rule id. */
export function titleOf(id: string): string {
  if (byCode.has(auditRuleById(id)?.code ?? '')) return auditMessages.getMessage(`title.${id}`);
  return specMessages.getMessage(`title.${id}`);
}

/** A finding of one of the audit's own rules (always a warning with the rule's severity). */
export function auditFinding(
  code: string,
  field: string,
  xmlField: string,
  tokens: Tokens = [],
  actionTokens: Tokens = [],
): Finding {
  const rule = byCode.get(code) ?? auditRuleById(CONNECTED_APP_CODES[code] ?? '');
  if (!rule) throw new Error(`unknown audit rule code ${code}`);
  return {
    level: 'warning',
    field,
    xmlField,
    code,
    rule: rule.id,
    severity: rule.severity,
    message: auditMessages.getMessage(`rule.${code}`, tokens),
    actions: auditMessages.getMessages(`rule.${code}.actions`, actionTokens),
  };
}
