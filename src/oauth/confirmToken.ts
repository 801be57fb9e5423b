/*
 * Proving the token works (docs/salesforce-facts.md §4): the versioned REST resource with the token, the org and user in the
 * token's identity URL, introspection when there is a secret to do it with, the username the token acts as; then
 * the token is revoked (unless kept), whatever happened before: the refresh token when one came, else the access token. Problems that do not make the token useless
 * (introspection closed, a failed revoke) come back as notes; a failed API call is thrown.
 */
import type { ApiProbeResult, IdentityUrl, Introspection } from './apiProbe.js';
import { introspect, parseIdentityUrl, probeApi, revoke } from './apiProbe.js';
import type { HttpOptions, TokenResponse } from './tokenRequest.js';

export type ConfirmInput = {
  token: TokenResponse;
  /** Token endpoint base: introspect and revoke go there. */
  base: string;
  apiVersion: string;
  clientId: string;
  clientSecret?: string;
  keepToken: boolean;
  /** The username of a user id, asked of the org with the target org's session; undefined when unknown. */
  lookupUsername: (userId: string) => Promise<string | undefined>;
  http?: HttpOptions;
};

export type Confirmation = {
  apiCall: ApiProbeResult;
  identity?: IdentityUrl;
  username?: string;
  introspection?: Introspection;
  revoked: boolean;
  /** Things that could not be checked or done, already worded by the layer that failed. */
  notes: Array<{ about: 'introspection' | 'username' | 'revoke'; message: string }>;
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function confirmToken(input: ConfirmInput): Promise<Confirmation> {
  const { token, http } = input;
  const notes: Confirmation['notes'] = [];
  let outcome: Omit<Confirmation, 'revoked' | 'notes'> | undefined;
  let failure: unknown;
  try {
    const apiCall = await probeApi(token.instance_url, token.access_token, input.apiVersion, http);
    const identity = parseIdentityUrl(token.id);
    let introspection: Introspection | undefined;
    if (input.clientSecret) {
      try {
        introspection = await introspect(input.base, input.clientId, input.clientSecret, token.access_token, http);
      } catch (error) {
        notes.push({ about: 'introspection', message: messageOf(error) });
      }
    }
    let username = introspection?.username;
    if (!username && identity) {
      try {
        username = await input.lookupUsername(identity.userId);
      } catch (error) {
        notes.push({ about: 'username', message: messageOf(error) });
      }
    }
    outcome = {
      apiCall,
      ...(identity ? { identity } : {}),
      ...(username ? { username } : {}),
      ...(introspection ? { introspection } : {}),
    };
  } catch (error) {
    failure = error;
  }
  let revoked = false;
  if (!input.keepToken) {
    try {
      // Revoking a refresh token ends the access tokens issued with it; revoking an access token leaves the refresh token.
      await revoke(input.base, token.refresh_token ?? token.access_token, http);
      revoked = true;
    } catch (error) {
      notes.push({ about: 'revoke', message: messageOf(error) });
    }
  }
  if (!outcome) throw failure;
  return { ...outcome, revoked, notes };
}
