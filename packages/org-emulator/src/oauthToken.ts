/*
 * POST /services/oauth2/token: client credentials, authorization code (+ PKCE S256), JWT bearer and
 * refresh token grants, with the org's error / error_description strings (ECA-FACTS.md §4).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type EmulatorContext, type EmulatorRequest, type Reply, formBody } from './http.js';
import { jwtBearerGrant } from './jwtBearer.js';
import { type AppOAuth, appOfClient, clientCredentialsOf } from './oauthApps.js';
import { grantsRefresh, issueToken, oauthError } from './oauthIssue.js';
import { findUser } from './state.js';

const sameSecret = (given: string | undefined, expected: string): boolean =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

const INVALID_CLIENT_ID = (): Reply => oauthError('invalid_client_id', 'client identifier invalid');
const INVALID_CLIENT = (): Reply => oauthError('invalid_client', 'invalid client credentials');
const UNSUPPORTED = (): Reply => oauthError('unsupported_grant_type', 'grant type not supported');

function clientCredentialsGrant(ctx: EmulatorContext, oauth: AppOAuth, secret: string | undefined): Reply {
  if (!sameSecret(secret, oauth.clientSecret)) return INVALID_CLIENT();
  if (!oauth.clientCredentials) return UNSUPPORTED();
  if (!oauth.clientCredentialsInPolicy || !oauth.runAsUsername)
    return oauthError('invalid_grant', 'no client credentials user enabled');
  const user = findUser(ctx.state, oauth.runAsUsername);
  if (!user?.isActive) return oauthError('invalid_grant', 'authentication failure');
  return issueToken(ctx, oauth, user, { withRefreshToken: false });
}

// The web server flow needs no switch of its own: a registered callback URL is enough. (isCodeCredFlowEnabled is
// the separate headless "Authorization Code and Credentials" flow, which the emulator does not speak.)
function authorizationCodeGrant(
  ctx: EmulatorContext,
  oauth: AppOAuth,
  form: URLSearchParams,
  secret: string | undefined,
): Reply {
  const code = ctx.state.oauth.codes.get(form.get('code') ?? '');
  if (!code || code.appId !== oauth.app.id) return oauthError('invalid_grant', 'invalid authorization code');
  ctx.state.oauth.codes.delete(code.code);
  if (code.expiresAt.getTime() <= Date.now()) return oauthError('invalid_grant', 'expired authorization code');
  if (form.get('redirect_uri') !== code.redirectUri)
    return oauthError('invalid_grant', 'redirect_uri must match configuration');
  if (!(oauth.secretOptional && secret === undefined) && !sameSecret(secret, oauth.clientSecret))
    return INVALID_CLIENT();
  if (code.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
      return oauthError('invalid_grant', 'invalid code verifier');
    }
  }
  const user = ctx.state.users.find((u) => u.id === code.userId);
  if (!user?.isActive) return oauthError('invalid_grant', 'authentication failure');
  return issueToken(ctx, oauth, user, { withRefreshToken: grantsRefresh(code.scopes), scopes: code.scopes });
}

function refreshTokenGrant(
  ctx: EmulatorContext,
  oauth: AppOAuth,
  form: URLSearchParams,
  secret: string | undefined,
): Reply {
  const grant = ctx.state.oauth.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!grant || grant.appId !== oauth.app.id || oauth.refreshTokenPolicy === 'Zero')
    return oauthError('invalid_grant', 'expired access/refresh token');
  if ((oauth.secretRequiredForRefresh || secret !== undefined) && !sameSecret(secret, oauth.clientSecret))
    return INVALID_CLIENT();
  const user = ctx.state.users.find((u) => u.id === grant.userId);
  if (!user?.isActive) return oauthError('invalid_grant', 'authentication failure');
  if (!oauth.refreshRotation)
    return issueToken(ctx, oauth, user, { withRefreshToken: true, refreshToken: grant.token, scopes: grant.scopes });
  ctx.state.oauth.refreshTokens.delete(grant.token);
  return issueToken(ctx, oauth, user, { withRefreshToken: true, scopes: grant.scopes });
}

export function tokenEndpoint(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return UNSUPPORTED();
  const form = formBody(req);
  const grantType = form.get('grant_type');
  if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return jwtBearerGrant(ctx, form.get('assertion'));
  if (grantType === 'client_credentials' && ctx.options.actAsLoginHost)
    return oauthError('invalid_grant', 'request not supported on this domain');
  if (grantType !== 'client_credentials' && grantType !== 'authorization_code' && grantType !== 'refresh_token')
    return UNSUPPORTED();
  const { clientId, clientSecret } = clientCredentialsOf(req, form);
  const oauth = appOfClient(ctx, clientId);
  if (!oauth) return INVALID_CLIENT_ID();
  if (!oauth.enabled) return oauthError('invalid_client', 'app must be installed into org');
  if (grantType === 'client_credentials') return clientCredentialsGrant(ctx, oauth, clientSecret);
  if (grantType === 'authorization_code') return authorizationCodeGrant(ctx, oauth, form, clientSecret);
  return refreshTokenGrant(ctx, oauth, form, clientSecret);
}
