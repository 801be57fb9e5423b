/*
 * THE table of finding rules: every finding's stable rule id (ECA0xx: warnings, insecure or unusual, with a severity;
 * ECA1xx: errors, what the org would reject or what cannot work), by the code the checks use. `sf eca audit` reuses
 * the ids. Titles live in messages/model.md (`title.<id>`); the why and the fix are the finding's message and actions
 * (`rule.<code>`, `rule.<code>.actions`).
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type FindingRule = {
  readonly id: string;
  /** The code of the finding (`scopes.full`), the key of its messages. */
  readonly code: string;
  /** Warnings: how bad. Errors have none. */
  readonly severity?: Severity;
  /** Other codes reported under the same id. */
  readonly aliases?: readonly string[];
};

export const FINDING_RULES: readonly FindingRule[] = [
  { id: 'ECA001', code: 'scopes.full', severity: 'critical', aliases: ['scopes.fullAllowed'] },
  { id: 'ECA002', code: 'permittedUsers.selfAuthorized', severity: 'high' },
  { id: 'ECA003', code: 'refreshToken.infinite', severity: 'high' },
  { id: 'ECA004', code: 'refreshToken.longLifetime', severity: 'medium' },
  { id: 'ECA005', code: 'refreshToken.longIdle', severity: 'medium' },
  { id: 'ECA006', code: 'ipRelaxation.relaxed', severity: 'high' },
  { id: 'ECA007', code: 'callback.httpNotLoopback', severity: 'high' },
  { id: 'ECA008', code: 'callback.wildcard', severity: 'high' },
  { id: 'ECA009', code: 'pkce.off', severity: 'high' },
  { id: 'ECA010', code: 'publicClient.clientCredentials', severity: 'critical' },
  { id: 'ECA011', code: 'parse.flowMismatch', severity: 'medium' },
  { id: 'ECA012', code: 'parse.secretInSource', severity: 'high' },
  { id: 'ECA013', code: 'parse.missingPolicies', severity: 'medium' },
  { id: 'ECA014', code: 'parse.missingGlobal', severity: 'medium' },
  { id: 'ECA015', code: 'callback.loopbackHttp', severity: 'low' },
  { id: 'ECA016', code: 'callback.duplicate', severity: 'low' },
  { id: 'ECA017', code: 'flows.device', severity: 'medium' },
  { id: 'ECA018', code: 'publicClient.unused', severity: 'low' },
  { id: 'ECA019', code: 'runAsUser.missing', severity: 'high' },
  { id: 'ECA020', code: 'runAsUser.unused', severity: 'low' },
  { id: 'ECA021', code: 'preauthorized.ignored', severity: 'low' },
  { id: 'ECA022', code: 'jwt.selfAuthorized', severity: 'medium' },
  { id: 'ECA023', code: 'permittedUsers.nobody', severity: 'low' },
  { id: 'ECA024', code: 'sessionTimeout.none', severity: 'info' },
  { id: 'ECA025', code: 'scopes.refreshTokenUnused', severity: 'low' },
  { id: 'ECA026', code: 'distributionState.packaged', severity: 'info' },
  { id: 'ECA027', code: 'parse.appDisabled', severity: 'medium' },
  { id: 'ECA028', code: 'parse.namedUserJwtInPolicies', severity: 'low' },
  { id: 'ECA029', code: 'parse.namespaceMatch', severity: 'info' },
  { id: 'ECA030', code: 'certificate.expired', severity: 'high' },
  { id: 'ECA031', code: 'certificate.notYetValid', severity: 'medium' },
  { id: 'ECA032', code: 'refreshToken.validityUnexpected', severity: 'info' },
  { id: 'ECA033', code: 'refreshToken.validityMissing', severity: 'low' },
  { id: 'ECA034', code: 'sessionTimeout.invalid', severity: 'low' },
  { id: 'ECA035', code: 'callback.none', severity: 'medium' },
  { id: 'ECA050', code: 'callback.fragment', severity: 'medium' },
  { id: 'ECA101', code: 'xml.malformed' },
  { id: 'ECA102', code: 'xml.doctype' },
  { id: 'ECA103', code: 'xml.empty' },
  { id: 'ECA104', code: 'file.notDeployableName' },
  { id: 'ECA105', code: 'schema.unknownElement' },
  { id: 'ECA106', code: 'schema.newerField' },
  { id: 'ECA107', code: 'parse.badValue' },
  { id: 'ECA108', code: 'scopes.unknownToken' },
  { id: 'ECA109', code: 'parse.wrongApp' },
  { id: 'ECA110', code: 'parse.missingApp' },
  { id: 'ECA111', code: 'parse.duplicateType' },
  { id: 'ECA112', code: 'parse.missingReference' },
  { id: 'ECA113', code: 'parse.wrongNamespace' },
  { id: 'ECA114', code: 'parse.missingOauth' },
  { id: 'ECA115', code: 'schema.notAtVersion' },
  { id: 'ECA116', code: 'xml.character' },
  { id: 'ECA117', code: 'parse.referenceCase' },
  { id: 'ECA120', code: 'apiName.empty' },
  { id: 'ECA121', code: 'apiName.characters' },
  { id: 'ECA122', code: 'apiName.start' },
  { id: 'ECA123', code: 'apiName.doubleUnderscore' },
  { id: 'ECA124', code: 'apiName.trailingUnderscore' },
  { id: 'ECA125', code: 'apiName.length' },
  { id: 'ECA126', code: 'label.empty' },
  { id: 'ECA127', code: 'contactEmail.missing' },
  { id: 'ECA128', code: 'contactEmail.invalid' },
  { id: 'ECA129', code: 'contactPhone.invalid' },
  { id: 'ECA130', code: 'url.invalid' },
  { id: 'ECA131', code: 'flows.none' },
  { id: 'ECA132', code: 'callback.malformed' },
  { id: 'ECA133', code: 'callback.forbiddenScheme' },
  { id: 'ECA134', code: 'callback.customSchemeWithoutPkce' },
  { id: 'ECA135', code: 'callback.tooLong' },
  { id: 'ECA136', code: 'scopes.none' },
  { id: 'ECA137', code: 'scopes.unknown' },
  { id: 'ECA138', code: 'certificate.missing' },
  { id: 'ECA139', code: 'certificate.withoutJwt' },
  { id: 'ECA140', code: 'certificate.notPem' },
  { id: 'ECA141', code: 'certificate.unreadable' },
  { id: 'ECA142', code: 'certificate.notRsa' },
  { id: 'ECA143', code: 'certificate.weakKey' },
  { id: 'ECA144', code: 'runAsUser.invalid' },
  { id: 'ECA145', code: 'preauthorized.comma' },
  { id: 'ECA146', code: 'refreshToken.validityInvalid' },
];

const byCode = new Map<string, FindingRule>();
for (const rule of FINDING_RULES) for (const code of [rule.code, ...(rule.aliases ?? [])]) byCode.set(code, rule);

/** The rule of a finding code, or undefined for a code outside the table (flag-parsing findings). */
export const ruleOfCode = (code: string): FindingRule | undefined => byCode.get(code);

export const ruleById = (id: string): FindingRule | undefined => FINDING_RULES.find((rule) => rule.id === id);
