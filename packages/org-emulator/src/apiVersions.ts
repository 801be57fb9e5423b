/*
 * What changed in the External Client App schema after the v66 WSDL the package keeps (schema/eca-metadata.xsd),
 * and the schema a deployment is judged against at its API version. As an org does, a deployment at an API version
 * that lacks an element fails on it as an unknown element (docs/salesforce-facts.md §6.7, §8.18).
 */

/** The API version of schema/eca-metadata.xsd. */
export const SCHEMA_API_VERSION = 66;

/**
 * The newest API version of an org on the current release: 68.0, Winter '27 (ECA-FACTS §8, "API versions"). The
 * emulated org's own is `state.apiVersion` (this by default), which a test lowers to play an org not yet upgraded.
 */
export const MAX_API_VERSION = 68;

/** An element of a type's sequence that exists only from `since` (and up to `until`, when given). */
export type VersionedElement = { type: string; element: string; xsdType: string; since: number; until?: number };

export const VERSIONED_ELEMENTS: VersionedElement[] = [
  // v67 (docs/salesforce-facts.md §2.7, §8.18); both in retrieves from API 67+ orgs (corpus: Cho-Geer/chogeer).
  { type: 'ExtlClntAppGlobalOauthSettings', element: 'isEnforceRefreshTokenTTL', xsdType: 'xsd:boolean', since: 67 },
  { type: 'ExtlClntAppGlobalOauthSettings', element: 'isDPopEnabled', xsdType: 'xsd:boolean', since: 67 },
  // Accepted in the OAuth policies at API 61–63 only (§2.16); retrieves of that time carry it (corpus: chrzasz).
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    element: 'isNamedUserJwtEnabled',
    xsdType: 'xsd:boolean',
    since: 61,
    until: 63,
  },
];

/** Enumeration values added after v66. */
export const VERSIONED_ENUM_VALUES: Array<{ simpleType: string; value: string; since: number }> = [
  { simpleType: 'PolicyAction', value: 'StepUpMFA', since: 67 },
];

/**
 * Types newer than the v66 WSDL. ExtlClntAppOauthSecuritySettings is in SDR and in retrieves (§1.3); the version it
 * appeared in is not documented, so the emulator takes it from 67, with the other post-66 additions.
 */
export const VERSIONED_TYPES: Array<{ name: string; since: number; elements: string[] }> = [
  {
    name: 'ExtlClntAppOauthSecuritySettings',
    since: 67,
    elements: [
      '<xsd:element name="externalClientApplication" type="xsd:string" />',
      '<xsd:element name="label" minOccurs="0" type="xsd:string" />',
    ],
  },
];

const applies = (since: number, until: number | undefined, version: number): boolean =>
  version >= since && (until === undefined || version <= until);

/** Adds an element to a complex type's sequence at its ASCII-order place (every ECA sequence is in that order). */
function insertElement(schema: string, change: VersionedElement): string {
  const start = schema.indexOf(`<xsd:complexType name="${change.type}">`);
  if (start < 0) return schema;
  const end = schema.indexOf('</xsd:sequence>', start);
  const block = schema.slice(start, end);
  const line = `<xsd:element name="${change.element}" minOccurs="0" type="${change.xsdType}" />`;
  const next = [...block.matchAll(/<xsd:element name="([^"]+)"/g)].find((m) => m[1] > change.element);
  const at = next ? start + next.index : end;
  return `${schema.slice(0, at)}${line}\n       ${schema.slice(at)}`;
}

function insertEnumValue(schema: string, simpleType: string, value: string): string {
  const start = schema.indexOf(`<xsd:simpleType name="${simpleType}">`);
  if (start < 0) return schema;
  const end = schema.indexOf('</xsd:restriction>', start);
  return `${schema.slice(0, end)}<xsd:enumeration value="${value}" />\n    ${schema.slice(end)}`;
}

function addType(schema: string, name: string, elements: string[]): string {
  const type =
    `<xsd:complexType name="${name}"><xsd:complexContent><xsd:extension base="tns:Metadata"><xsd:sequence>` +
    `${elements.join('')}</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>\n` +
    `<xsd:element name="${name}" type="tns:${name}"/>\n`;
  const end = schema.lastIndexOf('</xsd:schema>');
  return `${schema.slice(0, end)}${type}${schema.slice(end)}`;
}

/** The v66 schema text changed into the schema of another API version. */
export function schemaForVersion(v66Schema: string, version: number): string {
  let schema = v66Schema;
  for (const change of VERSIONED_ELEMENTS)
    if (applies(change.since, change.until, version)) schema = insertElement(schema, change);
  for (const change of VERSIONED_ENUM_VALUES)
    if (version >= change.since) schema = insertEnumValue(schema, change.simpleType, change.value);
  for (const type of VERSIONED_TYPES) if (version >= type.since) schema = addType(schema, type.name, type.elements);
  return schema;
}

/** The API version of a deployment: its package.xml `<version>`, else the version of the endpoint it came in by. */
export function deployApiVersion(packageVersion: string | undefined, endpointVersion: string | undefined): number {
  for (const candidate of [packageVersion, endpointVersion]) {
    const value = Number((candidate ?? '').trim().replace(/^v/, ''));
    if (Number.isFinite(value) && value > 0) return Math.floor(value);
  }
  return SCHEMA_API_VERSION;
}
