/*
 * One Connected App -> the AppSpec of the External Client App that behaves like it (docs/salesforce-facts.md §9),
 * the fields beyond the AppSpec that its files must carry to keep that behaviour (`extras`, per file), and one row
 * per field: where it went, its value, and its fate by CONNECTED_APP_MAPPING. With `harden`, the values generate
 * would choose replace the insecure ones (connectedAppHarden.ts), each listed with what it was and what it can break.
 * Pure: the job renders, parses back and re-checks.
 */
import { type AppSpec } from './appSpec.js';
import { splitCallbackUrls } from './callbacks.js';
import { certificateForm, retrieveCertificateBody } from './certificate.js';
import { type ConnectedApp, type Located } from './connectedApp.js';
import {
  CONNECTED_APP_DEFAULTS,
  convertScope,
  type Fate,
  fateOf,
  USERNAME_PASSWORD_FLOW,
} from './connectedAppMapping.js';
import { convertPolicies, convertTokenConfigs, deriveFlows } from './connectedAppOauthParts.js';
import { hardenConversion } from './connectedAppHarden.js';
import { specMessages } from './findings.js';

export type EcaFileKey = 'app' | 'globalOauthSettings' | 'oauthSettings' | 'oauthPolicies' | 'policies';

/** An element a converted file carries beyond the writer's: a value, child elements, or (neither) left out. */
export type ExtraElement = {
  name: string;
  value?: string | number | boolean;
  children?: ReadonlyArray<readonly [string, string | number | boolean | undefined]>;
};

export type MappingRow = {
  /** The Connected App field (`oauthConfig.isAdminApproved`), or a note in parentheses for what metadata cannot say. */
  field: string;
  /** Where it went in the ECA (`ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType`). */
  ecaField?: string;
  /** The value written (or, not carried over, the value read; secrets never). */
  value: string;
  fate: Fate;
  /** Why it changed, why it is not carried over and what to do, or what hardening can break. */
  note?: string;
  /** Hardened: the value the Connected App had. */
  before?: string;
  location?: { line: number; column: number };
};

export type Conversion = {
  /** The Connected App's API name. */
  name: string;
  /** The ECA's API name. */
  apiName: string;
  spec?: AppSpec;
  extras: Partial<Record<EcaFileKey, ExtraElement[]>>;
  rows: MappingRow[];
  /** Why there is no ECA to write (no OAuth configuration: a SAML-only or canvas-only app). */
  notConvertible?: string;
};

export type ConvertOptions = { apiName?: string; harden?: boolean };

const note = (key: string, tokens: Array<string | number> = []): string =>
  specMessages.getMessage(`mapping.${key}`, tokens);

