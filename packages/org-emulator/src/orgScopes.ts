/*
 * The 36 OAuth scope tokens this org accepts in ExtlClntAppOauthSettings.commaSeparatedOauthScopes (metadata
 * tokens, from the v67 field reference; docs/salesforce-facts.md §3.3), the list the org's rejection message names. The org keeps its own list: the wire names users type (`api`,
 * `refresh_token`) are not tokens and are rejected, exactly as an org rejects them.
 */
export const VALID_SCOPE_TOKENS = [
  'Address',
  'Api',
  'Basic',
  'CDP',
  'CDPCalculatedInsight',
  'CDPIdentityResolution',
  'CDPIngest',
  'CDPProfile',
  'CDPQuery',
  'CDPSegment',
  'Chatbot',
  'Chatter',
  'Content',
  'CustomApplications',
  'CustomPermissions',
  'DataCloudUserClaims',
  'Eclair',
  'EinsteinGPT',
  'Email',
  'ForgotPassword',
  'Full',
  'Interaction',
  'Lightning',
  'MCP',
  'OfflineAccess',
  'OpenID',
  'Pardot',
  'Phone',
  'Profile',
  'PwdlessLogin',
  'RefreshToken',
  'SCRT',
  'SFApiPlatform',
  'UserRegistration',
  'Wave',
  'Web',
] as const;

/** What a token response reports for each metadata token (its `scope` field uses the wire names). */
export const WIRE_NAME_OF_TOKEN: Record<string, string> = {
  Address: 'address',
  Api: 'api',
  Basic: 'id',
  Chatter: 'chatter_api',
  Content: 'content',
  CustomApplications: 'visualforce',
  CustomPermissions: 'custom_permissions',
  Email: 'email',
  Full: 'full',
  Lightning: 'lightning',
  MCP: 'mcp_api',
  OfflineAccess: 'refresh_token',
  OpenID: 'openid',
  Phone: 'phone',
  Profile: 'profile',
  RefreshToken: 'refresh_token',
  SFApiPlatform: 'sfap_api',
  Wave: 'wave_api',
  Web: 'web',
};

/** The tokens of a commaSeparatedOauthScopes value, trimmed, empty entries dropped. */
export const splitScopes = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
