/*
 * What the OAuth endpoints need to know about an app: its settings from the deployed files (with the
 * metadata defaults an org applies), client authentication, propagation, and user pre-authorization.
 */
import { APP_POLICIES, GLOBAL_OAUTH, OAUTH_POLICIES, OAUTH_SETTINGS } from './metadataTypes.js';
import { splitScopes } from './orgScopes.js';
import { flag, text } from './rules.js';
import { type EmulatorContext, type EmulatorRequest } from './http.js';
import { type ExternalClientApp, type OrgState, type User } from './state.js';
import { honouredStagedCredential } from './stagedCredentials.js';

export type AppOAuth = {
  app: ExternalClientApp;
  /** The consumer key and secret the request named: the app's current ones, or a staged or rotated one still honoured. */
  clientId: string;
  clientSecret: string;
  hasGlobal: boolean;
  callbackUrls: string[];
  certificate?: string;
  clientCredentials: boolean;
  clientCredentialsInPolicy: boolean;
  runAsUsername?: string;
  pkceRequired: boolean;
  secretOptional: boolean;
  secretRequiredForRefresh: boolean;
  refreshRotation: boolean;
  introspectAll: boolean;
  scopes: string[];
  adminApproved: boolean;
  permissionSets: string[];
  profiles: string[];
  refreshTokenPolicy?: string;
  sessionTimeoutMinutes?: number;
  enabled: boolean;
};

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const flagOr = (fields: Record<string, unknown> | undefined, name: string, fallback: boolean): boolean =>
  text(fields, name) === undefined ? fallback : flag(fields, name);

export function oauthOf(app: ExternalClientApp): AppOAuth {
  const global = app.components[GLOBAL_OAUTH]?.fields;
  const settings = app.components[OAUTH_SETTINGS]?.fields;
  // Without a policies file the org creates permissive defaults (all users self-authorize).
  const policy = app.components[OAUTH_POLICIES]?.fields;
  const appPolicy = app.components[APP_POLICIES]?.fields;
  return {
    app,
    clientId: app.consumerKey,
    clientSecret: app.consumerSecret,
    hasGlobal: global !== undefined,
    callbackUrls: (text(global, 'callbackUrl') ?? '')
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter(Boolean),
    certificate: text(global, 'certificate'),
    clientCredentials: flag(global, 'isClientCredentialsFlowEnabled'),
    clientCredentialsInPolicy: flag(policy, 'isClientCredentialsFlowEnabled'),
    runAsUsername: text(policy, 'clientCredentialsFlowUser'),
    pkceRequired: flagOr(global, 'isPkceRequired', true),
    secretOptional: flag(global, 'isConsumerSecretOptional'),
    secretRequiredForRefresh: flagOr(global, 'isSecretRequiredForRefreshToken', true),
    refreshRotation: flag(global, 'isRefreshTokenRotationEnabled'),
    introspectAll: flag(global, 'isIntrospectAllTokens'),
    scopes: splitScopes(text(settings, 'commaSeparatedOauthScopes') ?? ''),
    adminApproved: text(policy, 'permittedUsersPolicyType') === 'AdminApprovedPreAuthorized',
    permissionSets: list(text(policy, 'commaSeparatedPermissionSet')),
    profiles: list(text(policy, 'commaSeparatedProfile')),
    refreshTokenPolicy: text(policy, 'refreshTokenPolicyType'),
    sessionTimeoutMinutes: text(policy, 'sessionTimeoutInMinutes')
      ? Number(text(policy, 'sessionTimeoutInMinutes'))
      : undefined,
    enabled: flagOr(appPolicy, 'isEnabled', true) && flagOr(appPolicy, 'isOauthPluginEnabled', true),
  };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a redirect_uri is one of the app's callbacks: equal to one, or to one with a wildcard port
 * (a port of `*` matches any port, docs/salesforce-facts.md §4.4, §8.14).
 */
export function isRegisteredCallback(oauth: AppOAuth, redirectUri: string): boolean {
  return oauth.callbackUrls.some((registered) => {
    if (registered === redirectUri) return true;
    if (!registered.includes(':*')) return false;
    const [before, after] = registered.split(':*', 2);
    return new RegExp(`^${escapeRegExp(before)}:\\d{1,5}${escapeRegExp(after)}$`).test(redirectUri);
  });
}

/** The app of a consumer key, unless the key is unknown or the app's credentials have not propagated yet. */
export function appOfClient(ctx: EmulatorContext, clientId: string | undefined): AppOAuth | undefined {
  if (!clientId) return undefined;
  const app = ctx.state.apps.find((a) => a.consumerKey === clientId);
  const staged = app ? undefined : honouredStagedCredential(ctx, clientId);
  const owner = app ?? staged?.app;
  if (!owner || !owner.components[GLOBAL_OAUTH]) return undefined;
  if (Date.now() < owner.createdAt.getTime() + ctx.faults.propagationDelayMs) return undefined;
  if (ctx.faults.unpropagatedRequests > 0) {
    ctx.faults.unpropagatedRequests -= 1;
    return undefined;
  }
  const oauth = oauthOf(owner);
  return staged ? { ...oauth, clientId: staged.credential.key, clientSecret: staged.credential.secret } : oauth;
}

/** client_id / client_secret from the form, or from an HTTP Basic Authorization header. */
export function clientCredentialsOf(
  req: EmulatorRequest,
  form: URLSearchParams,
): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(secret ?? '') };
  }
  return { clientId: form.get('client_id') ?? undefined, clientSecret: form.get('client_secret') ?? undefined };
}

/** Whether an admin-approved app lets this user in: the profile or an assigned permission set is listed. */
export function isPreAuthorized(state: OrgState, oauth: AppOAuth, user: User): boolean {
  const profile = state.profiles.find((p) => p.id === user.profileId);
  if (profile && oauth.profiles.includes(profile.name)) return true;
  const setIds = new Set(state.assignments.filter((a) => a.assigneeId === user.id).map((a) => a.permissionSetId));
  return state.permissionSets.some((p) => setIds.has(p.id) && !p.profileId && oauth.permissionSets.includes(p.name));
}
