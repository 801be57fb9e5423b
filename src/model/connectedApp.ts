/*
 * A legacy Connected App, as its metadata (`X.connectedApp-meta.xml`, `connectedApps/X.connectedApp`) holds it: every
 * field of the v66 WSDL's ConnectedApp and its parts (docs/salesforce-facts.md §9), each value with the 1-based line
 * and column of its element. CONNECTED_APP_SCHEMA is the one table of those fields (name, kind, repeated, enumerated
 * values); src/metadata/connectedApp.ts reads files into these types by it. Pure types and data, no I/O.
 */

/** A value read from an element: the typed value, the text as written (trimmed), and where its element starts. */
export type Located<T> = { value: T; text: string; line: number; column: number };
export type Position = { line: number; column: number };

type Str = Located<string>;
type Bool = Located<boolean>;
type Int = Located<number>;

export type ConnectedAppAttribute = Position & { formula?: Str; key?: Str };
export type ConnectedAppIpRange = Position & { description?: Str; end?: Str; start?: Str };

export type ConnectedAppOauthAssetToken = Position & {
  assetAudiences?: Str;
  assetIncludeAttributes?: Bool;
  assetIncludeCustomPerms?: Bool;
  assetSigningCertId?: Str;
  assetValidityPeriod?: Int;
};

export type ConnectedAppOauthIdToken = Position & {
  idTokenAudience?: Str;
  idTokenIncludeAttributes?: Bool;
  idTokenIncludeCustomPerms?: Bool;
  idTokenIncludeStandardClaims?: Bool;
  idTokenValidity?: Int;
};

export type ConnectedAppOauthConfig = Position & {
  assetTokenConfig?: ConnectedAppOauthAssetToken;
  callbackUrl?: Str;
  certificate?: Str;
  consumerKey?: Str;
  consumerSecret?: Str;
  idTokenConfig?: ConnectedAppOauthIdToken;
  isAdminApproved?: Bool;
  isClientCredentialEnabled?: Bool;
  isCodeCredentialEnabled?: Bool;
  isCodeCredentialPostOnly?: Bool;
  isConsumerSecretOptional?: Bool;
  isIntrospectAllTokens?: Bool;
  isNamedUserJwtEnabled?: Bool;
  isPkceRequired?: Bool;
  isRefreshTokenRotationEnabled?: Bool;
  isSecretRequiredForRefreshToken?: Bool;
  isSecretRequiredForTokenExchange?: Bool;
  isTokenExchangeEnabled?: Bool;
  oauthClientCredentialUser?: Str;
  /** ConnectedAppOauthAccessScope tokens, one element each, in file order. */
  scopes: Str[];
  singleLogoutUrl?: Str;
};

export type ConnectedAppOauthPolicy = Position & {
  ipRelaxation?: Str;
  isTokenExchangeFlowEnabled?: Bool;
  refreshTokenPolicy?: Str;
  singleLogoutUrl?: Str;
};

export type ConnectedAppSessionPolicy = Position & { policyAction?: Str; sessionLevel?: Str; sessionTimeout?: Int };

export type ConnectedAppSamlConfig = Position & {
  acsUrl?: Str;
  certificate?: Str;
  encryptionCertificate?: Str;
  encryptionType?: Str;
  entityUrl?: Str;
  issuer?: Str;
  samlIdpSLOBindingEnum?: Str;
  samlNameIdFormat?: Str;
  samlSigningAlgoType?: Str;
  samlSloUrl?: Str;
  samlSubjectCustomAttr?: Str;
  samlSubjectType?: Str;
};

export type ConnectedAppCanvasConfig = Position & {
  accessMethod?: Str;
  canvasUrl?: Str;
  lifecycleClass?: Str;
  locations: Str[];
  options: Str[];
  samlInitiationMethod?: Str;
};

export type CanvasMetadata = Position & {
  accessMethod?: Str;
  canvasOptions?: Str;
  canvasUrl?: Str;
  lifecycleClass?: Str;
  locationOptions?: Str;
  samlInitiationMethod?: Str;
};

export type ConnectedAppMobileDetailConfig = Position & {
  applicationBinaryFile?: Str;
  applicationBinaryFileName?: Str;
  applicationBundleIdentifier?: Str;
  applicationFileLength?: Int;
  applicationIconFile?: Str;
  applicationIconFileName?: Str;
  applicationInstallUrl?: Str;
  devicePlatform?: Str;
  deviceType?: Str;
  minimumOsVersion?: Str;
  privateApp?: Bool;
  version?: Str;
};

