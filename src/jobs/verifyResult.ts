/*
 * The result of `sf eca verify`: what --json returns and the lines a person reads. Pure: built from the app's
 * spec, the token obtained and what confirmToken found. The access token and the consumer secret are in it only
 * when the user passed --show-secrets.
 */
import { Messages } from '../messages.js';
import { sameSalesforceId, type Introspection } from '../oauth/apiProbe.js';
import type { SecretSource } from '../oauth/clientSecret.js';
import type { TokenFlow } from '../oauth/loginHost.js';
import { compareScopes } from '../oauth/scopeCheck.js';
import type { AppSpec } from '../model/appSpec.js';
import { FLOWS_ISSUING_REFRESH_TOKENS } from '../model/flows.js';
import { wireNameOf } from '../model/scopes.js';
import type { Confirmation } from '../oauth/confirmToken.js';
import type { ObtainedToken } from '../oauth/obtainToken.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

export type VerifyResult = {
  app: string;
  flow: TokenFlow;
  targetOrg: string;
  tokenEndpoint: string;
  /** The consumer key (not a secret: deploy prints it too). */
  clientId: string;
  secretSource: SecretSource;
  attempts: number;
  elapsedMs: number;
  user: { id?: string; username?: string; isRunAsUser: boolean };
  orgId?: string;
  orgMatches: boolean;
  instanceUrl: string;
  tokenType?: string;
  /** OAuth wire names (`api`, `refresh_token`); names the scope table does not know are shown as granted. */
  scopes: { granted: string[]; app: string[]; extra: string[]; missing: string[] };
  introspection?: {
    active: boolean;
    username?: string;
    scopes?: string[];
    clientId?: string;
    tokenType?: string;
    expiresAt?: string;
  };
  revoked: boolean;
  apiCall: { url: string; status: number };
  warnings: string[];
  /** The `sf org login …` command that signs sf in with the app (for client credentials: the access-token workaround). */
  nextCommand?: string;
  /** With --login: the org sf is now authorized in through the app. */
  login?: { username: string; orgId?: string; instanceUrl?: string; alias?: string };
  /** Only with --show-secrets. */
  accessToken?: string;
  /** Only with --show-secrets, and only when a secret was used. */
  clientSecret?: string;
};

export type ReportInput = {
  spec: AppSpec;
  flow: TokenFlow;
  targetOrg: string;
  targetOrgId: string;
  tokenEndpoint: string;
  clientId: string;
  secretSource: SecretSource;
  obtained: ObtainedToken;
  confirmation: Confirmation;
  showSecrets: boolean;
  clientSecret?: string;
  /** Notes gathered before the token (e.g. why there is no secret for introspection). */
  notes?: string[];
};

const toWire = (names: readonly string[]): string[] => names.map(wireNameOf);

function introspectionOf(found: Introspection | undefined): VerifyResult['introspection'] {
  if (!found) return undefined;
  return {
    active: found.active,
    ...(found.username ? { username: found.username } : {}),
    ...(found.scope ? { scopes: found.scope.split(/\s+/).filter(Boolean) } : {}),
    ...(found.clientId ? { clientId: found.clientId } : {}),
    ...(found.tokenType ? { tokenType: found.tokenType } : {}),
    ...(found.exp !== undefined ? { expiresAt: new Date(found.exp * 1000).toISOString() } : {}),
  };
}

export function buildVerifyReport(input: ReportInput): VerifyResult {
  const { spec, flow, obtained, confirmation } = input;
  const { token } = obtained;
  const notExpected = FLOWS_ISSUING_REFRESH_TOKENS.includes(flow) ? [] : ['RefreshToken'];
  const compared = compareScopes(token.scope, spec.oauth.scopes, { notExpected });
  const scopes = {
    granted: [...toWire(compared.granted), ...compared.unknown],
    app: toWire(spec.oauth.scopes),
    extra: [...toWire(compared.extra), ...compared.unknown],
    missing: toWire(compared.missing),
  };
  const identity = confirmation.identity;
  const orgMatches = identity !== undefined && sameSalesforceId(identity.orgId, input.targetOrgId);
  const username = confirmation.username;
  const runAsUser = spec.policies.runAsUser;
  const isRunAsUser = Boolean(runAsUser && username && runAsUser.toLowerCase() === username.toLowerCase());

  const warnings: string[] = [...(input.notes ?? [])];
  if (!identity) warnings.push(messages.getMessage('warning.noIdentity', [token.id ?? '-']));
  else if (!orgMatches)
    warnings.push(messages.getMessage('warning.orgMismatch', [identity.orgId, input.targetOrg, input.targetOrgId]));
  if (flow === 'client-credentials' && runAsUser && username && !isRunAsUser) {
    warnings.push(messages.getMessage('warning.notRunAsUser', [username, runAsUser]));
  }
  if (scopes.extra.length > 0) warnings.push(messages.getMessage('warning.extraScopes', [scopes.extra.join(', ')]));
  if (scopes.missing.length > 0)
    warnings.push(messages.getMessage('warning.missingScopes', [scopes.missing.join(', ')]));
  if (confirmation.introspection && !confirmation.introspection.active)
    warnings.push(messages.getMessage('warning.inactive'));
  for (const note of confirmation.notes)
    warnings.push(messages.getMessage(`warning.note.${note.about}`, [note.message]));

  const introspection = introspectionOf(confirmation.introspection);
  return {
    app: spec.apiName,
    flow,
    targetOrg: input.targetOrg,
    tokenEndpoint: input.tokenEndpoint,
    clientId: input.clientId,
    secretSource: input.secretSource,
    attempts: obtained.attempts,
    elapsedMs: obtained.elapsedMs,
    user: { ...(identity ? { id: identity.userId } : {}), ...(username ? { username } : {}), isRunAsUser },
    ...(identity ? { orgId: identity.orgId } : {}),
    orgMatches,
    instanceUrl: token.instance_url,
    ...(token.token_type ? { tokenType: token.token_type } : {}),
    scopes,
    ...(introspection ? { introspection } : {}),
    revoked: confirmation.revoked,
    apiCall: { url: confirmation.apiCall.url, status: confirmation.apiCall.status },
    warnings,
    ...(input.showSecrets ? { accessToken: token.access_token } : {}),
    ...(input.showSecrets && input.clientSecret ? { clientSecret: input.clientSecret } : {}),
  };
}
