/*
 * The five files -> AppSpec, for `deploy` and `verify` (the reverse of render.ts). Flows are derived from the
 * booleans and the certificate; what the spec cannot hold (credentials in source, org-specific fields, fields the
 * org rejects, files that disagree with each other) comes back as findings. parse(render(spec)) equals spec.
 */
import { SfError } from '@salesforce/core/sfError';
import { type AppSpec, type OAuthFlow } from '../model/appSpec.js';
import { checkCallbackUrl, splitCallbackUrls } from '../model/callbacks.js';
import { finding, type Finding, specMessages } from '../model/findings.js';
import { sortFlows } from '../model/flows.js';
import {
  DISTRIBUTION_STATES,
  IP_RELAXATION,
  isSchemaValue,
  PERMITTED_USERS,
  REFRESH_TOKEN_POLICIES,
} from '../model/policies.js';
import { componentNameOf, ecaType, type EcaType, ecaTypeByName, type EcaTypeKey, type EcaTypeName } from './types.js';
import { type MetadataRecord, readMetadataXml } from './xmlReader.js';

export type AppFileInput = { path: string; xml: string };

export type ParsedApp = {
  spec: AppSpec;
  files: Array<{ type: EcaTypeName; path: string }>;
  /** Fields that belong to one org (orgScopedExternalApp, oauthLink): leave them out of a deployment. */
  orgSpecificFields: Array<{ path: string; field: string }>;
  /** Policy types with no file (the org would then apply its permissive defaults). */
  missingTypes: EcaTypeName[];
  /** What the files show beyond the spec: run checkAppSpec(spec) as well. */
  findings: Finding[];
};

/** Org defaults when a policy file is missing (docs/salesforce-facts.md §2, [field]): every user self-authorizes, 365 days. */
const ORG_DEFAULT_POLICIES: AppSpec['policies'] = {
  permittedUsers: 'AllSelfAuthorized',
  permissionSets: [],
  profiles: [],
  refreshTokenPolicy: 'SpecificLifetime',
  refreshTokenValidity: { period: 365, unit: 'Days' },
  ipRelaxation: 'Enforce',
  sessionTimeoutMinutes: 0,
};

const ORG_SPECIFIC: Partial<Record<EcaTypeKey, string[]>> = {
  app: ['orgScopedExternalApp'],
  oauthSettings: ['oauthLink'],
};
const SECRETS: Partial<Record<EcaTypeKey, string[]>> = { globalOauthSettings: ['consumerKey', 'consumerSecret'] };

type Loaded = { type: EcaType; path: string; record: MetadataRecord };

