/*
 * A component as a real retrieve writes it (docs/salesforce-facts.md §8): the root element with the metadata
 * namespace, children in alphabetical (schema) order, 4-space indent, LF, a trailing newline; the full field set
 * Setup leaves in every retrieve (the Global OAuth booleans, isFirstPartyAppEnabled, the policies' switches), the
 * org-specific values (orgScopedExternalApp `<orgId15>:<App>`, oauthLink `<orgId15>:<consumerId15>`, the consumer
 * key), and the certificate as its base64 body wrapped at 64 columns, without the PEM armour. Never the secret.
 */
import { APP_POLICIES, ECA, GLOBAL_OAUTH, OAUTH_POLICIES, OAUTH_SETTINGS } from './metadataTypes.js';
import { type ExternalClientApp, type OrgState } from './state.js';

const NS = 'http://soap.sforce.com/2006/04/metadata';

/** The booleans every retrieved Global OAuth settings file holds, with Setup's defaults. */
const GLOBAL_DEFAULTS: Record<string, string> = {
  isClientCredentialsFlowEnabled: 'false',
  isCodeCredFlowEnabled: 'false',
  isCodeCredPostOnly: 'false',
  isConsumerSecretOptional: 'false',
  isDeviceFlowEnabled: 'false',
  isIntrospectAllTokens: 'false',
  isNamedUserJwtEnabled: 'false',
  isPkceRequired: 'true',
  isRefreshTokenRotationEnabled: 'false',
  isSecretRequiredForRefreshToken: 'true',
  isSecretRequiredForTokenExchange: 'false',
  isTokenExchangeEnabled: 'false',
  shouldRotateConsumerKey: 'false',
  shouldRotateConsumerSecret: 'false',
};

const DEFAULTS: Record<string, Record<string, string>> = {
  [ECA]: { distributionState: 'Local', isProtected: 'false' },
  [GLOBAL_OAUTH]: GLOBAL_DEFAULTS,
  [OAUTH_SETTINGS]: { isFirstPartyAppEnabled: 'false' },
  [OAUTH_POLICIES]: {
    isClientCredentialsFlowEnabled: 'false',
    isGuestCodeCredFlowEnabled: 'false',
    isTokenExchangeFlowEnabled: 'false',
    requiredSessionLevel: 'STANDARD',
  },
  [APP_POLICIES]: { isEnabled: 'true', isOauthPluginEnabled: 'true', startPage: 'None' },
};

const escapeXml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function element(name: string, value: unknown, indent: string): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => element(name, item, indent));
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== '$')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([key, child]) => element(key, child, `${indent}    `));
    return [`${indent}<${name}>`, ...inner, `${indent}</${name}>`];
  }
  return [`${indent}<${name}>${escapeXml(String(value))}</${name}>`];
}

/** A document of one type from its fields (xml2js leaves), as a retrieve writes it. */
export function retrievedXml(type: string, fields: Record<string, unknown>): string {
  const body = Object.entries(fields)
    .filter(([key]) => key !== '$' && key !== 'fullName')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([key, value]) => element(key, value, '    '));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${type} xmlns="${NS}">\n${body.join('\n')}\n</${type}>\n`;
}

/** PEM or a retrieve's body -> the base64 body wrapped at 64 columns (§8.6). */
export function certificateBody(certificate: string): string {
  const base64 = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return base64.match(/.{1,64}/g)?.join('\n') ?? '';
}

/** The fields of an app's component as the org answers a retrieve: defaults filled, org-specific values added. */
export function retrievedFields(state: OrgState, app: ExternalClientApp, type: string): Record<string, unknown> {
  const stored = app.components[type];
  if (!stored) return {};
  const fields: Record<string, unknown> = { ...(DEFAULTS[type] ?? {}), ...stored.fields };
  delete fields.consumerSecret;
  const org15 = state.orgId.slice(0, 15);
  if (type === ECA) fields.orgScopedExternalApp = `${org15}:${app.developerName}`;
  if (type === OAUTH_SETTINGS) fields.oauthLink = `${org15}:${app.consumerId.slice(0, 15)}`;
  if (type === GLOBAL_OAUTH) {
    fields.consumerKey = app.consumerKey;
    if (typeof fields.certificate === 'string' && fields.certificate.trim()) {
      fields.certificate = certificateBody(fields.certificate);
    } else delete fields.certificate;
  }
  return fields;
}

/** The org's ExternalClientAppSettings (`settings/ExternalClientApp.settings`). */
export function externalClientAppSettingsXml(state: OrgState): string {
  return retrievedXml('ExternalClientAppSettings', {
    enableClientSecretInRestApiAccess: String(state.settings.enableClientSecretInRestApiAccess),
    enableConsumerSecretApiAccess: 'false',
    enableExternalClientApps: 'true',
    enablePackageEcaOauthFromDevOrg: 'false',
  });
}