export function convertConnectedApp(app: ConnectedApp, options: ConvertOptions = {}): Conversion {
  const apiName = options.apiName ?? app.name;
  const rows: MappingRow[] = [];
  const extras: Conversion['extras'] = {};
  const extra = (key: EcaFileKey, element: ExtraElement): void => void (extras[key] ??= []).push(element);
  const row = (field: string, value: string, at?: Located<unknown>, fate?: Fate, noteText?: string): void => {
    const known = fateOf(field.replace(/\[\d+\]/g, ''));
    const chosen = fate ?? known?.fate ?? 'not carried over';
    const renamedTo = known?.eca?.split('.').pop() ?? '';
    const text =
      noteText ?? (known?.reason ? note(known.reason, known.reason === 'rename' ? [renamedTo] : []) : undefined);
    rows.push({
      field,
      ...(known?.eca && chosen !== 'not carried over' ? { ecaField: known.eca } : {}),
      value,
      fate: chosen,
      ...(text ? { note: text } : {}),
      ...(at ? { location: { line: at.line, column: at.column } } : {}),
    });
  };

  rows.push({
    field: '(name)',
    ecaField: 'ExternalClientApplication (file name)',
    value: apiName,
    fate: apiName === app.name ? 'copied' : 'changed',
  });
  if (app.fullName) row('fullName', app.fullName.value, app.fullName);
  for (const field of ['label', 'contactEmail', 'contactPhone', 'description', 'iconUrl', 'logoUrl'] as const) {
    const value = app[field];
    if (value) row(field, value.value, value);
  }
  if (app.infoUrl) {
    row('infoUrl', app.infoUrl.value, app.infoUrl);
    extra('app', { name: 'infoUrl', value: app.infoUrl.value });
  }
  if (app.startUrl) {
    row('startUrl', app.startUrl.value, app.startUrl);
    extra('policies', { name: 'startPage', value: 'Custom' });
    extra('policies', { name: 'startUrl', value: app.startUrl.value });
  }
  for (const field of ['mobileStartUrl', 'plugin', 'pluginExecutionUser'] as const) {
    const value = app[field];
    if (value) row(field, value.value, value);
  }
  for (const field of ['mobileAppConfig', 'samlConfig', 'canvasConfig', 'canvas'] as const) {
    const value = app[field];
    if (value) row(field, '…', { ...value, value: '', text: '' });
  }
  app.attributes.forEach((attribute, i) => {
    const at = { ...attribute, value: '', text: '' };
    const shown = `${attribute.key?.value ?? ''} = ${attribute.formula?.value ?? ''}`;
    // Both parts are required on each side (ConnectedAppAttribute, ExtlClntAppOauthSettingsAttribute).
    if (!attribute.key || !attribute.formula) {
      return row(`attributes[${i}]`, shown, at, 'not carried over', note('incompleteAttribute'));
    }
    row(`attributes[${i}]`, shown, at);
    extra('oauthSettings', {
      name: 'customAttributes',
      children: [
        ['formula', attribute.formula?.value],
        ['key', attribute.key?.value],
      ],
    });
  });
  app.ipRanges.forEach((range, i) => {
    const at = { ...range, value: '', text: '' };
    const shown = `${range.start?.value ?? ''} - ${range.end?.value ?? ''}`;
    // start and end are required on each side (ConnectedAppIpRange, ExtlClntAppOauthIpRange).
    if (!range.start || !range.end)
      return row(`ipRanges[${i}]`, shown, at, 'not carried over', note('incompleteIpRange'));
    row(`ipRanges[${i}]`, shown, at);
    extra('oauthSettings', {
      name: 'trustedIpRanges',
      children: [
        ['description', range.description?.value],
        ['endIpAddress', range.end?.value],
        ['startIpAddress', range.start?.value],
      ],
    });
  });

  const oauth = app.oauthConfig;
  if (!oauth) {
    const kind = app.samlConfig ? 'samlOnly' : app.canvasConfig || app.canvas ? 'canvasOnly' : 'noOauth';
    return { name: app.name, apiName, extras: {}, rows, notConvertible: note(`notConvertible.${kind}`, [app.name]) };
  }

  const callbackUrls = splitCallbackUrls(oauth.callbackUrl?.value ?? '');
  if (oauth.callbackUrl) row('oauthConfig.callbackUrl', callbackUrls.join(', '), oauth.callbackUrl);
  let certificate: string | undefined;
  if (oauth.certificate) {
    if (certificateForm(oauth.certificate.value)) {
      certificate = retrieveCertificateBody(oauth.certificate.value);
      row('oauthConfig.certificate', `${oauth.certificate.value.slice(0, 12)}…`, oauth.certificate);
    } else {
      const text = note('certificateUnreadable');
      row('oauthConfig.certificate', oauth.certificate.value, oauth.certificate, 'not carried over', text);
    }
  }
  if (oauth.consumerKey) row('oauthConfig.consumerKey', oauth.consumerKey.value, oauth.consumerKey);
  if (oauth.consumerSecret) row('oauthConfig.consumerSecret', '(hidden)', oauth.consumerSecret);

  const scopes = [...new Set(oauth.scopes.map((s) => convertScope(s.value)))];
  if (oauth.scopes.length > 0) row('oauthConfig.scopes', scopes.join(', '), oauth.scopes[0]);
  const publicClient = oauth.isConsumerSecretOptional?.value === true;
  const clientCredentials = oauth.isClientCredentialEnabled?.value === true;
  const tokenExchange = oauth.isTokenExchangeEnabled?.value === true;
  const flows = deriveFlows({ clientCredentials, tokenExchange, certificate, scopes, publicClient, callbackUrls });

  const boolRow = (name: keyof typeof oauth, shown?: boolean): void => {
    const value = oauth[name] as Located<boolean> | undefined;
    if (value) row(`oauthConfig.${String(name)}`, String(shown ?? value.value), value);
  };
  boolRow('isClientCredentialEnabled');
  boolRow('isConsumerSecretOptional');
  boolRow('isNamedUserJwtEnabled');
  boolRow('isTokenExchangeEnabled');
  boolRow('isSecretRequiredForTokenExchange');
  for (const [caName, ecaName] of [
    ['isCodeCredentialEnabled', 'isCodeCredFlowEnabled'],
    ['isCodeCredentialPostOnly', 'isCodeCredPostOnly'],
    ['isSecretRequiredForTokenExchange', 'isSecretRequiredForTokenExchange'],
  ] as const) {
    const value = oauth[caName];
    if (caName !== 'isSecretRequiredForTokenExchange') boolRow(caName);
    if (value) extra('globalOauthSettings', { name: ecaName, value: value.value });
  }
  for (const name of Object.keys(CONNECTED_APP_DEFAULTS) as Array<keyof typeof CONNECTED_APP_DEFAULTS>) {
    const value = oauth[name]?.value ?? CONNECTED_APP_DEFAULTS[name];
    extra('globalOauthSettings', { name, value });
    if (oauth[name]) boolRow(name);
    else row(`oauthConfig.${name}`, note('unset', [String(value)]), undefined, 'copied');
  }
  if (oauth.oauthClientCredentialUser) {
    row(
      'oauthConfig.oauthClientCredentialUser',
      oauth.oauthClientCredentialUser.value,
      oauth.oauthClientCredentialUser,
    );
  }
  if (oauth.singleLogoutUrl) {
    row('oauthConfig.singleLogoutUrl', oauth.singleLogoutUrl.value, oauth.singleLogoutUrl);
    extra('oauthSettings', { name: 'singleLogoutUrl', value: oauth.singleLogoutUrl.value });
  }
  convertTokenConfigs(oauth, row, extra);

  const adminApproved = oauth.isAdminApproved?.value === true;
  if (oauth.isAdminApproved)
    row(
      'oauthConfig.isAdminApproved',
      adminApproved ? 'AdminApprovedPreAuthorized' : 'AllSelfAuthorized',
      oauth.isAdminApproved,
    );
  else row('oauthConfig.isAdminApproved', `AllSelfAuthorized (${note('unset', ['false'])})`, undefined, 'copied');
  const profiles = app.profileName.map((p) => p.value).filter(Boolean);
  const permissionSets = app.permissionSetName.map((p) => p.value).filter(Boolean);
  if (profiles.length > 0) row('profileName', profiles.join(','), app.profileName[0]);
  if (permissionSets.length > 0) row('permissionSetName', permissionSets.join(','), app.permissionSetName[0]);

  const policies = convertPolicies(app, row, extra);
  const spec: AppSpec = {
    apiName,
    label: app.label?.value ?? '',
    contactEmail: app.contactEmail?.value ?? '',
    ...(app.contactPhone ? { contactPhone: app.contactPhone.value } : {}),
    ...(app.description ? { description: app.description.value } : {}),
    ...(app.logoUrl ? { logoUrl: app.logoUrl.value } : {}),
    ...(app.iconUrl ? { iconUrl: app.iconUrl.value } : {}),
    distributionState: 'Local',
    oauth: {
      flows,
      callbackUrls,
      scopes,
      publicClient,
      ...(certificate ? { certificate } : {}),
      ...(oauth.isNamedUserJwtEnabled?.value === true ? { jwtAccessTokens: true } : {}),
    },
    policies: {
      permittedUsers: adminApproved ? 'AdminApprovedPreAuthorized' : 'AllSelfAuthorized',
      permissionSets,
      profiles,
      ...(oauth.oauthClientCredentialUser ? { runAsUser: oauth.oauthClientCredentialUser.value } : {}),
      ...policies,
    },
  };
  rows.push({ field: USERNAME_PASSWORD_FLOW, value: '', fate: 'not carried over', note: note('usernamePassword') });
  const conversion: Conversion = { name: app.name, apiName, spec, extras, rows };
  return options.harden ? hardenConversion(conversion) : conversion;
}
