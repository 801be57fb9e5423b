/*
 * The values of an app's files -> AppSpec: identity, OAuth settings, derived flows, policies. Values are read as real
 * orgs write them (docs/salesforce-facts.md §2.13, §3.4, §8.6): ipRelaxationPolicyType in any case, scope tokens in
 * any order, with duplicates, with or without spaces; certificates in either form.
 */
import { type AppSpec, type IpRelaxationPolicy, type OAuthFlow } from '../model/appSpec.js';
import { checkCallbackUrl, splitCallbackUrls } from '../model/callbacks.js';
import { finding, type Finding } from '../model/findings.js';
import { sortFlows } from '../model/flows.js';
import {
  DISTRIBUTION_STATES,
  IP_RELAXATION,
  isSchemaValue,
  PERMITTED_USERS,
  POLICY_ACTIONS as POLICY_ACTION_VALUES,
  REFRESH_TOKEN_POLICIES,
} from '../model/policies.js';
import { type Loaded } from './parse.js';
import { type EcaTypeKey } from './types.js';

/** Org defaults when the OAuth policy file is missing (§2.18): every user self-authorizes, 365 days. */
export const ORG_DEFAULT_POLICIES = (): AppSpec['policies'] => ({
  permittedUsers: 'AllSelfAuthorized',
  permissionSets: [],
  profiles: [],
  refreshTokenPolicy: 'SpecificLifetime',
  refreshTokenValidity: { period: 365, unit: 'Days' },
  ipRelaxation: 'Enforce',
  sessionTimeoutMinutes: 0,
});

const POLICY_ACTIONS = ['Block', 'RaiseSessionLevel', 'StepUpMFA'];
const SESSION_LEVELS = ['LOW', 'STANDARD', 'HIGH_ASSURANCE'];

type Fields = (key: EcaTypeKey) => Record<string, string>;

/** Identity and OAuth values (policies: the org's defaults, replaced by readPolicies when there is a policy file). */
export function readSpecValues(apiName: string, fields: Fields, findings: Finding[]): AppSpec {
  const eca = fields('app');
  const global = fields('globalOauthSettings');
  const scopes = unique(splitList(fields('oauthSettings').commaSeparatedOauthScopes));
  const callbackUrls = splitCallbackUrls(global.callbackUrl ?? '');
  const publicClient = isTrue(global.isConsumerSecretOptional);
  const certificate = global.certificate?.trim() ? global.certificate.trim() : undefined;
  // Without a Global file (§8.4), the policy's client credentials switch is all the files say about that flow.
  const clientCredentials =
    Object.keys(global).length > 0
      ? global.isClientCredentialsFlowEnabled
      : fields('oauthPolicies').isClientCredentialsFlowEnabled;
  const flows = deriveFlows(
    { ...global, isClientCredentialsFlowEnabled: clientCredentials ?? '' },
    scopes,
    publicClient,
    callbackUrls,
    certificate,
  );
  if (flows.includes('web-server') && global.isPkceRequired?.trim() === 'false') {
    findings.push(finding('warning', 'flow', 'ExtlClntAppGlobalOauthSettings.isPkceRequired', 'pkce.off'));
  }
  const distribution = eca.distributionState?.trim() ?? 'Local';
  if (!isSchemaValue(DISTRIBUTION_STATES, distribution) && !['Managed', 'AutoInstalled'].includes(distribution)) {
    findings.push(
      finding('error', 'distribution-state', 'ExternalClientApplication.distributionState', 'parse.badValue', [
        distribution,
        'distributionState',
        [...Object.values(DISTRIBUTION_STATES), 'Managed', 'AutoInstalled'].join(', '),
      ]),
    );
  }
  const configurable = fields('policies');
  if (
    Object.keys(configurable).length > 0 &&
    (!isTrue(configurable.isEnabled) || !isTrue(configurable.isOauthPluginEnabled ?? 'true'))
  ) {
    findings.push(finding('warning', 'name', 'ExtlClntAppConfigurablePolicies.isEnabled', 'parse.appDisabled'));
  }
  return {
    apiName,
    label: eca.label ?? '',
    contactEmail: eca.contactEmail ?? '',
    ...optional('contactPhone', eca.contactPhone),
    ...optional('description', eca.description),
    ...optional('logoUrl', eca.logoUrl),
    ...optional('iconUrl', eca.iconUrl),
    distributionState: distribution as AppSpec['distributionState'],
    oauth: {
      flows,
      callbackUrls,
      scopes,
      publicClient,
      ...optional('certificate', certificate),
      ...(isTrue(global.isNamedUserJwtEnabled) ? { jwtAccessTokens: true } : {}),
    },
    policies: ORG_DEFAULT_POLICIES(),
  };
}

/**
 * Flows from the files. Client credentials, device, token exchange and JWT bearer have a switch (JWT bearer: the
 * certificate). The web server flow has none: any OAuth app with a callback URL accepts authorization codes. It is
 * reported when no other flow is on, or when the files only make sense with it: a refresh-token scope that no
 * other enabled flow can use, a public client, or a custom-scheme callback.
 */
