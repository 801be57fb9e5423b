/*
 * Issuing tokens: a token grant opens a real session in the emulator (usable on the REST API, limited
 * to its user and its scopes) and answers with the org's token response shape. Errors use the token
 * endpoint's `{ error, error_description }` form.
 */
import { createHmac } from 'node:crypto';
import { type AppOAuth } from './oauthApps.js';
import { type EmulatorContext, type Reply, json } from './http.js';
import { newOpaqueToken } from './ids.js';
import { WIRE_NAME_OF_TOKEN } from './orgScopes.js';
import { type User, openSession } from './state.js';

export const oauthError = (error: string, description: string, status = 400): Reply =>
  json(status, { error, error_description: description });

export const wireScopes = (tokens: string[]): string =>
  [...new Set(tokens.map((t) => WIRE_NAME_OF_TOKEN[t] ?? t.toLowerCase()))].join(' ');

export const grantsRefresh = (scopes: string[]): boolean =>
  scopes.includes('RefreshToken') || scopes.includes('OfflineAccess') || scopes.includes('Full');

export type IssueOptions = { withRefreshToken: boolean; refreshToken?: string; scopes?: string[] };

/** Opens a session for `user` through `oauth`'s app and returns the token response. */
export function issueToken(ctx: EmulatorContext, oauth: AppOAuth, user: User, options: IssueOptions): Reply {
  const scopes = options.scopes ?? oauth.scopes;
  let refreshToken = options.refreshToken;
  if (options.withRefreshToken && refreshToken === undefined) {
    refreshToken = newOpaqueToken('5Aep861', 80);
    ctx.state.oauth.refreshTokens.set(refreshToken, {
      token: refreshToken,
      appId: oauth.app.id,
      userId: user.id,
      scopes,
      issuedAt: new Date(),
    });
  }
  const granted = options.withRefreshToken
    ? scopes
    : scopes.filter((s) => s !== 'RefreshToken' && s !== 'OfflineAccess');
  const timeout = oauth.sessionTimeoutMinutes;
  const session = openSession(ctx.state, user.id, {
    clientId: oauth.clientId,
    scopes: granted,
    refreshToken,
    expiresAt: timeout ? new Date(Date.now() + timeout * 60_000) : undefined,
  });
  const issuedAt = String(session.issuedAt.getTime());
  const id = `${ctx.baseUrl}/id/${ctx.state.orgId}/${user.id}`;
  const signature = createHmac('sha256', oauth.clientSecret)
    .update(id + issuedAt)
    .digest('base64');
  return json(200, {
    access_token: session.token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    signature,
    scope: wireScopes(granted),
    instance_url: ctx.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  });
}
