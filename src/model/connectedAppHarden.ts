/*
 * `sf eca convert --harden`: the converted app takes generate's secure defaults (./defaults.ts, and what
 * src/metadata/render.ts writes) wherever the Connected App was less strict; each change becomes a `hardened` row with
 * the value before, the value after and what it can break. Also which findings --harden fixes, by code.
 */
import { type AppSpec } from './appSpec.js';
import { type Conversion, type EcaFileKey, type ExtraElement, type MappingRow } from './convertConnectedApp.js';
import { DEFAULTS } from './defaults.js';
import { specMessages } from './findings.js';
import { canIssueRefreshTokens } from './flows.js';
import { parseRefreshTokenValidity, validityInDays } from './refreshTokenValidity.js';

/** Finding codes that --harden fixes, and the Connected App field whose hardening fixes them. */
export const FIXED_BY_HARDEN: Readonly<Record<string, string>> = {
  'scopes.full': 'oauthConfig.scopes',
  'scopes.fullAllowed': 'oauthConfig.scopes',
  'permittedUsers.selfAuthorized': 'oauthConfig.isAdminApproved',
  'jwt.selfAuthorized': 'oauthConfig.isAdminApproved',
  'refreshToken.infinite': 'oauthPolicy.refreshTokenPolicy',
  'refreshToken.longIdle': 'oauthPolicy.refreshTokenPolicy',
  'refreshToken.longLifetime': 'oauthPolicy.refreshTokenPolicy',
  'ipRelaxation.relaxed': 'oauthPolicy.ipRelaxation',
  'pkce.off': 'oauthConfig.isPkceRequired',
  'sessionTimeout.none': 'sessionPolicy.sessionTimeout',
  'refreshToken.rotationOff': 'oauthConfig.isRefreshTokenRotationEnabled',
  'refreshToken.secretNotRequired': 'oauthConfig.isSecretRequiredForRefreshToken',
};

type Change = { field: string; ecaField: string; before: string; after: string; breaks: string };

const breaks = (key: string): string => specMessages.getMessage(`harden.${key}`);

export function hardenConversion(conversion: Conversion): Conversion {
  if (!conversion.spec) return conversion;
  const spec: AppSpec = structuredClone(conversion.spec);
  const extras = structuredClone(conversion.extras);
  const changes: Change[] = [];
  const p = spec.policies;
  const global = 'ExtlClntAppGlobalOauthSettings';
  const policy = 'ExtlClntAppOauthConfigurablePolicies';

  if (spec.oauth.scopes.includes('Full')) {
    const before = spec.oauth.scopes.join(', ');
    spec.oauth.scopes = spec.oauth.scopes.filter((s) => s !== 'Full');
    if (!spec.oauth.scopes.includes('Api')) spec.oauth.scopes.unshift('Api');
    const after = spec.oauth.scopes.join(', ');
    changes.push({
      field: 'oauthConfig.scopes',
      ecaField: `ExtlClntAppOauthSettings.commaSeparatedOauthScopes`,
      before,
      after,
      breaks: breaks('full'),
    });
  }
  if (p.permittedUsers === 'AllSelfAuthorized') {
    p.permittedUsers = 'AdminApprovedPreAuthorized';
    changes.push({
      field: 'oauthConfig.isAdminApproved',
      ecaField: `${policy}.permittedUsersPolicyType`,
      before: 'AllSelfAuthorized',
      after: p.permittedUsers,
      breaks: breaks('permittedUsers'),
    });
  }
  const idle = parseRefreshTokenValidity(DEFAULTS['refresh-token-validity'])!;
  const refreshOk =
    p.refreshTokenPolicy === 'Zero' ||
    (p.refreshTokenPolicy === 'SpecificInactivity' &&
      p.refreshTokenValidity !== undefined &&
      validityInDays(p.refreshTokenValidity) <= 30) ||
    (p.refreshTokenPolicy === 'SpecificLifetime' &&
      p.refreshTokenValidity !== undefined &&
      validityInDays(p.refreshTokenValidity) <= 90);
  if (!refreshOk) {
    const before = p.refreshTokenValidity
      ? `${p.refreshTokenPolicy} ${p.refreshTokenValidity.period} ${p.refreshTokenValidity.unit}`
      : p.refreshTokenPolicy;
    p.refreshTokenPolicy = 'SpecificInactivity';
    p.refreshTokenValidity = idle;
    changes.push({
      field: 'oauthPolicy.refreshTokenPolicy',
      ecaField: `${policy}.refreshTokenPolicyType`,
      before,
      after: `SpecificInactivity ${idle.period} ${idle.unit}`,
      breaks: breaks('refreshToken'),
    });
  }
  if (p.ipRelaxation !== 'Enforce') {
    changes.push({
      field: 'oauthPolicy.ipRelaxation',
      ecaField: `${policy}.ipRelaxationPolicyType`,
      before: p.ipRelaxation,
      after: 'Enforce',
      breaks: breaks('ipRelaxation'),
    });
    p.ipRelaxation = 'Enforce';
  }
  if (p.sessionTimeoutMinutes === 0) {
    p.sessionTimeoutMinutes = DEFAULTS['session-timeout'];
    changes.push({
      field: 'sessionPolicy.sessionTimeout',
      ecaField: `${policy}.sessionTimeoutInMinutes`,
      before: '(unset)',
      after: String(p.sessionTimeoutMinutes),
      breaks: breaks('sessionTimeout'),
    });
    removeExtra(extras, 'oauthPolicies', 'sessionTimeoutInMinutes');
  }
  // The Global switches: generate's values (render.ts) replace the Connected App's where those are less strict.
  const refreshTokens =
    spec.oauth.scopes.some((s) => s === 'RefreshToken' || s === 'OfflineAccess') &&
    canIssueRefreshTokens(spec.oauth.flows);
  const secure: Array<[string, boolean, string]> = [
    ['isPkceRequired', true, 'pkce'],
    ['isSecretRequiredForRefreshToken', !spec.oauth.publicClient, 'secretForRefresh'],
    ['isRefreshTokenRotationEnabled', refreshTokens, 'rotation'],
    ['isIntrospectAllTokens', false, 'introspect'],
  ];
  for (const [name, value, key] of secure) {
    const current = extras.globalOauthSettings?.find((e) => e.name === name)?.value;
    if (current === undefined || current === value) continue;
    const lessStrict = name === 'isIntrospectAllTokens' ? current === true : current === false;
    if (!lessStrict) continue;
    removeExtra(extras, 'globalOauthSettings', name);
    changes.push({
      field: `oauthConfig.${name}`,
      ecaField: `${global}.${name}`,
      before: String(current),
      after: String(value),
      breaks: breaks(key),
    });
  }
  const rows: MappingRow[] = conversion.rows.map((row) => {
    const change = changes.find((c) => c.field === row.field);
    return change ? { ...row, value: change.after, fate: 'hardened', before: change.before, note: change.breaks } : row;
  });
  for (const change of changes.filter((c) => !conversion.rows.some((row) => row.field === c.field))) {
    rows.push({
      field: change.field,
      ecaField: change.ecaField,
      value: change.after,
      fate: 'hardened',
      before: change.before,
      note: change.breaks,
    });
  }
  return { ...conversion, spec, extras, rows };
}

function removeExtra(extras: Conversion['extras'], key: EcaFileKey, name: string): void {
  const list: ExtraElement[] | undefined = extras[key];
  if (list) extras[key] = list.filter((e) => e.name !== name);
}
