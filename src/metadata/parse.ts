/*
 * An app's files -> AppSpec, for `deploy` and `verify` (the reverse of render.ts). Reading never fails on what a
 * file holds: what the org would reject is an error finding (malformed XML, unknown elements, bad values, references
 * to another app), what is insecure or unusual a warning (parseValues.ts); every element read is kept in `rawFiles`,
 * known or not. Flows are derived from the booleans and the certificate. parse(render(spec)) equals spec.
 */
import { type AppSpec } from '../model/appSpec.js';
import { asLevel, finding, type Finding, placeOf, specMessages } from '../model/findings.js';
import { familyTypeByName, parseFamilyFileName } from './ecaFamily.js';
import { checkElements, fileFindings } from './parseChecks.js';
import { readPolicies, readSpecValues, ORG_DEFAULT_POLICIES } from './parseValues.js';
import { ECA_TYPES, ecaType, type EcaType, ecaTypeByName, type EcaTypeKey } from './types.js';
import { type MetadataField, type MetadataRecord, readMetadataXml, XmlReadError } from './xmlReader.js';

export type AppFileInput = { path: string; xml: string };

export type RawFile = {
  path: string;
  /** The root element as read (a type of the ECA family), undefined when the file could not be read. */
  type?: string;
  /** Every child element of the root in file order: names, texts, complex elements as raw XML and as parsed trees. */
  entries: MetadataField[];
};

export type ParsedApp = {
  spec: AppSpec;
  /** Every file of the app, the five OAuth types first and then the other ECA-family files, as deployed together. */
  files: Array<{ type: string; path: string }>;
  /** ECA-family files beyond the five OAuth types (OAuth security, SAML, canvas, ...): kept and deployed with the app. */
  otherFiles: Array<{ type: string; path: string }>;
  /** Fields that belong to one org (orgScopedExternalApp, oauthLink): leave them out of a deployment. */
  orgSpecificFields: Array<{ path: string; field: string }>;
  /** OAuth types with no file: policy files (the org then applies its permissive defaults) and the Global settings. */
  missingTypes: string[];
  /** What each file holds, element by element, known fields or not: nothing a user wrote is lost when re-checked. */
  rawFiles: RawFile[];
  /** What the files show beyond the spec (errors: the org would reject them; warnings): run checkAppSpec(spec) too. */
  findings: Finding[];
  /**
   * Files that could not be read as XML (empty, cut short, a DOCTYPE, a forbidden character): each has its error
   * finding with its place; the spec lacks what they hold, so rules on the spec would only repeat the same problem.
   */
  unreadableFiles: string[];
};

export type ParseOptions = {
  /** The app's API name when discovery knows it (the app file may be missing). */
  apiName?: string;
  /** Other values of externalClientApplication that name the app (`ns__App`, resolved by discovery). */
  references?: readonly string[];
  /** The API version the deploy goes at, when known: newer fields are then errors. */
  apiVersion?: number;
};

export type Loaded = { type: EcaType; path: string; record: MetadataRecord };

export { ORG_DEFAULT_POLICIES };

