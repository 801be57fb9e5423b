/*
 * POST /services/oauth2/introspect (client id/secret + token) and POST /services/oauth2/revoke (form `token=`).
 * An app may introspect the tokens it issued, or every token when isIntrospectAllTokens is on.
 */
import { type EmulatorContext, type EmulatorRequest, type Reply, formBody, json, validSession } from './http.js';
import { appOfClient, clientCredentialsOf } from './oauthApps.js';
import { oauthError, wireScopes } from './oauthIssue.js';

export function introspectEndpoint(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const form = formBody(req);
  const { clientId, clientSecret } = clientCredentialsOf(req, form);
  const oauth = appOfClient(ctx, clientId);
  if (!oauth) return oauthError('invalid_client_id', 'client identifier invalid');
  if (clientSecret !== oauth.clientSecret) return oauthError('invalid_client', 'invalid client credentials', 401);
  const token = form.get('token') ?? '';
  const session = validSession(ctx, token);
  if (
    session &&
    (session.clientId === oauth.clientId || session.clientId === oauth.app.consumerKey || oauth.introspectAll)
  ) {
    const user = ctx.state.users.find((u) => u.id === session.userId)!;
    const iat = Math.floor(session.issuedAt.getTime() / 1000);
    return json(200, {
      active: true,
      scope: wireScopes(session.scopes),
      client_id: session.clientId ?? 'PlatformCLI',
      username: user.username,
      sub: `${ctx.baseUrl}/id/${ctx.state.orgId}/${user.id}`,
      token_type: 'access_token',
      exp: session.expiresAt ? Math.floor(session.expiresAt.getTime() / 1000) : iat + 7200,
      iat,
      nbf: iat,
    });
  }
  const refresh = ctx.state.oauth.refreshTokens.get(token);
  if (refresh && refresh.appId === oauth.app.id) {
    const user = ctx.state.users.find((u) => u.id === refresh.userId)!;
    return json(200, {
      active: true,
      scope: wireScopes(refresh.scopes),
      client_id: oauth.clientId,
      username: user.username,
      sub: `${ctx.baseUrl}/id/${ctx.state.orgId}/${user.id}`,
      token_type: 'refresh_token',
    });
  }
  return json(200, { active: false });
}

export function revokeEndpoint(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const token = (req.method === 'GET' ? req.query : formBody(req)).get('token') ?? '';
  if (ctx.state.sessions.delete(token)) return { status: 200, body: '' };
  if (ctx.state.oauth.refreshTokens.delete(token)) {
    for (const [key, session] of ctx.state.sessions) if (session.refreshToken === token) ctx.state.sessions.delete(key);
    return { status: 200, body: '' };
  }
  return oauthError('unsupported_token_type', 'this token type is not supported');
}
