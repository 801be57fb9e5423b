/*
 * Flags of `sf eca generate` -> AppSpec. Parses what only flags have (flow names, scope names, durations), fills
 * the defaults and records which were used, then judges the result with checkAppSpec: the same rules `deploy`
 * applies to files. Any error throws one SfError that names each flag and its fix; nothing has been written yet.
 */
import { type SfError } from '@salesforce/core/sfError';
import { type AppSpec, type OAuthFlow } from './appSpec.js';
import { deriveApiName } from './apiName.js';
import { DEFAULTS, defaultScopes } from './defaults.js';
import { errorsFirst, errorsOf, type Finding, finding, specMessages, warningsOf } from './findings.js';
import { FLOWS, isFlow, REFUSED_FLOWS, sortFlows } from './flows.js';
import {
  DISTRIBUTION_STATES,
  IP_RELAXATION,
  PERMITTED_USERS,
  POLICY_ACTIONS,
  REFRESH_TOKEN_POLICIES,
  POLICIES_WITH_VALIDITY,
  SESSION_LEVELS,
} from './policies.js';
import { parseRefreshTokenValidity } from './refreshTokenValidity.js';
import { checkAppSpec, unknownScopeFinding } from './rules.js';
import { closestMatch, resolveScope } from './scopes.js';
import { controlCharacterIn } from './textInput.js';

export type GenerateFlags = {
  name: string;
  'api-name'?: string;
  'contact-email': string;
  'contact-phone'?: string;
  description?: string;
  'logo-url'?: string;
  'icon-url'?: string;
  'distribution-state'?: string;
  flow?: string[];
  'callback-url'?: string[];
  scopes?: string[];
  'allow-full-scope'?: boolean;
  'public-client'?: boolean;
  'jwt-access-tokens'?: boolean;
  'permitted-users'?: string;
  'permission-set'?: string[];
  profile?: string[];
  'run-as-user'?: string;
  'refresh-token-policy'?: string;
  'refresh-token-validity'?: string;
  'ip-relaxation'?: string;
  'session-timeout'?: number;
  'session-level'?: string;
  'policy-action'?: string;
};

export type CertificateSource =
  | { kind: 'none' }
  | { kind: 'file'; pem: string }
  /** `--generate-certificate`: the certificate is made after every check passed. */
  | { kind: 'generate' };

export type BuiltSpec = {
  spec: AppSpec;
  /** Flags whose value came from DEFAULTS (or was derived: `api-name`, `scopes`). */
  defaultsUsed: string[];
  warnings: Finding[];
};

export function buildSpec(flags: GenerateFlags, certificate: CertificateSource = { kind: 'none' }): BuiltSpec {
  const refusedText = controlCharacterProblems(flags);
  const problems: Finding[] = [];
  const defaultsUsed: string[] = [];
  const pick = <K extends keyof typeof DEFAULTS>(flag: K, value: string | number | undefined): string | number => {
    if (value !== undefined) return value;
    defaultsUsed.push(flag);
    return DEFAULTS[flag];
  };
  const badChoice = (flag: string, value: string | undefined, table: Readonly<Record<string, string>>): void =>
    void problems.push(
      flagFinding(flag, 'flag.badChoice', [String(value), `--${flag}`, Object.keys(table).join(', ')]),
    );
  const choose = <T extends string>(
    flag: keyof typeof DEFAULTS,
    table: Readonly<Record<string, T>>,
    value: string | undefined,
  ): T => {
    const key = String(pick(flag, value)).toLowerCase();
    if (!(key in table)) badChoice(flag, value, table);
    return table[key] ?? Object.values(table)[0];
  };
  const sessionLevel = choose('session-level', SESSION_LEVELS, flags['session-level']);
  const actionKey = flags['policy-action']?.toLowerCase();
  if (actionKey !== undefined && !(actionKey in POLICY_ACTIONS))
    badChoice('policy-action', flags['policy-action'], POLICY_ACTIONS);
  const policyAction = actionKey === undefined ? undefined : POLICY_ACTIONS[actionKey];

  const flows = parseFlows(flags.flow ?? [], problems);
  const apiName = flags['api-name'] ?? deriveApiName(flags.name);
  if (flags['api-name'] === undefined) defaultsUsed.push('api-name');
  let scopes = parseScopes(flags.scopes ?? [], problems);
  if (!flags.scopes || flags.scopes.length === 0) {
    scopes = defaultScopes(flows);
    defaultsUsed.push('scopes');
  }

  if (flags['public-client'] !== true) defaultsUsed.push('public-client');
  if (flags['jwt-access-tokens'] !== true) defaultsUsed.push('jwt-access-tokens');
  const refreshTokenPolicy = choose('refresh-token-policy', REFRESH_TOKEN_POLICIES, flags['refresh-token-policy']);
  let refreshTokenValidity;
  if (POLICIES_WITH_VALIDITY.includes(refreshTokenPolicy) || flags['refresh-token-validity'] !== undefined) {
    const text = String(pick('refresh-token-validity', flags['refresh-token-validity']));
    refreshTokenValidity = parseRefreshTokenValidity(text);
    if (!refreshTokenValidity) problems.push(flagFinding('refresh-token-validity', 'flag.badValidity', [text]));
  }

  const spec: AppSpec = {
    apiName,
    label: flags.name,
    contactEmail: flags['contact-email'],
    ...optional('contactPhone', flags['contact-phone']),
    ...optional('description', flags.description),
    ...optional('logoUrl', flags['logo-url']),
    ...optional('iconUrl', flags['icon-url']),
    distributionState: choose('distribution-state', DISTRIBUTION_STATES, flags['distribution-state']),
    oauth: {
      flows,
      callbackUrls: unique(flags['callback-url'] ?? []),
      scopes,
      publicClient: flags['public-client'] ?? false,
      ...(certificate.kind === 'file' ? { certificate: certificate.pem } : {}),
      ...(flags['jwt-access-tokens'] === true ? { jwtAccessTokens: true } : {}),
    },
    policies: {
      permittedUsers: choose('permitted-users', PERMITTED_USERS, flags['permitted-users']),
      permissionSets: unique(flags['permission-set'] ?? []),
      profiles: unique(flags.profile ?? []),
      ...optional('runAsUser', flags['run-as-user']),
      refreshTokenPolicy,
      ...(refreshTokenValidity ? { refreshTokenValidity } : {}),
      ipRelaxation: choose('ip-relaxation', IP_RELAXATION, flags['ip-relaxation']),
      sessionTimeoutMinutes: Number(pick('session-timeout', flags['session-timeout'])),
      // Only a non-default level is held, so a spec read back from files (where STANDARD is written) compares equal.
      ...(sessionLevel === 'STANDARD' ? {} : { sessionLevel }),
      ...(policyAction ? { policyAction } : {}),
    },
  };

  let findings = checkAppSpec(spec, { allowFullScope: flags['allow-full-scope'] ?? false });
  if (certificate.kind === 'generate') {
    findings = findings.filter((f) => f.code !== 'certificate.missing');
    if (!flows.includes('jwt-bearer')) findings.push(flagFinding('generate-certificate', 'certificate.withoutJwt'));
  }
  // A flag that could not be parsed is reported once: not again as, say, "no flow" after its only value was refused.
  // A value with a control character is reported for that alone: no other message prints it back.
  const refused = new Set(refusedText.map((p) => p.field));
  const parsed = problems.filter((p) => !refused.has(p.field));
  const parsedBadly = new Set([...refused, ...parsed.map((p) => p.field)]);
  const all = errorsFirst([...refusedText, ...parsed, ...findings.filter((f) => !parsedBadly.has(f.field))]);
  const errors = errorsOf(all);
  if (errors.length > 0) throw invalidFlagsError(errors);
  return { spec, defaultsUsed, warnings: warningsOf(all) };
}

