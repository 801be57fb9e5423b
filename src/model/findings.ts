/*
 * A finding: one problem (error) or risk (warning) about an app, naming the flag, the XML element, the cause and
 * the fix. Messages live in messages/spec.md under `rule.<code>` and `rule.<code>.actions`.
 */
import { Messages } from '../messages.js';

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
  message: string;
  actions: string[];
};

export type Tokens = Array<string | number>;

export const finding = (
  level: Finding['level'],
  field: string,
  xmlField: string,
  code: string,
  tokens: Tokens = [],
  actionTokens: Tokens = [],
): Finding => ({
  level,
  field,
  xmlField,
  code,
  message: specMessages.getMessage(`rule.${code}`, tokens),
  actions: specMessages.getMessages(`rule.${code}.actions`, actionTokens),
});

export const errorsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.level === 'error');
export const warningsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.level === 'warning');

/** Errors first, each group in its original order. */
export const errorsFirst = (findings: readonly Finding[]): Finding[] => [
  ...errorsOf(findings),
  ...warningsOf(findings),
];
