/*
 * What the audit checks in an External Client App beyond checkAppSpec (rules.ts) and the reading of its files
 * (parse.ts): refresh token rotation and the secret for refresh (Global OAuth settings), org-specific fields in
 * source, and the refresh token thresholds of the audit's configuration in place of the fixed 90 and 30 days
 * (docs/salesforce-facts.md §7).
 */
import { type AppSpec } from './appSpec.js';
import { type Finding, finding } from './findings.js';
import { auditFinding } from './auditRules.js';
import { type AuditThresholds } from './auditConfig.js';
import { scopeByToken } from './scopes.js';
import { validityInDays } from './refreshTokenValidity.js';

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

export type EcaAuditInput = {
  spec: AppSpec;
  /** The Global OAuth settings as written; undefined when the app has no such file. */
  globalFields?: Readonly<Record<string, string>>;
  orgSpecificFields: ReadonlyArray<{ path: string; field: string }>;
};

/** The rule ids the audit recomputes with its own thresholds. */
export const THRESHOLD_RULES: ReadonlySet<string> = new Set(['ECA004', 'ECA005']);

export function checkEcaForAudit(input: EcaAuditInput, thresholds: AuditThresholds): Finding[] {
  const out: Finding[] = [];
  const { spec, globalFields } = input;
  const refreshScope = spec.oauth.scopes.some((token) => scopeByToken(token)?.token === 'RefreshToken');
  if (globalFields && refreshScope) {
    if (globalFields.isRefreshTokenRotationEnabled?.trim() !== 'true') {
      out.push(
        auditFinding('refreshToken.rotationOff', 'refresh-token-rotation', `${GLOBAL}.isRefreshTokenRotationEnabled`),
      );
    }
    if (globalFields.isSecretRequiredForRefreshToken?.trim() === 'false' && !spec.oauth.publicClient) {
      out.push(auditFinding('refreshToken.secretNotRequired', 'flow', `${GLOBAL}.isSecretRequiredForRefreshToken`));
    }
  }
  for (const { field } of input.orgSpecificFields) {
    const type = field === 'oauthLink' ? 'ExtlClntAppOauthSettings' : 'ExternalClientApplication';
    out.push(auditFinding('orgSpecific.inSource', field, `${type}.${field}`, [field]));
  }
  const { refreshTokenPolicy: policy, refreshTokenValidity: validity } = spec.policies;
  if (validity && Number.isInteger(validity.period) && validity.period > 0) {
    const days = validityInDays(validity);
    const text = `${validity.period} ${validity.unit.toLowerCase()}`;
    const xml = `${POLICY}.refreshTokenPolicyType`;
    if (policy === 'SpecificLifetime' && days > thresholds.maxRefreshTokenDays) {
      out.push(finding('warning', 'refresh-token-validity', xml, 'refreshToken.longLifetime', [text]));
    }
    if (policy === 'SpecificInactivity' && days > thresholds.maxRefreshTokenIdleDays) {
      out.push(finding('warning', 'refresh-token-validity', xml, 'refreshToken.longIdle', [text]));
    }
  }
  return out;
}