export function parseAppFiles(files: readonly AppFileInput[]): ParsedApp {
  const loaded = new Map<EcaTypeKey, Loaded>();
  for (const file of files) {
    const record = readFile(file);
    const type = ecaTypeByName(record.root);
    if (!type) throw specMessages.createError('error.parse.notEcaFile', [file.path, record.root]);
    const previous = loaded.get(type.key);
    if (previous) throw specMessages.createError('error.parse.duplicateType', [type.name, previous.path, file.path]);
    loaded.set(type.key, { type, path: file.path, record });
  }
  const app = loaded.get('app');
  if (!app) throw specMessages.createError('error.parse.missingType', [ecaType('app').name]);
  const apiName = componentNameOf(app.type, baseName(app.path)) ?? baseName(app.path).split('.')[0];
  for (const key of ['globalOauthSettings', 'oauthSettings'] as const) {
    if (!loaded.has(key)) throw specMessages.createError('error.parse.missingType', [ecaType(key).name, apiName]);
  }

  const findings: Finding[] = [];
  const orgSpecificFields: ParsedApp['orgSpecificFields'] = [];
  for (const { type, path, record } of loaded.values()) {
    if (type.key !== 'app' && record.fields.externalClientApplication !== apiName) {
      const named = record.fields.externalClientApplication ?? '';
      findings.push(
        finding('error', 'api-name', `${type.name}.externalClientApplication`, 'parse.wrongApp', [
          path,
          named,
          apiName,
        ]),
      );
    }
    for (const field of ORG_SPECIFIC[type.key] ?? []) {
      if (record.fields[field] !== undefined) orgSpecificFields.push({ path, field });
    }
    for (const field of SECRETS[type.key] ?? []) {
      if (record.fields[field] !== undefined)
        findings.push(finding('warning', field, `${type.name}.${field}`, 'parse.secretInSource', [field, path]));
    }
  }

  const eca = app.record.fields;
  const global = loaded.get('globalOauthSettings')!.record.fields;
  const oauth = loaded.get('oauthSettings')!.record.fields;
  const policyFile = loaded.get('oauthPolicies');
  const missingTypes = (['oauthPolicies', 'policies'] as const)
    .filter((key) => !loaded.has(key))
    .map((key) => ecaType(key).name);
  for (const name of missingTypes)
    findings.push(finding('error', 'name', name, 'parse.missingPolicies', [name, apiName]));

  const scopes = splitList(oauth.commaSeparatedOauthScopes, ',');
  const callbackUrls = splitCallbackUrls(global.callbackUrl ?? '');
  const publicClient = isTrue(global.isConsumerSecretOptional);
  const certificate = global.certificate?.trim() ? global.certificate.trim() : undefined;
  const flows = deriveFlows(global, scopes, publicClient, callbackUrls, certificate);

  const distribution = eca.distributionState ?? 'Local';
  if (!isSchemaValue(DISTRIBUTION_STATES, distribution)) {
    findings.push(
      finding('error', 'distribution-state', 'ExternalClientApplication.distributionState', 'parse.badValue', [
        distribution,
        'distributionState',
        Object.values(DISTRIBUTION_STATES).join(', '),
      ]),
    );
  }

  const spec: AppSpec = {
    apiName,
    label: eca.label ?? '',
    contactEmail: eca.contactEmail ?? '',
    ...optional('contactPhone', eca.contactPhone),
    ...optional('description', eca.description),
    ...optional('logoUrl', eca.logoUrl),
    ...optional('iconUrl', eca.iconUrl),
    distributionState: distribution as AppSpec['distributionState'],
    oauth: { flows, callbackUrls, scopes, publicClient, ...optional('certificate', certificate) },
    policies: policyFile ? readPolicies(policyFile, findings) : { ...ORG_DEFAULT_POLICIES },
  };

  if (policyFile) checkPolicyAgreement(global, policyFile, findings);
  const configurable = loaded.get('policies');
  if (
    configurable &&
    (!isTrue(configurable.record.fields.isEnabled) ||
      !isTrue(configurable.record.fields.isOauthPluginEnabled ?? 'true'))
  ) {
    findings.push(
      finding('warning', 'name', 'ExtlClntAppConfigurablePolicies.isEnabled', 'parse.appDisabled', [configurable.path]),
    );
  }

  const order = (['app', 'globalOauthSettings', 'oauthSettings', 'oauthPolicies', 'policies'] as const).filter((k) =>
    loaded.has(k),
  );
  return {
    spec,
    files: order.map((key) => ({ type: ecaType(key).name, path: loaded.get(key)!.path })),
    orgSpecificFields,
    missingTypes,
    findings,
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

function readPolicies({ path, record }: Loaded, findings: Finding[]): AppSpec['policies'] {
  const f = record.fields;
  const xml = 'ExtlClntAppOauthConfigurablePolicies';
  const enumField = <T extends string>(element: string, table: Readonly<Record<string, T>>, fallback: T): T => {
    const value = f[element];
    if (value === undefined) return fallback;
    if (!isSchemaValue(table, value)) {
      findings.push(
        finding('error', element, `${xml}.${element}`, 'parse.badValue', [
          value,
          element,
          Object.values(table).join(', '),
        ]),
      );
    }
    return value as T;
  };
  if (f.isNamedUserJwtEnabled !== undefined) {
    findings.push(finding('error', 'name', `${xml}.isNamedUserJwtEnabled`, 'parse.namedUserJwtInPolicies', [path]));
  }
  const period = f.refreshTokenValidityPeriod;
  const unit = f.refreshTokenValidityUnit;
  if (unit !== undefined && !['Hours', 'Days', 'Months'].includes(unit)) {
    findings.push(
      finding('error', 'refresh-token-validity', `${xml}.refreshTokenValidityUnit`, 'parse.badValue', [
        unit,
        'refreshTokenValidityUnit',
        'Hours, Days, Months',
      ]),
    );
  }
  const timeout = f.sessionTimeoutInMinutes === undefined ? 0 : Number(f.sessionTimeoutInMinutes);
  return {
    permittedUsers: enumField('permittedUsersPolicyType', PERMITTED_USERS, 'AllSelfAuthorized'),
    permissionSets: splitList(f.commaSeparatedPermissionSet, ','),
    profiles: splitList(f.commaSeparatedProfile, ','),
    ...optional('runAsUser', f.clientCredentialsFlowUser),
    refreshTokenPolicy: enumField('refreshTokenPolicyType', REFRESH_TOKEN_POLICIES, 'SpecificLifetime'),
    ...(period !== undefined && unit !== undefined
      ? { refreshTokenValidity: { period: Number(period), unit: unit as 'Hours' | 'Days' | 'Months' } }
      : {}),
    ipRelaxation: enumField('ipRelaxationPolicyType', IP_RELAXATION, 'Enforce'),
    sessionTimeoutMinutes: Number.isFinite(timeout) ? timeout : 0,
  };
}

/** Client credentials must be on in both files; token exchange too. */
function checkPolicyAgreement(global: Record<string, string>, { record }: Loaded, findings: Finding[]): void {
  const pairs: Array<[string, string, string]> = [
    ['client credentials', 'isClientCredentialsFlowEnabled', 'isClientCredentialsFlowEnabled'],
    ['token exchange', 'isTokenExchangeEnabled', 'isTokenExchangeFlowEnabled'],
  ];
  for (const [flow, globalField, policyField] of pairs) {
    const inGlobal = isTrue(global[globalField]);
    const inPolicy = isTrue(record.fields[policyField]);
    if (inGlobal !== inPolicy) {
      findings.push(
        finding('error', 'flow', `ExtlClntAppOauthConfigurablePolicies.${policyField}`, 'parse.flowMismatch', [
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

function readFile(file: AppFileInput): MetadataRecord {
  try {
    return readMetadataXml(file.xml);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').join(' ') : String(error);
    throw new SfError(
      specMessages.getMessage('error.parse.notXml', [file.path, reason]),
      'EcaFileNotXml',
      specMessages.getMessages('error.parse.notXml.actions'),
    );
  }
}

const isTrue = (value: string | undefined): boolean => value?.trim() === 'true';

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function splitList(text: string | undefined, separator: string): string[] {
  return (text ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
