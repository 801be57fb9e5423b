/*
 * The deploy's API version. A file carrying a field newer than the deploy's version fails as an unknown element
 * (docs/salesforce-facts.md §6.7), so each field and value that appeared after v66 is listed here with the version
 * that brought it (§2.7, §2.15, §8.18), the files' need is the highest of those they carry, and the deploy goes at
 * the org's highest version (or --api-version), refused before any deploy request when that is below the need.
 */
/** A field (or one value of it, or a whole type) and the first API version that knows it. */
export type VersionedField = {
  type: string;
  field?: string;
  value?: string;
  since: number;
  /** The last version that still accepts it, when later ones refuse it as an unknown element. */
  until?: number;
  evidence: string;
};

export const VERSIONED_FIELDS: readonly VersionedField[] = [
  {
    type: 'ExtlClntAppGlobalOauthSettings',
    field: 'isEnforceRefreshTokenTTL',
    since: 67,
    evidence: '[doc] §8.18',
  },
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    field: 'policyAction',
    value: 'StepUpMFA',
    since: 67,
    evidence: '[doc] §8.18',
  },
  // §2.7: added after v66 with isEnforceRefreshTokenTTL; the release is not documented, so 67 as for the others
  // (the emulator takes the same view, packages/org-emulator/src/apiVersions.ts). [field]
  { type: 'ExtlClntAppGlobalOauthSettings', field: 'isDPopEnabled', since: 67, evidence: '[field] §2.7, §8.18' },
  { type: 'ExtlClntAppGlobalOauthSettings', field: 'isMtlsEnabled', since: 67, evidence: '[field] §2.7' },
  // Accepted in OAuth policies at API 61-63 only (§2), yet present in a real retrieve (chrzasz/sf-th-eca-via-metadata):
  // such a file deploys at 63.0 at the most.
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    field: 'isNamedUserJwtEnabled',
    since: 61,
    until: 63,
    evidence: '[field] §2, [retrieved] §8',
  },
  // §1.3: the type is not in the v66 WSDL; orgs return it from v67.
  { type: 'ExtlClntAppOauthSecuritySettings', since: 67, evidence: '[schema] §1.3' },
];

/** What one file needs: the field (or type) and the version. */
export type VersionNeed = { path: string; type: string; field?: string; value?: string; since: number; until?: number };

/** The needs of one file, from its type, its root's child elements and their values. */
export function versionNeedsOf(file: {
  path: string;
  type: string;
  fields: Record<string, string>;
  elements?: readonly string[];
}): VersionNeed[] {
  const present = new Set([...(file.elements ?? []), ...Object.keys(file.fields)]);
  return VERSIONED_FIELDS.filter((entry) => entry.type === file.type)
    .filter((entry) => entry.field === undefined || present.has(entry.field))
    .filter((entry) => entry.value === undefined || file.fields[entry.field ?? '']?.trim() === entry.value)
    .map((entry) => ({
      path: file.path,
      type: entry.type,
      ...(entry.field ? { field: entry.field } : {}),
      ...(entry.value ? { value: entry.value } : {}),
      since: entry.since,
      ...(entry.until ? { until: entry.until } : {}),
    }));
}

/**
 * The first API version of each type of the app (§1.1): below it the Metadata API doesn't know the type and refuses
 * the whole deploy on package.xml ("Unknown type name 'ExternalClientApplication' specified in package.xml", §6.8).
 */
export const TYPE_SINCE: Readonly<Record<string, number>> = {
  ExternalClientApplication: 59,
  ExtlClntAppGlobalOauthSettings: 59,
  ExtlClntAppOauthSettings: 59,
  ExtlClntAppOauthConfigurablePolicies: 59,
  ExtlClntAppConfigurablePolicies: 60,
};

/** What a file needs for its type itself to be known. */
export function typeNeedsOf(file: { path: string; type: string }): VersionNeed[] {
  const since = TYPE_SINCE[file.type];
  return since ? [{ path: file.path, type: file.type, since }] : [];
}

/** `68.0` → 68; undefined when it is not a version. */
export function majorOf(version: string | undefined): number | undefined {
  const match = /^v?(\d{2,3})(?:\.0)?$/.exec(String(version ?? '').trim());
  return match ? Number(match[1]) : undefined;
}

export type VersionChoice =
  | { ok: true; version: string; source: 'flag' | 'org'; needed?: VersionNeed }
  | { ok: false; need: VersionNeed; limit: string; source: 'flag' | 'org' };

/**
 * --api-version when given, else the org's highest version; refused when a file needs more than that. With neither
 * known (the org didn't say), the connection's own version stands in for the org's.
 */
export function chooseApiVersion(input: {
  needs: readonly VersionNeed[];
  flag?: string;
  orgMax?: string;
  fallback: string;
}): VersionChoice {
  const source = input.flag ? 'flag' : 'org';
  const chosen = input.flag ?? input.orgMax ?? input.fallback;
  // Without --api-version, a file whose field later versions refuse caps the deploy at its last version.
  const caps = input.flag ? [] : input.needs.flatMap((need) => (need.until ? [need.until] : []));
  const limit = Math.min(majorOf(chosen) ?? 0, ...caps);
  const highest = [...input.needs].sort((a, b) => b.since - a.since)[0];
  if (highest && highest.since > limit) return { ok: false, need: highest, limit: `${limit}.0`, source };
  return { ok: true, version: `${limit}.0`, source, ...(highest ? { needed: highest } : {}) };
}
