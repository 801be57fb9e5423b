/*
 * THE scope table: the OAuth names users type (and token responses show) <-> the metadata tokens that
 * `commaSeparatedOauthScopes` takes. The org rejects wire names in the file, so only tokens are ever written.
 * Source: Metadata API Developer Guide, ExtlClntAppOauthSettings.commaSeparatedOauthScopes (v67 field reference)
 * and the ConnectedAppOauthAccessScope enumeration of the v66 WSDL (packages/org-emulator/schema/eca-metadata.xsd);
 * wire names from the "OAuth Tokens and Scopes" Help page.
 */

export type ScopeEntry = {
  /** The metadata token written into commaSeparatedOauthScopes. */
  readonly token: string;
  /** The OAuth names users know, first one preferred for display. */
  readonly wireNames: readonly string[];
  /** Other metadata tokens that mean the same scope (accepted when read, normalised to `token`). */
  readonly aliases?: readonly string[];
};

export const SCOPES: readonly ScopeEntry[] = [
  { token: 'Api', wireNames: ['api'] },
  { token: 'RefreshToken', wireNames: ['refresh_token', 'offline_access'], aliases: ['OfflineAccess'] },
  { token: 'Web', wireNames: ['web'] },
  { token: 'Full', wireNames: ['full'] },
  { token: 'OpenID', wireNames: ['openid'] },
  { token: 'Basic', wireNames: ['id'] },
  { token: 'Profile', wireNames: ['profile'] },
  { token: 'Email', wireNames: ['email'] },
  { token: 'Address', wireNames: ['address'] },
  { token: 'Phone', wireNames: ['phone'] },
  { token: 'Chatter', wireNames: ['chatter_api'] },
  { token: 'CustomPermissions', wireNames: ['custom_permissions'] },
  { token: 'CustomApplications', wireNames: ['visualforce'] },
  { token: 'Wave', wireNames: ['wave_api'] },
  { token: 'Eclair', wireNames: ['eclair_api'] },
  { token: 'Pardot', wireNames: ['pardot_api'] },
  { token: 'Lightning', wireNames: ['lightning'] },
  { token: 'Content', wireNames: ['content'] },
  { token: 'CDPIngest', wireNames: ['cdp_ingest_api'] },
  { token: 'CDPProfile', wireNames: ['cdp_profile_api'] },
  { token: 'CDPQuery', wireNames: ['cdp_query_api'] },
  { token: 'CDPSegment', wireNames: ['cdp_segment_api'] },
  { token: 'CDPIdentityResolution', wireNames: ['cdp_identityresolution_api'] },
  { token: 'CDPCalculatedInsight', wireNames: ['cdp_calculated_insight_api'] },
  { token: 'CDP', wireNames: ['cdp_api'] },
  { token: 'Chatbot', wireNames: ['chatbot_api'] },
  // The v66 WSDL enumeration spells this token `SFAP`; the v67 field reference lists `SFApiPlatform`.
  { token: 'SFApiPlatform', wireNames: ['sfap_api'], aliases: ['SFAP'] },
  { token: 'Interaction', wireNames: ['interaction_api'] },
  { token: 'EinsteinGPT', wireNames: ['einstein_gpt_api'] },
  { token: 'PwdlessLogin', wireNames: ['pwdless_login_api'] },
  { token: 'ForgotPassword', wireNames: ['forgot_password'] },
  { token: 'UserRegistration', wireNames: ['user_registration_api'] },
  { token: 'MCP', wireNames: ['mcp_api'] },
  { token: 'SCRT', wireNames: ['scrt_api'] },
  // docs/salesforce-facts.md §3.2: no confirmed wire name; the token itself is what users type.
  { token: 'DataCloudUserClaims', wireNames: [] },
];

export type ScopeResolution =
  { ok: true; token: string; entry: ScopeEntry } | { ok: false; input: string; suggestion?: string };

const byLowerName = new Map<string, ScopeEntry>();
for (const entry of SCOPES) {
  for (const name of [entry.token, ...entry.wireNames, ...(entry.aliases ?? [])])
    byLowerName.set(name.toLowerCase(), entry);
}

/** Resolve what a user typed (wire name or metadata token, any case) to the metadata token. */
export function resolveScope(input: string): ScopeResolution {
  const entry = byLowerName.get(input.trim().toLowerCase());
  if (entry) return { ok: true, token: entry.token, entry };
  return { ok: false, input, suggestion: closestMatch(input.trim(), allScopeNames()) };
}

/** The entry of a metadata token as found in a file (exact token or alias, case-sensitive as the org is). */
export function scopeByToken(token: string): ScopeEntry | undefined {
  return SCOPES.find((entry) => entry.token === token || (entry.aliases ?? []).includes(token));
}

/** The wire name shown to users for a metadata token (`Api` -> `api`). */
export function wireNameOf(token: string): string {
  return scopeByToken(token)?.wireNames[0] ?? token;
}

/** Every name a user may type: wire names first, then tokens. */
export function allScopeNames(): string[] {
  return [...SCOPES.flatMap((e) => e.wireNames), ...SCOPES.map((e) => e.token)];
}

/** Levenshtein edit distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * The closest candidate: the first one that starts with the input (`refresh` -> `refresh_token`), else the one
 * fewest edits away if that is a plausible typo (at most a third of the input edited, or two edits).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  if (lower.length >= 3) {
    const prefixed = candidates.find((c) => c.toLowerCase().startsWith(lower));
    if (prefixed) return prefixed;
  }
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.ceil(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}