export type ConnectedApp = {
  /** The app's API name: the file name (`X.connectedApp-meta.xml`), else its `fullName` element. */
  name: string;
  /** Metadata (base type): present in metadata-format files that carry it. */
  fullName?: Str;
  attributes: ConnectedAppAttribute[];
  canvas?: CanvasMetadata;
  canvasConfig?: ConnectedAppCanvasConfig;
  contactEmail?: Str;
  contactPhone?: Str;
  description?: Str;
  iconUrl?: Str;
  infoUrl?: Str;
  ipRanges: ConnectedAppIpRange[];
  label?: Str;
  logoUrl?: Str;
  mobileAppConfig?: ConnectedAppMobileDetailConfig;
  mobileStartUrl?: Str;
  oauthConfig?: ConnectedAppOauthConfig;
  oauthPolicy?: ConnectedAppOauthPolicy;
  permissionSetName: Str[];
  plugin?: Str;
  pluginExecutionUser?: Str;
  profileName: Str[];
  samlConfig?: ConnectedAppSamlConfig;
  sessionPolicy?: ConnectedAppSessionPolicy;
  startUrl?: Str;
};

export type ConnectedAppTypeName =
  | 'ConnectedApp'
  | 'ConnectedAppAttribute'
  | 'ConnectedAppIpRange'
  | 'ConnectedAppOauthAssetToken'
  | 'ConnectedAppOauthIdToken'
  | 'ConnectedAppOauthConfig'
  | 'ConnectedAppOauthPolicy'
  | 'ConnectedAppSessionPolicy'
  | 'ConnectedAppSamlConfig'
  | 'ConnectedAppCanvasConfig'
  | 'CanvasMetadata'
  | 'ConnectedAppMobileDetailConfig';

export type SimpleKind = 'string' | 'boolean' | 'int';

export type FieldDefinition = {
  /** A simple kind, or the complex type the element holds. */
  readonly kind: SimpleKind | ConnectedAppTypeName;
  /** maxOccurs="unbounded": read into an array. */
  readonly repeated?: boolean;
  /** The values an xsd enumeration allows (the org refuses others). */
  readonly values?: readonly string[];
};

const S: FieldDefinition = { kind: 'string' };
const B: FieldDefinition = { kind: 'boolean' };
const I: FieldDefinition = { kind: 'int' };
const enumOf = (...values: string[]): FieldDefinition => ({ kind: 'string', values });

/** The Metadata API's ConnectedAppOauthAccessScope (WSDL v66): the tokens `<scopes>` takes. */
export const CONNECTED_APP_SCOPES: readonly string[] = [
  'Basic',
  'Api',
  'Web',
  'Full',
  'Chatter',
  'CustomApplications',
  'RefreshToken',
  'OpenID',
  'Profile',
  'Email',
  'Address',
  'Phone',
  'OfflineAccess',
  'CustomPermissions',
  'Wave',
  'Eclair',
  'Pardot',
  'Lightning',
  'Content',
  'CDPIngest',
  'CDPProfile',
  'CDPQuery',
  'Chatbot',
  'CDPSegment',
  'CDPIdentityResolution',
  'CDPCalculatedInsight',
  'ForgotPassword',
  'UserRegistration',
  'SFAP',
  'Interaction',
  'CDP',
  'EinsteinGPT',
  'PwdlessLogin',
  'MCP',
  'SCRT',
];

/**
 * THE table of ConnectedApp fields (Metadata API WSDL v66), per complex type, in schema order. `fullName` comes from
 * the Metadata base type. String fields the WSDL types as xsd:string (ipRelaxation, refreshTokenPolicy,
 * sessionLevel) are read as text; their values are judged by the mapping (src/model/connectedAppMapping.ts).
 */
