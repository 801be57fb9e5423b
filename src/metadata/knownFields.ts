/*
 * The child elements each ECA type has (docs/salesforce-facts.md §2): the v66 schema's, plus those added later with
 * the API version that brought them (§2.7, §8.18) and those the org accepted only at older versions (§2.16). An
 * element outside these lists is one the org rejects. A unit test checks the v66 lists against
 * packages/org-emulator/schema/eca-metadata.xsd.
 */

export type KnownFields = {
  /** The elements of the v66 schema. */
  readonly v66: readonly string[];
  /** Elements added after v66, with the API version that brought them. */
  readonly newer?: Readonly<Record<string, number>>;
  /** Elements the org accepts only at some older API versions, first and last (readers accept them, with a note). */
  readonly older?: Readonly<Record<string, readonly [number, number]>>;
};

export const KNOWN_FIELDS: Readonly<Record<string, KnownFields>> = {
  ExternalClientApplication: {
    v66: [
      'contactEmail',
      'contactPhone',
      'description',
      'distributionState',
      'iconUrl',
      'infoUrl',
      'isProtected',
      'label',
      'logoUrl',
      'managedType',
      'orgScopedExternalApp',
    ],
  },
  ExtlClntAppGlobalOauthSettings: {
    v66: [
      'callbackUrl',
      'certificate',
      'consumerKey',
      'consumerSecret',
      'externalClientApplication',
      'idTokenConfig',
      'isClientCredentialsFlowEnabled',
      'isCodeCredFlowEnabled',
      'isCodeCredPostOnly',
      'isConsumerSecretOptional',
      'isDeviceFlowEnabled',
      'isIntrospectAllTokens',
      'isNamedUserJwtEnabled',
      'isPkceRequired',
      'isRefreshTokenRotationEnabled',
      'isSecretRequiredForRefreshToken',
      'isSecretRequiredForTokenExchange',
      'isTokenExchangeEnabled',
      'label',
      'shouldRotateConsumerKey',
      'shouldRotateConsumerSecret',
    ],
    // §2.7, §8.18: v67 added isEnforceRefreshTokenTTL; isDPopEnabled and isMtlsEnabled came with it or later.
    newer: { isEnforceRefreshTokenTTL: 67, isDPopEnabled: 67, isMtlsEnabled: 67 },
  },
  ExtlClntAppOauthSettings: {
    v66: [
      'areAttributesIncludedInAssetToken',
      'areCustomPermsIncludedInAssetToken',
      'assetTokenAudiences',
      'assetTokenSigningCertificate',
      'assetTokenValidity',
      'clientAssertionCertificate',
      'commaSeparatedCustomScopes',
      'commaSeparatedOauthScopes',
      'customAttributes',
      'externalClientApplication',
      'isFirstPartyAppEnabled',
      'label',
      'oauthLink',
      'singleLogoutUrl',
      'trustedIpRanges',
    ],
  },
  ExtlClntAppOauthConfigurablePolicies: {
    v66: [
      'apexHandler',
      'clientCredentialsFlowUser',
      'commaSeparatedCustomScopes',
      'commaSeparatedPermissionSet',
      'commaSeparatedProfile',
      'customAttributes',
      'executeHandlerAs',
      'externalClientApplication',
      'guestJwtSessionTimeoutType',
      'guestJwtTimeout',
      'ipRelaxationPolicyType',
      'isClientCredentialsFlowEnabled',
      'isGuestCodeCredFlowEnabled',
      'isTokenExchangeFlowEnabled',
      'label',
      'namedUserJwtSessionTimeoutType',
      'namedUserJwtTimeout',
      'permittedUsersPolicyType',
      'policyAction',
      'refreshTokenPolicyType',
      'refreshTokenValidityPeriod',
      'refreshTokenValidityUnit',
      'requiredSessionLevel',
      'sessionTimeoutInMinutes',
      'singleLogoutUrl',
      'startUrl',
    ],
    // §2.16: accepted in the policy at API 61 to 63 only.
    older: { isNamedUserJwtEnabled: [61, 63] },
  },
  ExtlClntAppConfigurablePolicies: {
    v66: [
      'externalClientApplication',
      'isCanvasPluginEnabled',
      'isEnabled',
      'isMobilePluginEnabled',
      'isNotificationPluginEnabled',
      'isOauthPluginEnabled',
      'isPushPluginEnabled',
      'isSamlPluginEnabled',
      'label',
      'startPage',
      'startUrl',
    ],
  },
  // §1.3: not in the v66 WSDL; what retrieves hold.
  ExtlClntAppOauthSecuritySettings: { v66: ['externalClientApplication', 'label'] },
};

/** Values of enumerations added after v66 (§8.18): `policyAction` `StepUpMFA` came with v67. */
export const NEWER_VALUES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  policyAction: { StepUpMFA: 67 },
};

/** Whether a type has an element, and from which API version (undefined: not at all). */
export function fieldSince(type: string, element: string): number | undefined {
  const known = KNOWN_FIELDS[type];
  if (!known) return 0;
  if (known.v66.includes(element) || known.older?.[element] !== undefined) return 0;
  return known.newer?.[element];
}
