/*
 * The OAuth flows a generated app can enable, in the order they are shown and stored, and what each implies.
 * docs/salesforce-facts.md §4: username-password is not supported by External Client Apps; device is deprecated in the sf CLI.
 */
import { type OAuthFlow } from './appSpec.js';

export const FLOWS: readonly OAuthFlow[] = [
  'web-server',
  'client-credentials',
  'jwt-bearer',
  'device',
  'token-exchange',
];

/** Names users may type that External Client Apps do not support. */
export const REFUSED_FLOWS: readonly string[] = ['username-password', 'password'];

/** Flows whose token responses can carry a refresh token (client credentials and JWT bearer never return one). */
export const FLOWS_ISSUING_REFRESH_TOKENS: readonly OAuthFlow[] = ['web-server', 'device', 'token-exchange'];

export const isFlow = (value: string): value is OAuthFlow => (FLOWS as readonly string[]).includes(value);

/** The flows in canonical order, without duplicates. */
export function sortFlows(flows: readonly OAuthFlow[]): OAuthFlow[] {
  return FLOWS.filter((flow) => flows.includes(flow));
}

export const canIssueRefreshTokens = (flows: readonly OAuthFlow[]): boolean =>
  flows.some((flow) => FLOWS_ISSUING_REFRESH_TOKENS.includes(flow));
