/*
 * What `sf eca generate` uses when a flag is left out: the narrowest, most restrictive choice that still works
 * (docs/salesforce-facts.md §7). The output marks every value that came from here.
 */
import { type OAuthFlow } from './appSpec.js';

export const DEFAULTS = {
  'distribution-state': 'local',
  'permitted-users': 'admin-approved',
  'refresh-token-policy': 'inactivity',
  /** Idle refresh-token TTL: the security review bar is 30 days. */
  'refresh-token-validity': '30d',
  'ip-relaxation': 'enforce',
  /** Minutes; the DX guide's recommendation for integration apps. */
  'session-timeout': 15,
  /** requiredSessionLevel STANDARD: what every retrieve in the sample holds (§8.7). */
  'session-level': 'standard',
} as const;

/** The narrowest scopes that work for the flows: `api`, plus `refresh_token` when a person signs in (web server). */
export function defaultScopes(flows: readonly OAuthFlow[]): string[] {
  return flows.includes('web-server') ? ['Api', 'RefreshToken'] : ['Api'];
}
