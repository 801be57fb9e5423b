/*
 * The audit's rules for a legacy Connected App, read from its `oauthConfig`, `oauthPolicy` and `sessionPolicy`
 * (docs/salesforce-facts.md §9.1): the same guidance and the same rule ids as for External Client Apps (ECA001 Full,
 * ECA002 self-authorized, ...), with messages that name the Connected App's own fields and Setup pages. Every
 * Connected App is also frozen since Spring '26 (§6.6): creating them is refused, so each one is a candidate for
 * `sf eca convert` or Salesforce's in-org migration.
 */
import { type Finding } from './findings.js';
import { auditFinding } from './auditRules.js';
import { checkCallbackUrl } from './callbacks.js';
import { type AuditThresholds } from './auditConfig.js';

/** What the rules need of a Connected App: simple values by path (`oauthConfig.isAdminApproved`), lists, positions. */
export type ConnectedAppView = {
  fullName: string;
  values: Readonly<Record<string, string>>;
  lists: Readonly<Record<string, readonly string[]>>;
  has: (path: string) => boolean;
};

const CA = 'ConnectedApp';
const isTrue = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';
const isFalse = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'false';

const UNIT_DAYS: Record<string, number> = { HOURS: 1 / 24, DAYS: 1, MONTHS: 30 };

/** `specific_lifetime:3:MONTHS` -> { kind, days }; `infinite`, `zero`, ... -> { kind }. */
export function connectedAppRefreshPolicy(value: string): { kind: string; days?: number; text?: string } {
  const [kind, period, unit] = value.trim().split(':');
  const days = Number(period) * (UNIT_DAYS[(unit ?? '').toUpperCase()] ?? Number.NaN);
  return Number.isFinite(days)
    ? { kind: kind.toLowerCase(), days, text: `${period} ${(unit ?? '').toLowerCase()}` }
    : { kind: kind.toLowerCase() };
}

export function checkConnectedApp(app: ConnectedAppView, thresholds: AuditThresholds): Finding[] {
  const out: Finding[] = [auditFinding('connectedApp.frozen', 'name', CA, [app.fullName])];
  if (!app.has('oauthConfig')) {
    out.push(auditFinding('connectedApp.noOauth', 'name', `${CA}.oauthConfig`, [app.fullName]));
    return out;
  }
  const v = app.values;
  const xml = (path: string): string => `${CA}.${path}`;
  const scopes = app.lists['oauthConfig.scopes'] ?? [];
  const refreshScope = scopes.some((s) => ['refreshtoken', 'offlineaccess'].includes(s.trim().toLowerCase()));
  if (scopes.some((s) => s.trim() === 'Full')) out.push(auditFinding('ca.full', 'scopes', xml('oauthConfig.scopes')));
  if (!isTrue(v['oauthConfig.isAdminApproved'])) {
    out.push(auditFinding('ca.selfAuthorized', 'permitted-users', xml('oauthConfig.isAdminApproved')));
  }
  const refresh = v['oauthPolicy.refreshTokenPolicy'];
  const refreshXml = xml('oauthPolicy.refreshTokenPolicy');
  if (refresh === undefined) {
    out.push(auditFinding('connectedApp.refreshTokenUnknown', 'refresh-token-policy', xml('oauthPolicy')));
  } else {
    const policy = connectedAppRefreshPolicy(refresh);
    if (policy.kind === 'infinite') out.push(auditFinding('ca.refreshInfinite', 'refresh-token-policy', refreshXml));
    else if (policy.kind === 'specific_lifetime' && (policy.days ?? 0) > thresholds.maxRefreshTokenDays) {
      out.push(
        auditFinding('ca.refreshLong', 'refresh-token-validity', refreshXml, [
          policy.text ?? refresh,
          thresholds.maxRefreshTokenDays,
        ]),
      );
    } else if (policy.kind === 'specific_inactivity' && (policy.days ?? 0) > thresholds.maxRefreshTokenIdleDays) {
      out.push(
        auditFinding('ca.refreshIdle', 'refresh-token-validity', refreshXml, [
          policy.text ?? refresh,
          thresholds.maxRefreshTokenIdleDays,
        ]),
      );
    }
  }
  const ip = v['oauthPolicy.ipRelaxation'];
  if (ip !== undefined && ip.trim().toUpperCase() !== 'ENFORCE') {
    out.push(auditFinding('ca.ipRelaxed', 'ip-relaxation', xml('oauthPolicy.ipRelaxation'), [ip.trim()]));
  }
  const callbacks = (v['oauthConfig.callbackUrl'] ?? '')
    .split(/[\n,]/)
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of callbacks) {
    const check = checkCallbackUrl(url);
    if (check.problem === 'wildcard')
      out.push(auditFinding('ca.wildcard', 'callback-url', xml('oauthConfig.callbackUrl'), [url]));
    if (check.problem === 'httpNotLoopback') {
      out.push(auditFinding('ca.httpNotLoopback', 'callback-url', xml('oauthConfig.callbackUrl'), [url]));
    }
  }
  const codeFlow = callbacks.length > 0;
  if (codeFlow && !isTrue(v['oauthConfig.isPkceRequired'])) {
    out.push(auditFinding('ca.pkceOff', 'flow', xml('oauthConfig.isPkceRequired')));
  }
  const clientCredentials = isTrue(v['oauthConfig.isClientCredentialEnabled']);
  if (clientCredentials && isTrue(v['oauthConfig.isConsumerSecretOptional'])) {
    out.push(auditFinding('ca.publicClientCredentials', 'public-client', xml('oauthConfig.isConsumerSecretOptional')));
  }
  if (clientCredentials && !(v['oauthConfig.oauthClientCredentialUser'] ?? '').trim()) {
    out.push(auditFinding('ca.runAsMissing', 'run-as-user', xml('oauthConfig.oauthClientCredentialUser')));
  }
  if ((v['oauthConfig.consumerKey'] ?? '').trim()) {
    out.push(auditFinding('ca.keyInSource', 'consumerKey', xml('oauthConfig.consumerKey')));
  }
  if (refreshScope && !isTrue(v['oauthConfig.isRefreshTokenRotationEnabled'])) {
    out.push(
      auditFinding('ca.rotationOff', 'refresh-token-rotation', xml('oauthConfig.isRefreshTokenRotationEnabled')),
    );
  }
  if (refreshScope && isFalse(v['oauthConfig.isSecretRequiredForRefreshToken'])) {
    if (!isTrue(v['oauthConfig.isConsumerSecretOptional'])) {
      out.push(auditFinding('ca.secretNotRequired', 'flow', xml('oauthConfig.isSecretRequiredForRefreshToken')));
    }
  }
  if (isTrue(v['oauthConfig.isIntrospectAllTokens'])) {
    out.push(auditFinding('connectedApp.introspectAll', 'flow', xml('oauthConfig.isIntrospectAllTokens')));
  }
  if (!(v['sessionPolicy.sessionTimeout'] ?? '').trim()) {
    out.push(auditFinding('ca.sessionTimeoutNone', 'session-timeout', xml('sessionPolicy.sessionTimeout')));
  }
  return out;
}
