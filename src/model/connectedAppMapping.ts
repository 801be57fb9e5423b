/*
 * THE table of what becomes of each Connected App field in an External Client App (docs/salesforce-facts.md §9):
 * where it goes, and whether it is copied as it is, changed on the way (a rename with another value format: scopes to
 * a comma list, `infinite` to `Infinite`, the certificate to its 64-column body), or not carried over, with the reason
 * and what to do (messages/model.md, `mapping.<reason>`). Which values `--harden` replaces is the last column. The
 * value formats live here too: refresh token policies, IP relaxation, scope tokens. Pure.
 */
import { type IpRelaxationPolicy, type RefreshTokenPolicy, type RefreshTokenValidity } from './appSpec.js';

export type Fate = 'copied' | 'changed' | 'hardened' | 'not carried over';

export type FieldFate = {
  /** `Type.element` in the ECA, or undefined when no ECA field takes it. */
  readonly eca?: string;
  readonly fate: Exclude<Fate, 'hardened'>;
  /** Key of the reason under `mapping.` in messages/model.md: why it changes, or why it is not carried over. */
  readonly reason?: string;
  /** `--harden` may replace the value with generate's secure default. */
  readonly hardens?: boolean;
};

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const OAUTH = 'ExtlClntAppOauthSettings';
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';
const APP = 'ExternalClientApplication';
const PLCY = 'ExtlClntAppConfigurablePolicies';

const copied = (eca: string, hardens = false): FieldFate => ({ eca, fate: 'copied', ...(hardens ? { hardens } : {}) });
const changed = (eca: string, reason: string, hardens = false): FieldFate => ({
  eca,
  fate: 'changed',
  reason,
  ...(hardens ? { hardens } : {}),
});
const dropped = (reason: string): FieldFate => ({ fate: 'not carried over', reason });

/**
 * Every field of CONNECTED_APP_SCHEMA by its path (`oauthConfig.isAdminApproved`). A complex field whose parts
 * have no ECA home (SAML, canvas, mobile) has one entry for the whole; the others have one per part. A unit test
 * checks that no field of the schema is missing.
 */