export function parseAppFiles(files: readonly AppFileInput[], options: ParseOptions = {}): ParsedApp {
  const findings: Finding[] = [];
  const loaded = new Map<EcaTypeKey, Loaded>();
  const rawFiles: RawFile[] = [];
  const otherFiles: ParsedApp['otherFiles'] = [];
  const records: Array<{ path: string; record: MetadataRecord }> = [];
  const unreadableFiles: string[] = [];
  /** The types whose file is there but unreadable: not "missing" (its read error says what is wrong). */
  const unreadableTypes = new Set<string>();
  for (const file of files) {
    const record = readFile(file, findings);
    rawFiles.push({ path: file.path, ...(record ? { type: record.root } : {}), entries: record?.entries ?? [] });
    if (!record) {
      unreadableFiles.push(file.path);
      const named = parseFamilyFileName(baseName(file.path));
      if (named) unreadableTypes.add(named.type.name);
      continue;
    }
    const family = familyTypeByName(record.root);
    if (!family) throw specMessages.createError('error.parse.notEcaFile', [file.path, record.root]);
    records.push({ path: file.path, record });
    checkFileName(file.path, family.name, findings);
    const type = ecaTypeByName(record.root);
    if (!type) {
      otherFiles.push({ type: family.name, path: file.path });
      continue;
    }
    const previous = loaded.get(type.key);
    if (previous) {
      findings.push(
        located(
          finding('error', 'name', type.name, 'parse.duplicateType', [type.name, previous.path, file.path]),
          file,
        ),
      );
      continue;
    }
    loaded.set(type.key, { type, path: file.path, record });
  }

  const app = loaded.get('app');
  const apiName = app ? componentName(app.path) : (options.apiName ?? referencedName(records) ?? '');
  const references = options.references ?? [];
  const accepted = new Set([apiName, ...references].map((name) => name.toLowerCase()));
  const appFileUnreadable = unreadableTypes.has(ecaType('app').name);
  const orgSpecificFields: ParsedApp['orgSpecificFields'] = [];
  for (const { path, record } of records) {
    findings.push(...checkElements(path, record, options.apiVersion));
    findings.push(...fileFindings(path, record, orgSpecificFields));
    if (record.root === ecaType('app').name) continue;
    const entry = record.entries.find((e) => e.name === 'externalClientApplication' && e.text !== undefined);
    const named = entry?.text?.trim();
    if (entry === undefined || named === undefined || named === '') {
      findings.push(located(finding('error', 'api-name', record.root, 'parse.missingReference', [path]), { path }));
      continue;
    }
    const where = { path, line: entry.line, column: entry.column };
    const place = placeOf(path, entry.line, entry.column);
    const xml = `${record.root}.externalClientApplication`;
    if (!accepted.has(named.toLowerCase())) {
      findings.push(
        located(finding('error', 'api-name', xml, 'parse.wrongApp', [place, named, apiName], [apiName]), where),
      );
    } else if (named !== apiName && !references.includes(named) && apiName !== '') {
      findings.push(
        located(finding('error', 'api-name', xml, 'parse.referenceCase', [place, named, apiName], [apiName]), where),
      );
    } else if (!app && !appFileUnreadable) {
      findings.push(located(finding('error', 'api-name', xml, 'parse.missingApp', [place, named], [named]), where));
    }
  }

  const there = (key: EcaTypeKey): boolean => loaded.has(key) || unreadableTypes.has(ecaType(key).name);
  const missingTypes = (['globalOauthSettings', 'oauthPolicies', 'policies'] as const)
    .filter((key) => !loaded.has(key))
    .map((key) => ecaType(key).name);
  if (!there('oauthSettings')) {
    const missing = finding('error', 'name', ecaType('oauthSettings').name, 'parse.missingOauth', [apiName]);
    findings.push(loaded.has('globalOauthSettings') ? missing : asLevel(missing, 'warning'));
  }
  if (!there('globalOauthSettings')) {
    findings.push(finding('warning', 'name', ecaType('globalOauthSettings').name, 'parse.missingGlobal', [apiName]));
  }
  for (const key of ['oauthPolicies', 'policies'] as const) {
    if (!there(key)) {
      const name = ecaType(key).name;
      findings.push(finding('warning', 'name', name, 'parse.missingPolicies', [name, apiName]));
    }
  }

  const fields = (key: EcaTypeKey): Record<string, string> => loaded.get(key)?.record.fields ?? {};
  const policyFile = loaded.get('oauthPolicies');
  const valueFindings: Finding[] = [];
  const spec = readSpecValues(apiName, fields, valueFindings);
  spec.policies = policyFile
    ? readPolicies(policyFile, fields('globalOauthSettings'), valueFindings)
    : ORG_DEFAULT_POLICIES();
  findings.push(...locateInFiles(valueFindings, rawFiles));

  const fileOrder = (type: string): number => {
    const index = ECA_TYPES.findIndex((t) => t.name === type);
    return index === -1 ? ECA_TYPES.length : index;
  };
  const allFiles = [...[...loaded.values()].map(({ type, path }) => ({ type: type.name, path })), ...otherFiles].sort(
    (a, b) => fileOrder(a.type) - fileOrder(b.type),
  );
  return { spec, files: allFiles, otherFiles, orgSpecificFields, missingTypes, rawFiles, findings, unreadableFiles };
}

function readFile(file: AppFileInput, findings: Finding[]): MetadataRecord | undefined {
  try {
    return readMetadataXml(file.xml);
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    const code = `xml.${error.problem}`;
    const place = placeOf(file.path, error.line ?? 1, error.column ?? 1);
    const tokens = error.problem === 'empty' || error.problem === 'doctype' ? [place] : [place, error.reason];
    findings.push(
      located(finding('error', 'name', file.path, code, tokens), { ...file, line: error.line, column: error.column }),
    );
    return undefined;
  }
}

/** A file SDR would not deploy: named neither `X.<suffix>-meta.xml` nor `X.<suffix>` for its root type. */
function checkFileName(path: string, typeName: string, findings: Finding[]): void {
  const named = parseFamilyFileName(baseName(path));
  if (named && named.type.name === typeName) return;
  const family = familyTypeByName(typeName)!;
  const component = named?.component ?? baseName(path).replace(/\.[^.]*$/, '');
  findings.push(
    located(
      finding('error', 'name', typeName, 'file.notDeployableName', [
        path,
        typeName,
        component,
        family.suffix,
        component,
        family.suffix,
      ]),
      { path },
    ),
  );
}

function located(found: Finding, where: { path: string; line?: number; column?: number }): Finding {
  const { path, line, column } = where;
  return {
    ...found,
    location: { path, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) },
  };
}

/**
 * Findings about values (`ExtlClntAppGlobalOauthSettings.callbackUrl`), such as checkAppSpec's on a spec read from
 * files, at the place of their element: the location is set and the message starts with `path:line:column`, as every
 * message about a file does. A finding that has its place already, or whose type has no file read, stays as it is.
 */
export function locateInFiles(findings: readonly Finding[], rawFiles: readonly RawFile[]): Finding[] {
  return findings.map((found) => {
    if (found.location) return found;
    const [root, element] = found.xmlField.split(/[.\s]/, 2);
    const file = rawFiles.find((item) => item.type === root);
    if (!file) return found;
    const entry = element === undefined ? undefined : file.entries.find((e) => e.name === element);
    const place = placeOf(file.path, entry?.line, entry?.column);
    return {
      ...located(found, { path: file.path, line: entry?.line, column: entry?.column }),
      message: `${place}: ${found.message}`,
    };
  });
}

/** The name the satellites give, when there is no app file. */
function referencedName(records: ReadonlyArray<{ record: MetadataRecord }>): string | undefined {
  return records.map(({ record }) => record.fields.externalClientApplication?.trim()).find((name) => name);
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function componentName(path: string): string {
  const name = baseName(path);
  return parseFamilyFileName(name)?.component ?? name.replace(/\.[^.]*$/, '');
}
