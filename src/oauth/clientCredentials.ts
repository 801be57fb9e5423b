/*
 * The client credentials flow (docs/salesforce-facts.md §4): headless, against My Domain only, with the consumer key and
 * secret. The org issues the token for the app's run-as user; no refresh token comes back.
 */
import { tokenEndpointBase } from './loginHost.js';
import { requestToken, type HttpOptions, type TokenResponse } from './tokenRequest.js';

export type ClientCredentialsRequest = {
  /** Token endpoint base, e.g. https://acme.my.salesforce.com (from tokenEndpointBase). */
  base: string;
  clientId: string;
  clientSecret: string;
};

export function clientCredentialsForm(request: ClientCredentialsRequest): Record<string, string> {
  return { grant_type: 'client_credentials', client_id: request.clientId, client_secret: request.clientSecret };
}

/** Request a token with the client credentials flow. Throws for login/test.salesforce.com before any request. */
export async function requestClientCredentialsToken(
  request: ClientCredentialsRequest,
  options: HttpOptions = {},
): Promise<TokenResponse> {
  const base = tokenEndpointBase(request.base, 'client-credentials');
  return requestToken(base, clientCredentialsForm(request), options);
}
