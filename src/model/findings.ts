/*
 * A finding: one problem (error) or risk (warning) about an app, naming the flag, the XML element, the cause and
 * the fix. Messages live in messages/model.md under `rule.<code>` and `rule.<code>.actions`.
 */
import { Messages } from '../messages.js';
import { ruleOfCode, type Severity } from './findingRules.js';

export { type Severity } from './findingRules.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
export const specMessages = Messages.loadMessages('plugin-eca', 'model');

export type Finding = {
  level: 'error' | 'warning';
  /** The flag the finding is about, without dashes (`callback-url`). */
  field: string;
  /** The XML element it lives in (`ExtlClntAppGlobalOauthSettings.callbackUrl`). */
  xmlField: string;
  /** Stable identifier of the rule (`callback.httpNotLoopback`), for tests and tooling. */
  code: string;
  /** Stable rule id (`ECA001`) from the rule table (findingRules.ts); the code itself for codes outside it. */
  rule: string;
  /** Warnings only: how bad (critical, high, medium, low, info). */
  severity?: Severity;
  message: string;
  actions: string[];
  /** Where in which file, when the finding comes from reading one (1-based line and column). */
  location?: { path: string; line?: number; column?: number };
};

export type Tokens = Array<string | number>;

export const finding = (
  level: Finding['level'],
  field: string,
  xmlField: string,
  code: string,
  tokens: Tokens = [],
  actionTokens: Tokens = [],
): Finding => {
  const rule = ruleOfCode(code);
  return {
    level,
    field,
    xmlField,
    code,
    rule: rule?.id ?? code,
    ...(level === 'warning' ? { severity: rule?.severity ?? 'medium' } : {}),
    message: specMessages.getMessage(`rule.${code}`, tokens),
    actions: specMessages.getMessages(`rule.${code}.actions`, actionTokens),
  };
};

/** The same finding at another level (reading files: what generate refuses, the org may accept and hold). */
export const asLevel = (found: Finding, level: Finding['level']): Finding => {
  if (found.level === level) return found;
  const { severity, ...rest } = found;
  const rule = ruleOfCode(found.code);
  return level === 'warning'
    ? { ...rest, level, severity: severity ?? rule?.severity ?? 'medium' }
    : { ...rest, level };
};

/**
 * A place in a file as editors and the org's deploy errors write it: `path:line:column`, 1-based (`path:line` or
 * `path` when less is known). The one location format of every message that points into a file.
 */
export const placeOf = (path: string, line?: number, column?: number): string =>
  line === undefined ? path : column === undefined ? `${path}:${line}` : `${path}:${line}:${column}`;

/** The rule ids of findings, sorted and without duplicates. */
export const ruleIdsOf = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => f.rule))].sort();

export const errorsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.level === 'error');
export const warningsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.level === 'warning');

/** Errors first, each group in its original order. */
export const errorsFirst = (findings: readonly Finding[]): Finding[] => [
  ...errorsOf(findings),
  ...warningsOf(findings),
];