/** One error for every problem found: each line names the flag, the actions say how to fix each. */
export function invalidFlagsError(errors: readonly Finding[]): SfError {
  const lines = errors.map((e) => `--${e.field}: ${e.message}`);
  const error = specMessages.createError(errors.length === 1 ? 'error.invalidFlag' : 'error.invalidFlags', [
    errors.length === 1 ? lines[0] : `${errors.length}`,
    lines.map((line) => `  ${line}`).join('\n'),
  ]);
  error.actions = unique(errors.flatMap((e) => e.actions));
  error.setData({ findings: [...errors] });
  return error;
}

function parseFlows(values: readonly string[], problems: Finding[]): OAuthFlow[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) problems.push(flagFinding('flow', 'flag.flowMissing', [FLOWS.join(', ')]));
  const flows: OAuthFlow[] = [];
  for (const name of names) {
    if (REFUSED_FLOWS.includes(name)) problems.push(flagFinding('flow', 'flag.passwordFlow', [name]));
    else if (isFlow(name)) flows.push(name);
    else {
      const suggestion = closestMatch(name, [...FLOWS]);
      problems.push(
        flagFinding('flow', 'flag.unknownFlow', [
          name,
          suggestion ? ` Did you mean "${suggestion}"?` : '',
          FLOWS.join(', '),
        ]),
      );
    }
  }
  return sortFlows(flows);
}

function parseScopes(values: readonly string[], problems: Finding[]): string[] {
  const tokens: string[] = [];
  for (const name of values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean)) {
    const resolved = resolveScope(name);
    if (resolved.ok) tokens.push(resolved.token);
    else problems.push(unknownScopeFinding(name, resolved.suggestion));
  }
  return unique(tokens);
}

/** Every text flag with a control character in it (docs/salesforce-facts.md §8.20): one error per flag. */
export function controlCharacterProblems(flags: Readonly<Record<string, unknown>>): Finding[] {
  const out: Finding[] = [];
  for (const [flag, value] of Object.entries(flags)) {
    const values = Array.isArray(value) ? value : [value];
    for (const text of values) {
      if (typeof text !== 'string') continue;
      const found = controlCharacterIn(text, { multiLine: flag === 'description' });
      if (found) {
        out.push(flagFinding(flag, 'flag.controlCharacter', [found.codePoint, found.position], [flag]));
        break;
      }
    }
  }
  return out;
}

const flagFinding = (
  flag: string,
  code: string,
  tokens: Array<string | number> = [],
  actionTokens: Array<string | number> = [],
): Finding => finding('error', flag, `--${flag}`, code, tokens, actionTokens);

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