export const CONNECTED_APP_MAPPING: Readonly<Record<string, FieldFate>> = {
  fullName: changed(`${APP} (file name)`, 'apiName'),
  label: copied(`${APP}.label`),
  contactEmail: copied(`${APP}.contactEmail`),
  contactPhone: copied(`${APP}.contactPhone`),
  description: copied(`${APP}.description`),
  iconUrl: copied(`${APP}.iconUrl`),
  infoUrl: copied(`${APP}.infoUrl`),
  logoUrl: copied(`${APP}.logoUrl`),
  startUrl: changed(`${PLCY}.startUrl`, 'startUrl'),
  mobileStartUrl: dropped('mobile'),
  mobileAppConfig: dropped('mobile'),
  plugin: dropped('plugin'),
  pluginExecutionUser: dropped('plugin'),
  samlConfig: dropped('saml'),
  canvasConfig: dropped('canvas'),
  canvas: dropped('canvas'),
  profileName: changed(`${POLICY}.commaSeparatedProfile`, 'commaList', true),
  permissionSetName: changed(`${POLICY}.commaSeparatedPermissionSet`, 'commaList', true),
  attributes: changed(`${OAUTH}.customAttributes`, 'attributes'),
  'attributes.key': copied(`${OAUTH}.customAttributes.key`),
  'attributes.formula': copied(`${OAUTH}.customAttributes.formula`),
  ipRanges: changed(`${OAUTH}.trustedIpRanges`, 'ipRanges'),
  'ipRanges.start': changed(`${OAUTH}.trustedIpRanges.startIpAddress`, 'rename'),
  'ipRanges.end': changed(`${OAUTH}.trustedIpRanges.endIpAddress`, 'rename'),
  'ipRanges.description': copied(`${OAUTH}.trustedIpRanges.description`),
  oauthConfig: copied(GLOBAL),
  'oauthConfig.callbackUrl': copied(`${GLOBAL}.callbackUrl`),
  'oauthConfig.certificate': changed(`${GLOBAL}.certificate`, 'certificate'),
  'oauthConfig.consumerKey': dropped('consumerKey'),
  'oauthConfig.consumerSecret': dropped('consumerSecret'),
  'oauthConfig.isAdminApproved': changed(`${POLICY}.permittedUsersPolicyType`, 'adminApproved', true),
  'oauthConfig.isClientCredentialEnabled': changed(`${GLOBAL}.isClientCredentialsFlowEnabled`, 'clientCredentials'),
  'oauthConfig.isCodeCredentialEnabled': changed(`${GLOBAL}.isCodeCredFlowEnabled`, 'rename'),
  'oauthConfig.isCodeCredentialPostOnly': changed(`${GLOBAL}.isCodeCredPostOnly`, 'rename'),
  'oauthConfig.isConsumerSecretOptional': copied(`${GLOBAL}.isConsumerSecretOptional`),
  'oauthConfig.isIntrospectAllTokens': copied(`${GLOBAL}.isIntrospectAllTokens`, true),
  'oauthConfig.isNamedUserJwtEnabled': copied(`${GLOBAL}.isNamedUserJwtEnabled`),
  'oauthConfig.isPkceRequired': copied(`${GLOBAL}.isPkceRequired`, true),
  'oauthConfig.isRefreshTokenRotationEnabled': copied(`${GLOBAL}.isRefreshTokenRotationEnabled`, true),
  'oauthConfig.isSecretRequiredForRefreshToken': copied(`${GLOBAL}.isSecretRequiredForRefreshToken`, true),
  'oauthConfig.isSecretRequiredForTokenExchange': copied(`${GLOBAL}.isSecretRequiredForTokenExchange`),
  'oauthConfig.isTokenExchangeEnabled': copied(`${GLOBAL}.isTokenExchangeEnabled`),
  'oauthConfig.oauthClientCredentialUser': changed(`${POLICY}.clientCredentialsFlowUser`, 'rename'),
  'oauthConfig.scopes': changed(`${OAUTH}.commaSeparatedOauthScopes`, 'scopes', true),
  'oauthConfig.singleLogoutUrl': copied(`${OAUTH}.singleLogoutUrl`),
  'oauthConfig.idTokenConfig': copied(`${GLOBAL}.idTokenConfig`),
  'oauthConfig.idTokenConfig.idTokenAudience': copied(`${GLOBAL}.idTokenConfig.idTokenAudience`),
  'oauthConfig.idTokenConfig.idTokenIncludeAttributes': copied(`${GLOBAL}.idTokenConfig.idTokenIncludeAttributes`),
  'oauthConfig.idTokenConfig.idTokenIncludeCustomPerms': changed(
    `${GLOBAL}.idTokenConfig.idTokenIncludeCustomPermissions`,
    'rename',
  ),
  'oauthConfig.idTokenConfig.idTokenIncludeStandardClaims': copied(
    `${GLOBAL}.idTokenConfig.idTokenIncludeStandardClaims`,
  ),
  'oauthConfig.idTokenConfig.idTokenValidity': changed(`${GLOBAL}.idTokenConfig.idTokenValidityInMinutes`, 'rename'),
  'oauthConfig.assetTokenConfig': changed(OAUTH, 'assetToken'),
  'oauthConfig.assetTokenConfig.assetAudiences': changed(`${OAUTH}.assetTokenAudiences`, 'rename'),
  'oauthConfig.assetTokenConfig.assetIncludeAttributes': changed(
    `${OAUTH}.areAttributesIncludedInAssetToken`,
    'rename',
  ),
  'oauthConfig.assetTokenConfig.assetIncludeCustomPerms': changed(
    `${OAUTH}.areCustomPermsIncludedInAssetToken`,
    'rename',
  ),
  'oauthConfig.assetTokenConfig.assetSigningCertId': dropped('assetSigningCertId'),
  'oauthConfig.assetTokenConfig.assetValidityPeriod': changed(`${OAUTH}.assetTokenValidity`, 'rename'),
  oauthPolicy: copied(POLICY),
  'oauthPolicy.ipRelaxation': changed(`${POLICY}.ipRelaxationPolicyType`, 'ipRelaxation', true),
  'oauthPolicy.isTokenExchangeFlowEnabled': copied(`${POLICY}.isTokenExchangeFlowEnabled`),
  'oauthPolicy.refreshTokenPolicy': changed(`${POLICY}.refreshTokenPolicyType`, 'refreshTokenPolicy', true),
  'oauthPolicy.singleLogoutUrl': copied(`${POLICY}.singleLogoutUrl`),
  sessionPolicy: copied(POLICY),
  'sessionPolicy.sessionTimeout': changed(`${POLICY}.sessionTimeoutInMinutes`, 'rename', true),
  'sessionPolicy.sessionLevel': changed(`${POLICY}.requiredSessionLevel`, 'rename'),
  'sessionPolicy.policyAction': copied(`${POLICY}.policyAction`),
};

