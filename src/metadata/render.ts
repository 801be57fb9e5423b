/*
 * AppSpec -> the five files of one OAuth External Client App. Secure by default and explicit: both policy files
 * are always written so the org's permissive defaults never apply (docs/salesforce-facts.md §2); org-specific fields
 * (orgScopedExternalApp, oauthLink) and credentials (consumerKey, consumerSecret) are never written.
 */
import { type AppSpec } from '../model/appSpec.js';
import { joinCallbackUrls } from '../model/callbacks.js';
import { canIssueRefreshTokens } from '../model/flows.js';
import { POLICIES_WITH_VALIDITY } from '../model/policies.js';
import { ecaType, type EcaTypeKey, type EcaTypeName, fileNameFor, relativePathFor } from './types.js';
import { renderMetadataXml, type XmlField } from './xmlWriter.js';

export type RenderedFile = {
  key: EcaTypeKey;
  type: EcaTypeName;
  fileName: string;
  /** Relative to `<packageDir>/main/default`, with forward slashes. */
  relativePath: string;
  xml: string;
};

/** Scopes as commaSeparatedOauthScopes takes them: metadata tokens joined by ", ". */
export const joinScopes = (tokens: readonly string[]): string => tokens.join(', ');

/** Refresh tokens are possible when the app asks for them and one of its flows can issue them. */
export const refreshTokensPossible = (spec: AppSpec): boolean =>
  spec.oauth.scopes.some((s) => s === 'RefreshToken' || s === 'OfflineAccess') &&
  canIssueRefreshTokens(spec.oauth.flows);

export function renderExternalClientApplication(spec: AppSpec): string {
  return renderMetadataXml('ExternalClientApplication', [
    ['contactEmail', spec.contactEmail],
    ['contactPhone', spec.contactPhone],
    ['description', spec.description],
    ['distributionState', spec.distributionState],
    ['iconUrl', spec.iconUrl],
    ['isProtected', false],
    ['label', spec.label],
    ['logoUrl', spec.logoUrl],
  ]);
}

export function renderGlobalOauthSettings(spec: AppSpec): string {
  const { flows, publicClient } = spec.oauth;
  return renderMetadataXml('ExtlClntAppGlobalOauthSettings', [
    ['callbackUrl', joinCallbackUrls(spec.oauth.callbackUrls)],
    ['certificate', spec.oauth.certificate?.trim()],
    ['externalClientApplication', spec.apiName],
    ['isClientCredentialsFlowEnabled', flows.includes('client-credentials')],
    // The "authorization code and credentials" flow of headless identity, not the web server flow.
    ['isCodeCredFlowEnabled', false],
    ['isConsumerSecretOptional', publicClient],
    ['isDeviceFlowEnabled', flows.includes('device')],
    ['isIntrospectAllTokens', false],
    // JWT-format access tokens break SOAP calls (and so deploys) below API 68: keep opaque tokens.
    ['isNamedUserJwtEnabled', false],
    ['isPkceRequired', true],
    ['isRefreshTokenRotationEnabled', refreshTokensPossible(spec)],
    // A public client has no secret to send; rotation protects its refresh tokens instead.
    ['isSecretRequiredForRefreshToken', !publicClient],
    ['isSecretRequiredForTokenExchange', !publicClient],
    ['isTokenExchangeEnabled', flows.includes('token-exchange')],
    ['label', spec.label],
  ]);
}

export function renderOauthSettings(spec: AppSpec): string {
  return renderMetadataXml('ExtlClntAppOauthSettings', [
    ['commaSeparatedOauthScopes', joinScopes(spec.oauth.scopes)],
    ['externalClientApplication', spec.apiName],
    ['label', spec.label],
  ]);
}

export function renderOauthPolicies(spec: AppSpec): string {
  const p = spec.policies;
  const clientCredentials = spec.oauth.flows.includes('client-credentials');
  const adminApproved = p.permittedUsers === 'AdminApprovedPreAuthorized';
  const validity = POLICIES_WITH_VALIDITY.includes(p.refreshTokenPolicy) ? p.refreshTokenValidity : undefined;
  return renderMetadataXml('ExtlClntAppOauthConfigurablePolicies', [
    ['clientCredentialsFlowUser', clientCredentials ? p.runAsUser : undefined],
    [
      'commaSeparatedPermissionSet',
      adminApproved && p.permissionSets.length > 0 ? p.permissionSets.join(',') : undefined,
    ],
    ['commaSeparatedProfile', adminApproved && p.profiles.length > 0 ? p.profiles.join(',') : undefined],
    ['externalClientApplication', spec.apiName],
    ['ipRelaxationPolicyType', p.ipRelaxation],
    ['isClientCredentialsFlowEnabled', clientCredentials],
    ['isTokenExchangeFlowEnabled', spec.oauth.flows.includes('token-exchange')],
    ['label', spec.label],
    ['permittedUsersPolicyType', p.permittedUsers],
    ['refreshTokenPolicyType', p.refreshTokenPolicy],
    ['refreshTokenValidityPeriod', validity?.period],
    ['refreshTokenValidityUnit', validity?.unit],
    ['sessionTimeoutInMinutes', p.sessionTimeoutMinutes],
  ]);
}

export function renderConfigurablePolicies(spec: AppSpec): string {
  return renderMetadataXml('ExtlClntAppConfigurablePolicies', [
    ['externalClientApplication', spec.apiName],
    ['isCanvasPluginEnabled', false],
    ['isEnabled', true],
    ['isMobilePluginEnabled', false],
    ['isNotificationPluginEnabled', false],
    ['isOauthPluginEnabled', true],
    ['isPushPluginEnabled', false],
    ['isSamlPluginEnabled', false],
    ['label', spec.label],
  ] satisfies XmlField[]);
}

const RENDERERS: ReadonlyArray<[EcaTypeKey, (spec: AppSpec) => string]> = [
  ['app', renderExternalClientApplication],
  ['globalOauthSettings', renderGlobalOauthSettings],
  ['oauthSettings', renderOauthSettings],
  ['oauthPolicies', renderOauthPolicies],
  ['policies', renderConfigurablePolicies],
];

/** The five files, app first. */
export function renderAppFiles(spec: AppSpec): RenderedFile[] {
  return RENDERERS.map(([key, render]) => {
    const type = ecaType(key);
    return {
      key,
      type: type.name,
      fileName: fileNameFor(type, spec.apiName),
      relativePath: relativePathFor(type, spec.apiName),
      xml: render(spec),
    };
  });
}
