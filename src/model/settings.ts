/*
 * The effective settings of a generated app, by flag, with whether each came from a default: what the human
 * output shows as a table and --json returns as `settings`.
 */
import { type AppSpec } from './appSpec.js';
import {
  DISTRIBUTION_STATES,
  flagValueOf,
  IP_RELAXATION,
  PERMITTED_USERS,
  POLICY_ACTIONS,
  REFRESH_TOKEN_POLICIES,
  SESSION_LEVELS,
} from './policies.js';
import { formatRefreshTokenValidity } from './refreshTokenValidity.js';
import { wireNameOf } from './scopes.js';

export type SettingValue = string | number | boolean | string[];
export type Setting = { value: SettingValue; default: boolean };
export type EffectiveSettings = Record<string, Setting>;

/** The flags a certificate comes from: the settings name the one that gave it (there is no --certificate). */
export type CertificateFlag = 'certificate-file' | 'generate-certificate';

export function effectiveSettings(
  spec: AppSpec,
  defaultsUsed: readonly string[],
  certificateFlag: CertificateFlag = 'certificate-file',
): EffectiveSettings {
  const p = spec.policies;
  const entries: Array<[string, SettingValue | undefined]> = [
    ['name', spec.label],
    ['api-name', spec.apiName],
    ['contact-email', spec.contactEmail],
    ['distribution-state', flagValueOf(DISTRIBUTION_STATES, spec.distributionState)],
    ['flow', spec.oauth.flows],
    ['callback-url', spec.oauth.callbackUrls],
    ['scopes', spec.oauth.scopes.map(wireNameOf)],
    ['public-client', spec.oauth.publicClient],
    ['jwt-access-tokens', spec.oauth.jwtAccessTokens === true],
    [certificateFlag, spec.oauth.certificate ? true : undefined],
    ['permitted-users', flagValueOf(PERMITTED_USERS, p.permittedUsers)],
    ['permission-set', p.permissionSets.length > 0 ? p.permissionSets : undefined],
    ['profile', p.profiles.length > 0 ? p.profiles : undefined],
    ['run-as-user', p.runAsUser],
    ['refresh-token-policy', flagValueOf(REFRESH_TOKEN_POLICIES, p.refreshTokenPolicy)],
    ['refresh-token-validity', p.refreshTokenValidity ? formatRefreshTokenValidity(p.refreshTokenValidity) : undefined],
    ['ip-relaxation', flagValueOf(IP_RELAXATION, p.ipRelaxation)],
    ['session-timeout', p.sessionTimeoutMinutes],
    ['session-level', flagValueOf(SESSION_LEVELS, p.sessionLevel ?? 'STANDARD')],
    ['policy-action', p.policyAction ? flagValueOf(POLICY_ACTIONS, p.policyAction) : undefined],
  ];
  const settings: EffectiveSettings = {};
  for (const [flag, value] of entries) {
    if (value !== undefined) settings[flag] = { value, default: defaultsUsed.includes(flag) };
  }
  return settings;
}

/** Rows for a table: flag, value as text, and a default marker. */
export function settingRows(settings: EffectiveSettings): Array<{ setting: string; value: string; source: string }> {
  return Object.entries(settings).map(([flag, { value, default: isDefault }]) => ({
    setting: `--${flag}`,
    value: Array.isArray(value) ? value.join(', ') : String(value),
    source: isDefault ? 'default' : 'flag',
  }));
}
