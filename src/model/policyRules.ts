/*
 * The rules of an app's OAuth policies (ExtlClntAppOauthConfigurablePolicies), judged from the AppSpec alone: who
 * may use the app and as whom, IP relaxation, the session timeout and the refresh token policy. Part of
 * checkAppSpec (./rules.ts).
 */
import { type AppSpec } from './appSpec.js';
import { type Finding, finding } from './findings.js';
import { isValidUsername } from './contacts.js';
import {
  flagValueOf,
  IP_RELAXATION,
  POLICIES_WITH_VALIDITY,
  REFRESH_TOKEN_POLICIES,
  SESSION_TIMEOUTS,
} from './policies.js';
import { validityInDays } from './refreshTokenValidity.js';

const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

/** The OAuth policy rules: run-as user, permitted users, IP relaxation, session timeout, refresh tokens. */
export function checkPolicies(spec: AppSpec): Finding[] {
  const out: Finding[] = [];
  const p = spec.policies;
  const { flows } = spec.oauth;
  const xml = (element: string): string => `${POLICY}.${element}`;

  if (flows.includes('client-credentials') && !p.runAsUser) {
    out.push(finding('error', 'run-as-user', xml('clientCredentialsFlowUser'), 'runAsUser.missing'));
  }
  if (p.runAsUser !== undefined && !isValidUsername(p.runAsUser)) {
    out.push(finding('error', 'run-as-user', xml('clientCredentialsFlowUser'), 'runAsUser.invalid', [p.runAsUser]));
  }
  if (p.runAsUser !== undefined && !flows.includes('client-credentials')) {
    out.push(finding('warning', 'run-as-user', xml('clientCredentialsFlowUser'), 'runAsUser.unused'));
  }

  for (const [flag, element, names] of [
    ['permission-set', 'commaSeparatedPermissionSet', p.permissionSets],
    ['profile', 'commaSeparatedProfile', p.profiles],
  ] as const) {
    for (const name of names.filter((n) => n.includes(','))) {
      out.push(finding('error', flag, xml(element), 'preauthorized.comma', [name]));
    }
  }
  const preauthorized = p.permissionSets.length + p.profiles.length > 0;
  if (p.permittedUsers === 'AllSelfAuthorized') {
    out.push(finding('warning', 'permitted-users', xml('permittedUsersPolicyType'), 'permittedUsers.selfAuthorized'));
    if (preauthorized)
      out.push(finding('warning', 'permission-set', xml('permittedUsersPolicyType'), 'preauthorized.ignored'));
    if (flows.includes('jwt-bearer'))
      out.push(finding('warning', 'permitted-users', xml('permittedUsersPolicyType'), 'jwt.selfAuthorized'));
  } else if (!preauthorized) {
    const interactive = flows.filter((flow) => flow !== 'client-credentials');
    if (interactive.length > 0) {
      out.push(
        finding('warning', 'permission-set', xml('permittedUsersPolicyType'), 'permittedUsers.nobody', [
          interactive.join(', '),
        ]),
      );
    }
  }

  out.push(...checkRefreshTokenPolicy(spec));

  if (p.ipRelaxation !== 'Enforce') {
    out.push(
      finding('warning', 'ip-relaxation', xml('ipRelaxationPolicyType'), 'ipRelaxation.relaxed', [
        flagValueOf(IP_RELAXATION, p.ipRelaxation),
      ]),
    );
  }
  if (p.sessionTimeoutMinutes === 0) {
    out.push(finding('warning', 'session-timeout', xml('sessionTimeoutInMinutes'), 'sessionTimeout.none'));
  } else if (!SESSION_TIMEOUTS.includes(p.sessionTimeoutMinutes)) {
    const valid = SESSION_TIMEOUTS.join(', ');
    out.push(
      finding(
        'error',
        'session-timeout',
        xml('sessionTimeoutInMinutes'),
        'sessionTimeout.invalid',
        [p.sessionTimeoutMinutes, valid],
        [valid],
      ),
    );
  }
  return out;
}

function checkRefreshTokenPolicy(spec: AppSpec): Finding[] {
  const { refreshTokenPolicy: policy, refreshTokenValidity: validity } = spec.policies;
  const xml = `${POLICY}.refreshTokenPolicyType`;
  const flag = flagValueOf(REFRESH_TOKEN_POLICIES, policy);
  const takesValidity = POLICIES_WITH_VALIDITY.includes(policy);
  if (policy === 'Infinite') {
    const out = [finding('warning', 'refresh-token-policy', xml, 'refreshToken.infinite')];
    if (validity)
      out.unshift(finding('error', 'refresh-token-validity', xml, 'refreshToken.validityUnexpected', [flag]));
    return out;
  }
  if (!takesValidity) {
    return validity ? [finding('error', 'refresh-token-validity', xml, 'refreshToken.validityUnexpected', [flag])] : [];
  }
  if (!validity) return [finding('error', 'refresh-token-validity', xml, 'refreshToken.validityMissing', [flag])];
  if (!Number.isInteger(validity.period) || validity.period < 1) {
    return [
      finding('error', 'refresh-token-validity', xml, 'refreshToken.validityInvalid', [validity.period, validity.unit]),
    ];
  }
  const days = validityInDays(validity);
  const text = `${validity.period} ${validity.unit.toLowerCase()}`;
  if (policy === 'SpecificInactivity' && days > 30) {
    return [finding('warning', 'refresh-token-validity', xml, 'refreshToken.longIdle', [text])];
  }
  if (policy === 'SpecificLifetime' && days > 90) {
    return [finding('warning', 'refresh-token-validity', xml, 'refreshToken.longLifetime', [text])];
  }
  return [];
}
