/*
 * Granted scopes against the app's scopes. The token response lists wire names (`api refresh_token`), the app's
 * files hold metadata tokens (`Api`, `RefreshToken`); the translation is src/spec/scopes.ts, the one scope table.
 */
import { resolveScope } from '../model/scopes.js';

/** Wire name -> metadata token, or undefined for a name the table does not know. */
export type WireToToken = (wireName: string) => string | undefined;

export const wireToTokenFromTable: WireToToken = (wireName) => {
  const resolved = resolveScope(wireName);
  return resolved.ok ? resolved.token : undefined;
};

export type ScopeComparison = {
  /** Granted scopes as metadata tokens (deduplicated, in the order granted). */
  granted: string[];
  /** Granted but not configured on the app. */
  extra: string[];
  /** Configured on the app but not granted. */
  missing: string[];
  /** Granted wire names the table does not know (shown as they are). */
  unknown: string[];
};

/**
 * Compare a token's `scope` (space-separated wire names) with the app's metadata tokens. `notExpected` lists
 * tokens that the flow never grants (RefreshToken for client credentials), which are then not called missing.
 */
export function compareScopes(
  grantedScope: string | undefined,
  appTokens: readonly string[],
  options: { wireToToken?: WireToToken; notExpected?: readonly string[] } = {},
): ScopeComparison {
  const toToken = options.wireToToken ?? wireToTokenFromTable;
  const normalise = (token: string): string => toToken(token) ?? token;
  const granted: string[] = [];
  const unknown: string[] = [];
  for (const wire of (grantedScope ?? '').split(/\s+/).filter(Boolean)) {
    const token = toToken(wire);
    if (token === undefined) unknown.push(wire);
    else if (!granted.includes(token)) granted.push(token);
  }
  const configured = [...new Set(appTokens.map(normalise))];
  const notExpected = new Set((options.notExpected ?? []).map(normalise));
  return {
    granted,
    extra: granted.filter((t) => !configured.includes(t)),
    missing: configured.filter((t) => !granted.includes(t) && !notExpected.has(t)),
    unknown,
  };
}
