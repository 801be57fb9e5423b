/*
 * The JWT bearer grant: an RS256 assertion signed with the key of the certificate deployed in the app's
 * Global OAuth settings, iss = consumer key, sub = a pre-authorized active username, aud = the login URL
 * the emulator treats as its audience (or its own My Domain URL), exp in the future and at most 3 minutes ahead.
 * The certificate may be armoured PEM or the base64 body a retrieve holds (docs/salesforce-facts.md §8.6).
 * `exp` may be in milliseconds: @salesforce/core (`sf org login jwt`) signs `exp: Date.now() + 300`, and real orgs
 * accept it, so a value too large to be seconds (after the year 5138) is read as milliseconds. Such an exp is only
 * 300 ms ahead when signed, and real orgs accept it however long the request takes, so in that form it is refused as
 * expired only once it is more than MAX_AHEAD_SECONDS old.
 */
import { verify } from 'node:crypto';
import { parseCertificate } from './certificate.js';
import { type EmulatorContext, type Reply } from './http.js';
import { appOfClient, isPreAuthorized } from './oauthApps.js';
import { issueToken, oauthError } from './oauthIssue.js';
import { findUser } from './state.js';

type Claims = { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown };

const MAX_AHEAD_SECONDS = 180;
/** exp values above this are milliseconds since the epoch, not seconds. */
const LARGEST_SECONDS = 100_000_000_000;
export const DEFAULT_JWT_AUDIENCE = 'https://login.salesforce.com';

function decode(
  assertion: string,
): { header: Record<string, unknown>; claims: Claims; signed: string; signature: Buffer } | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
    return { header, claims, signed: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

function signatureValid(certificateValue: string | undefined, signed: string, signature: Buffer): boolean {
  const certificate = parseCertificate(certificateValue);
  if (!certificate) return false;
  try {
    return verify('RSA-SHA256', Buffer.from(signed), certificate.publicKey, signature);
  } catch {
    return false;
  }
}

export function jwtBearerGrant(ctx: EmulatorContext, assertion: string | null): Reply {
  const jwt = assertion ? decode(assertion) : undefined;
  if (!jwt || jwt.header.alg !== 'RS256') return oauthError('invalid_grant', 'invalid assertion');
  const oauth = appOfClient(ctx, typeof jwt.claims.iss === 'string' ? jwt.claims.iss : undefined);
  if (!oauth) return oauthError('invalid_client_id', 'client identifier invalid');
  // An app switched off in its policies answers as for every other grant (oauthToken.ts).
  if (!oauth.enabled) return oauthError('invalid_client', 'app must be installed into org');
  if (!signatureValid(oauth.certificate, jwt.signed, jwt.signature))
    return oauthError('invalid_grant', 'invalid assertion');
  const audiences = [ctx.options.jwtAudience ?? DEFAULT_JWT_AUDIENCE, ctx.baseUrl];
  const aud = Array.isArray(jwt.claims.aud) ? (jwt.claims.aud as unknown[]) : [jwt.claims.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences.includes(a.replace(/\/$/, ''))))
    return oauthError('invalid_grant', 'audience is invalid');
  const now = Date.now() / 1000;
  const rawExp = jwt.claims.exp;
  const inMilliseconds = typeof rawExp === 'number' && rawExp > LARGEST_SECONDS;
  const exp = inMilliseconds ? rawExp / 1000 : rawExp;
  const expiresAt = typeof exp === 'number' && inMilliseconds ? exp + MAX_AHEAD_SECONDS : exp;
  if (typeof exp !== 'number' || (expiresAt as number) <= now)
    return oauthError('invalid_grant', 'expired authorization code');
  if (exp > now + MAX_AHEAD_SECONDS) return oauthError('invalid_grant', 'invalid assertion');
  const user = typeof jwt.claims.sub === 'string' ? findUser(ctx.state, jwt.claims.sub) : undefined;
  if (!user) return oauthError('invalid_grant', "user hasn't approved this consumer");
  if (!user.isActive) return oauthError('invalid_grant', 'authentication failure');
  if (oauth.adminApproved) {
    if (!isPreAuthorized(ctx.state, oauth, user))
      return oauthError('invalid_app_access', 'user is not admin approved to access this app');
  } else if (!ctx.state.oauth.approvals.has(`${oauth.app.id}:${user.id}`)) {
    return oauthError('invalid_grant', "user hasn't approved this consumer");
  }
  return issueToken(ctx, oauth, user, { withRefreshToken: false });
}
