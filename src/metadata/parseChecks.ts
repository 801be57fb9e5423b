/*
 * Checks of one file as read, before any value is mapped: elements its type does not have (the org rejects the
 * file), elements newer than the deploy's API version, elements the org accepted only at older versions, a root
 * outside the metadata namespace, org-specific fields, and credentials in source (docs/salesforce-facts.md §2, §5.7,
 * §8.13, §8.18).
 */
import { finding, type Finding, placeOf } from '../model/findings.js';
import { fieldSince, KNOWN_FIELDS, NEWER_VALUES } from './knownFields.js';
import { METADATA_NAMESPACE } from './types.js';
import { type MetadataRecord } from './xmlReader.js';

const ORG_SPECIFIC: Readonly<Record<string, readonly string[]>> = {
  ExternalClientApplication: ['orgScopedExternalApp'],
  ExtlClntAppOauthSettings: ['oauthLink'],
};
const SECRETS: Readonly<Record<string, readonly string[]>> = {
  ExtlClntAppGlobalOauthSettings: ['consumerKey', 'consumerSecret'],
};

const at = (found: Finding, path: string, line?: number, column?: number): Finding => ({
  ...found,
  location: { path, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) },
});

/** Unknown, newer and older elements of a file; fields `fullName` and `module` of every Metadata type are known. */
export function checkElements(path: string, record: MetadataRecord, apiVersion: number | undefined): Finding[] {
  const out: Finding[] = [];
  const known = KNOWN_FIELDS[record.root];
  if (!known) return out;
  for (const entry of record.entries) {
    if (entry.name === 'fullName' || entry.name === 'module') continue;
    const since = fieldSince(record.root, entry.name);
    const xml = `${record.root}.${entry.name}`;
    const place = placeOf(path, entry.line, entry.column);
    if (since === undefined) {
      out.push(
        at(
          finding('error', entry.name, xml, 'schema.unknownElement', [place, entry.name, record.root]),
          path,
          entry.line,
          entry.column,
        ),
      );
    } else if (apiVersion !== undefined && since > apiVersion) {
      out.push(
        at(
          finding('error', entry.name, xml, 'schema.newerField', [place, entry.name, `${since}.0`, `${apiVersion}.0`]),
          path,
          entry.line,
          entry.column,
        ),
      );
    } else if (known.older?.[entry.name]) {
      const [first, last] = known.older[entry.name];
      out.push(
        apiVersion !== undefined && (apiVersion < first || apiVersion > last)
          ? at(
              finding('error', entry.name, xml, 'schema.notAtVersion', [
                place,
                entry.name,
                `${first}.0`,
                `${last}.0`,
                `${apiVersion}.0`,
              ]),
              path,
              entry.line,
              entry.column,
            )
          : at(
              finding('warning', 'name', xml, 'parse.namedUserJwtInPolicies', [place]),
              path,
              entry.line,
              entry.column,
            ),
      );
    }
    const newerValue = entry.text === undefined ? undefined : NEWER_VALUES[entry.name]?.[entry.text.trim()];
    if (apiVersion !== undefined && newerValue !== undefined && newerValue > apiVersion) {
      out.push(
        at(
          finding('error', entry.name, xml, 'schema.newerField', [
            place,
            `${entry.name} ${entry.text!.trim()}`,
            `${newerValue}.0`,
            `${apiVersion}.0`,
          ]),
          path,
          entry.line,
          entry.column,
        ),
      );
    }
  }
  return out;
}

/** The namespace, org-specific fields (collected) and credentials in source of a file. */
export function fileFindings(
  path: string,
  record: MetadataRecord,
  orgSpecificFields: Array<{ path: string; field: string }>,
): Finding[] {
  const out: Finding[] = [];
  if (record.namespace !== METADATA_NAMESPACE) {
    out.push(
      at(finding('error', 'name', record.root, 'parse.wrongNamespace', [path, record.namespace ?? '(none)']), path),
    );
  }
  for (const field of ORG_SPECIFIC[record.root] ?? []) {
    if (record.fields[field] !== undefined) orgSpecificFields.push({ path, field });
  }
  for (const field of SECRETS[record.root] ?? []) {
    const entry = record.entries.find((e) => e.name === field);
    if (entry && (entry.text ?? '').trim() !== '') {
      out.push(
        at(
          finding('warning', field, `${record.root}.${field}`, 'parse.secretInSource', [
            field,
            placeOf(path, entry.line, entry.column),
          ]),
          path,
          entry.line,
          entry.column,
        ),
      );
    }
  }
  return out;
}
