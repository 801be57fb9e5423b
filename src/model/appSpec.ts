/*
 * The domain model: one OAuth External Client App, as the plugin understands it.
 * Data flows one way: flags -> AppSpec -> metadata files -> org -> token -> report.
 * `generate` builds an AppSpec from flags; `deploy` and `verify` parse one back from the files.
 * Pure types, no I/O.
 */

/** The OAuth flows an app can enable, by the names users type in `--flow`. */
export type OAuthFlow = 'web-server' | 'client-credentials' | 'jwt-bearer' | 'device' | 'token-exchange';

/** ExternalClientApplication.distributionState values a developer may set (Managed/AutoInstalled are internal). */
export type DistributionState = 'Local' | 'Packaged';

/** ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType. */
export type PermittedUsersPolicy = 'AdminApprovedPreAuthorized' | 'AllSelfAuthorized';

/** ExtlClntAppOauthConfigurablePolicies.refreshTokenPolicyType. */
export type RefreshTokenPolicy = 'Infinite' | 'Zero' | 'SpecificLifetime' | 'SpecificInactivity';

/** ExtlClntAppOauthConfigurablePolicies.refreshTokenValidityUnit. */
export type RefreshTokenValidityUnit = 'Hours' | 'Days' | 'Months';

/** ExtlClntAppOauthConfigurablePolicies.ipRelaxationPolicyType. */
export type IpRelaxationPolicy = 'Enforce' | 'Bypass' | 'Bypass_2factor' | 'Enforce_RelaxRefresh';

/** ExtlClntAppOauthConfigurablePolicies.requiredSessionLevel values a developer may set (LOW is not offered). */
export type SessionSecurityLevel = 'STANDARD' | 'HIGH_ASSURANCE';

/** ExtlClntAppOauthConfigurablePolicies.policyAction (v66 values): what happens below the required session level. */
export type PolicyAction = 'Block' | 'RaiseSessionLevel';

export type RefreshTokenValidity = {
  period: number;
  unit: RefreshTokenValidityUnit;
};

export type AppSpec = {
  /** DeveloperName: the file name of the .eca-meta.xml and the `externalClientApplication` of every satellite. */
  apiName: string;
  label: string;
  contactEmail: string;
  contactPhone?: string;
  description?: string;
  logoUrl?: string;
  iconUrl?: string;
  distributionState: DistributionState;
  oauth: {
    flows: OAuthFlow[];
    /** In the order given; written newline-separated into one `callbackUrl` element. */
    callbackUrls: string[];
    /** Metadata tokens (`Api`, `RefreshToken`), never wire names. */
    scopes: string[];
    /** true: `isConsumerSecretOptional` (a public client, e.g. a mobile or single-page app using PKCE). */
    publicClient: boolean;
    /** PEM of the X.509 certificate for the JWT bearer flow. */
    certificate?: string;
    /** true: `isNamedUserJwtEnabled` (JWT-format access tokens for named users); absent means false. */
    jwtAccessTokens?: boolean;
  };
  policies: {
    permittedUsers: PermittedUsersPolicy;
    permissionSets: string[];
    profiles: string[];
    /** Username of the client credentials run-as user. */
    runAsUser?: string;
    refreshTokenPolicy: RefreshTokenPolicy;
    /** Present for SpecificLifetime and SpecificInactivity only. */
    refreshTokenValidity?: RefreshTokenValidity;
    ipRelaxation: IpRelaxationPolicy;
    sessionTimeoutMinutes: number;
    /** `requiredSessionLevel`; absent means STANDARD. */
    sessionLevel?: SessionSecurityLevel;
    /** `policyAction`; absent leaves it unset (the org's default applies). */
    policyAction?: PolicyAction;
  };
};