/** The values a Connected App's OAuth switches take when a field is left out (Metadata API guide, ConnectedApp). */
export const CONNECTED_APP_DEFAULTS = {
  isPkceRequired: false,
  isSecretRequiredForRefreshToken: true,
  isRefreshTokenRotationEnabled: false,
  isIntrospectAllTokens: false,
} as const;

/** What the in-org migration drops and metadata cannot say: the username-password flow (§4, §9). */
export const USERNAME_PASSWORD_FLOW = '(username-password flow)';

/** The fate of a field path; indexes of repeated parts do not count (`ipRanges.start`). */
export const fateOf = (path: string): FieldFate | undefined => CONNECTED_APP_MAPPING[path];

/** Connected App `ipRelaxation` (ENFORCE, BYPASS, BYPASS_2FACTOR, ENFORCE_RELAXREFRESH) -> ipRelaxationPolicyType. */
const IP_RELAXATION: Readonly<Record<string, IpRelaxationPolicy>> = {
  ENFORCE: 'Enforce',
  BYPASS: 'Bypass',
  BYPASS_2FACTOR: 'Bypass_2factor',
  ENFORCE_RELAXREFRESH: 'Enforce_RelaxRefresh',
};

/** The ECA value of a Connected App IP relaxation (in any case), or undefined for a value the docs do not list. */
export function convertIpRelaxation(text: string): IpRelaxationPolicy | undefined {
  return IP_RELAXATION[text.trim().toUpperCase()];
}

export const CONNECTED_APP_IP_RELAXATIONS: readonly string[] = Object.keys(IP_RELAXATION);

export type ConvertedRefreshTokenPolicy = { policy: RefreshTokenPolicy; validity?: RefreshTokenValidity };

const REFRESH_UNITS: Readonly<Record<string, RefreshTokenValidity['unit']>> = {
  HOURS: 'Hours',
  DAYS: 'Days',
  MONTHS: 'Months',
};

/**
 * Connected App `refreshTokenPolicy` -> refreshTokenPolicyType (+ period and unit): `infinite`, `zero`,
 * `specific_lifetime:N:HOURS|DAYS|MONTHS`, `specific_inactivity:N:...` (Metadata API guide, ConnectedAppOauthPolicy).
 * Undefined for any other text.
 */
export function convertRefreshTokenPolicy(text: string): ConvertedRefreshTokenPolicy | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'infinite') return { policy: 'Infinite' };
  if (value === 'zero') return { policy: 'Zero' };
  const match = /^specific_(lifetime|inactivity):(\d+):([a-z]+)$/.exec(value);
  if (!match) return undefined;
  const period = Number(match[2]);
  const unit = REFRESH_UNITS[match[3].toUpperCase()];
  if (!unit || !Number.isSafeInteger(period) || period < 1) return undefined;
  return { policy: match[1] === 'lifetime' ? 'SpecificLifetime' : 'SpecificInactivity', validity: { period, unit } };
}

/** Connected App scope tokens that ECAs spell otherwise (§3): `SFAP` is `SFApiPlatform`. */
const SCOPE_RENAMES: Readonly<Record<string, string>> = { SFAP: 'SFApiPlatform' };

/** The ECA metadata token of a Connected App scope token. */
export const convertScope = (token: string): string => SCOPE_RENAMES[token] ?? token;

/** Connected App session levels (`sessionPolicy.sessionLevel`) the ECA's requiredSessionLevel takes. */
export function convertSessionLevel(text: string): 'STANDARD' | 'HIGH_ASSURANCE' | undefined {
  const value = text.trim().toUpperCase();
  return value === 'STANDARD' || value === 'HIGH_ASSURANCE' ? value : undefined;
}