export const CONNECTED_APP_SCHEMA: Readonly<Record<ConnectedAppTypeName, Readonly<Record<string, FieldDefinition>>>> = {
  ConnectedApp: {
    fullName: S,
    attributes: { kind: 'ConnectedAppAttribute', repeated: true },
    canvas: { kind: 'CanvasMetadata' },
    canvasConfig: { kind: 'ConnectedAppCanvasConfig' },
    contactEmail: S,
    contactPhone: S,
    description: S,
    iconUrl: S,
    infoUrl: S,
    ipRanges: { kind: 'ConnectedAppIpRange', repeated: true },
    label: S,
    logoUrl: S,
    mobileAppConfig: { kind: 'ConnectedAppMobileDetailConfig' },
    mobileStartUrl: S,
    oauthConfig: { kind: 'ConnectedAppOauthConfig' },
    oauthPolicy: { kind: 'ConnectedAppOauthPolicy' },
    permissionSetName: { kind: 'string', repeated: true },
    plugin: S,
    pluginExecutionUser: S,
    profileName: { kind: 'string', repeated: true },
    samlConfig: { kind: 'ConnectedAppSamlConfig' },
    sessionPolicy: { kind: 'ConnectedAppSessionPolicy' },
    startUrl: S,
  },
  ConnectedAppAttribute: { formula: S, key: S },
  ConnectedAppIpRange: { description: S, end: S, start: S },
  ConnectedAppOauthAssetToken: {
    assetAudiences: S,
    assetIncludeAttributes: B,
    assetIncludeCustomPerms: B,
    assetSigningCertId: S,
    assetValidityPeriod: I,
  },
  ConnectedAppOauthIdToken: {
    idTokenAudience: S,
    idTokenIncludeAttributes: B,
    idTokenIncludeCustomPerms: B,
    idTokenIncludeStandardClaims: B,
    idTokenValidity: I,
  },
  ConnectedAppOauthConfig: {
    assetTokenConfig: { kind: 'ConnectedAppOauthAssetToken' },
    callbackUrl: S,
    certificate: S,
    consumerKey: S,
    consumerSecret: S,
    idTokenConfig: { kind: 'ConnectedAppOauthIdToken' },
    isAdminApproved: B,
    isClientCredentialEnabled: B,
    isCodeCredentialEnabled: B,
    isCodeCredentialPostOnly: B,
    isConsumerSecretOptional: B,
    isIntrospectAllTokens: B,
    isNamedUserJwtEnabled: B,
    isPkceRequired: B,
    isRefreshTokenRotationEnabled: B,
    isSecretRequiredForRefreshToken: B,
    isSecretRequiredForTokenExchange: B,
    isTokenExchangeEnabled: B,
    oauthClientCredentialUser: S,
    scopes: { kind: 'string', repeated: true, values: CONNECTED_APP_SCOPES },
    singleLogoutUrl: S,
  },
  ConnectedAppOauthPolicy: {
    ipRelaxation: S,
    isTokenExchangeFlowEnabled: B,
    refreshTokenPolicy: S,
    singleLogoutUrl: S,
  },
  ConnectedAppSessionPolicy: { policyAction: S, sessionLevel: S, sessionTimeout: I },
  ConnectedAppSamlConfig: {
    acsUrl: S,
    certificate: S,
    encryptionCertificate: S,
    encryptionType: enumOf('AES_128', 'AES_256', 'Triple_Des'),
    entityUrl: S,
    issuer: S,
    samlIdpSLOBindingEnum: enumOf('RedirectBinding', 'PostBinding'),
    samlNameIdFormat: enumOf('Unspecified', 'EmailAddress', 'Persistent', 'Transient'),
    samlSigningAlgoType: enumOf('SHA1', 'SHA256'),
    samlSloUrl: S,
    samlSubjectCustomAttr: S,
    samlSubjectType: enumOf('Username', 'FederationId', 'UserId', 'SpokeId', 'CustomAttribute', 'PersistentId'),
  },
  ConnectedAppCanvasConfig: {
    accessMethod: enumOf('Get', 'Post'),
    canvasUrl: S,
    lifecycleClass: S,
    locations: {
      kind: 'string',
      repeated: true,
      values: [
        'None',
        'Chatter',
        'UserProfile',
        'Visualforce',
        'Aura',
        'Publisher',
        'ChatterFeed',
        'ServiceDesk',
        'OpenCTI',
        'AppLauncher',
        'MobileNav',
        'PageLayout',
      ],
    },
    options: { kind: 'string', repeated: true, values: ['HideShare', 'HideHeader', 'PersonalEnabled'] },
    samlInitiationMethod: enumOf('None', 'IdpInitiated', 'SpInitiated'),
  },
  CanvasMetadata: {
    accessMethod: S,
    canvasOptions: S,
    canvasUrl: S,
    lifecycleClass: S,
    locationOptions: S,
    samlInitiationMethod: S,
  },
  ConnectedAppMobileDetailConfig: {
    applicationBinaryFile: S,
    applicationBinaryFileName: S,
    applicationBundleIdentifier: S,
    applicationFileLength: I,
    applicationIconFile: S,
    applicationIconFileName: S,
    applicationInstallUrl: S,
    devicePlatform: enumOf('ios', 'android'),
    deviceType: enumOf('phone', 'tablet', 'minitablet'),
    minimumOsVersion: S,
    privateApp: B,
    version: S,
  },
};

/** What a Connected App file holds that the model could not take as it is: the element stays in the file's entries. */
export type ConnectedAppProblem = {
  /**
   * `xml.malformed` | `xml.doctype` | `xml.empty` | `xml.character`: not a readable XML document; `notConnectedApp`: another root;
   * `unknownElement`: no such field in the v66 schema; `badValue`: not a boolean, an int or an allowed value;
   * `duplicate`: a field that occurs once given twice (the first is kept).
   */
  code:
    | 'xml.malformed'
    | 'xml.doctype'
    | 'xml.empty'
    | 'xml.character'
    | 'notConnectedApp'
    | 'unknownElement'
    | 'badValue'
    | 'duplicate';
  /** The field path in the app (`oauthConfig.isAdminApproved`), the root element's name for `notConnectedApp`. */
  field: string;
  line: number;
  column: number;
  /** The text as written (badValue), or the parser's reason (xml.*). */
  text?: string;
  /** badValue: what the field takes (`true, false`, an integer, or the enumeration). */
  expected?: readonly string[];
};