function deriveFlows(
  global: Record<string, string>,
  scopes: string[],
  publicClient: boolean,
  callbackUrls: string[],
  certificate: string | undefined,
): OAuthFlow[] {
  const flows: OAuthFlow[] = [];
  if (isTrue(global.isClientCredentialsFlowEnabled)) flows.push('client-credentials');
  if (certificate) flows.push('jwt-bearer');
  if (isTrue(global.isDeviceFlowEnabled)) flows.push('device');
  if (isTrue(global.isTokenExchangeEnabled)) flows.push('token-exchange');
  const refreshWithoutIssuer =
    scopes.some((s) => s === 'RefreshToken' || s === 'OfflineAccess') &&
    !flows.includes('device') &&
    !flows.includes('token-exchange');
  const customScheme = callbackUrls.some((url) => checkCallbackUrl(url).kind === 'custom-scheme');
  if (flows.length === 0 || refreshWithoutIssuer || publicClient || customScheme) flows.push('web-server');
  return sortFlows(flows);
}

export function readPolicies(
  { record }: Loaded,
  global: Record<string, string>,
  findings: Finding[],
): AppSpec['policies'] {
  const f = record.fields;
  const xml = 'ExtlClntAppOauthConfigurablePolicies';
  const badValue = (element: string, value: string, valid: readonly string[]): void => {
    findings.push(finding('error', element, `${xml}.${element}`, 'parse.badValue', [value, element, valid.join(', ')]));
  };
  const enumField = <T extends string>(element: string, table: Readonly<Record<string, T>>, fallback: T): T => {
    const value = f[element]?.trim();
    if (value === undefined) return fallback;
    if (!isSchemaValue(table, value)) badValue(element, value, Object.values(table));
    return value as T;
  };
  for (const [element, valid] of [
    ['policyAction', POLICY_ACTIONS],
    ['requiredSessionLevel', SESSION_LEVELS],
  ] as const) {
    const value = f[element]?.trim();
    if (value !== undefined && !valid.includes(value)) badValue(element, value, valid);
  }
  const period = f.refreshTokenValidityPeriod?.trim();
  const unit = f.refreshTokenValidityUnit?.trim();
  if (unit !== undefined && !['Hours', 'Days', 'Months'].includes(unit)) {
    badValue('refreshTokenValidityUnit', unit, ['Hours', 'Days', 'Months']);
  }
  const timeout = f.sessionTimeoutInMinutes === undefined ? 0 : Number(f.sessionTimeoutInMinutes);
  checkPolicyAgreement(global, f, findings);
  return {
    permittedUsers: enumField('permittedUsersPolicyType', PERMITTED_USERS, 'AllSelfAuthorized'),
    permissionSets: splitList(f.commaSeparatedPermissionSet),
    profiles: splitList(f.commaSeparatedProfile),
    ...optional('runAsUser', f.clientCredentialsFlowUser?.trim()),
    refreshTokenPolicy: enumField('refreshTokenPolicyType', REFRESH_TOKEN_POLICIES, 'SpecificLifetime'),
    ...(period !== undefined && unit !== undefined
      ? { refreshTokenValidity: { period: Number(period), unit: unit as 'Hours' | 'Days' | 'Months' } }
      : {}),
    ipRelaxation: readIpRelaxation(f.ipRelaxationPolicyType, (value) =>
      badValue('ipRelaxationPolicyType', value, Object.values(IP_RELAXATION)),
    ),
    sessionTimeoutMinutes: Number.isFinite(timeout) ? timeout : 0,
    // Values the model has no room for (LOW, StepUpMFA) stay in the raw fields only.
    ...(f.requiredSessionLevel?.trim() === 'HIGH_ASSURANCE' ? { sessionLevel: 'HIGH_ASSURANCE' as const } : {}),
    ...(isSchemaValue(POLICY_ACTION_VALUES, f.policyAction?.trim() ?? '')
      ? { policyAction: f.policyAction!.trim() as AppSpec['policies']['policyAction'] }
      : {}),
  };
}

/** §2.13: `Enforce_RelaxRefresh` and `Enforce_relaxrefresh` are one value: read in any case, kept in the model canonical. */
function readIpRelaxation(text: string | undefined, onBad: (value: string) => void): IpRelaxationPolicy {
  const value = text?.trim();
  if (value === undefined) return 'Enforce';
  const match = Object.values(IP_RELAXATION).find((known) => known.toLowerCase() === value.toLowerCase());
  if (match) return match;
  onBad(value);
  return value as IpRelaxationPolicy;
}

/** Client credentials and token exchange are switched in both files; they work only when both are true. */
function checkPolicyAgreement(global: Record<string, string>, policy: Record<string, string>, out: Finding[]): void {
  if (Object.keys(global).length === 0) return;
  const pairs: Array<[string, string, string]> = [
    ['client credentials', 'isClientCredentialsFlowEnabled', 'isClientCredentialsFlowEnabled'],
    ['token exchange', 'isTokenExchangeEnabled', 'isTokenExchangeFlowEnabled'],
  ];
  for (const [flow, globalField, policyField] of pairs) {
    const inGlobal = isTrue(global[globalField]);
    const inPolicy = isTrue(policy[policyField]);
    if (inGlobal !== inPolicy) {
      out.push(
        finding('warning', 'flow', `ExtlClntAppOauthConfigurablePolicies.${policyField}`, 'parse.flowMismatch', [
          flow,
          globalField,
          String(inGlobal),
          policyField,
          String(inPolicy),
        ]),
      );
    }
  }
}

const isTrue = (value: string | undefined): boolean => value?.trim() === 'true';

const unique = (items: readonly string[]): string[] => [...new Set(items)];

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
