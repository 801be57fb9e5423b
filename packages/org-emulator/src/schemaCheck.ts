/*
 * Schema validation of every component of a deployment in one xmllint run, against the package's copy of the ECA
 * schema (schema/eca-metadata.xsd, see schema/README.md), the way an org checks a deployment against its WSDL.
 * One run per deployment instead of one per file: compiling the schema costs about a second each time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { SCHEMA_API_VERSION, schemaForVersion } from './apiVersions.js';

/** The ECA part of the v66 Metadata API WSDL as an XSD; the plugin's tests validate generated files against it too. */
export const ECA_SCHEMA_PATH = fileURLToPath(new URL('../schema/eca-metadata.xsd', import.meta.url));

let schemaText: string | undefined;
const schemaByVersion = new Map<number, string>();

export type SchemaFinding = { message: string; line?: number };

/** The schema of an API version: the v66 file with what later (or earlier) versions add (apiVersions.ts). */
function schemaOf(version: number): string {
  schemaText ??= readFileSync(ECA_SCHEMA_PATH, 'utf8');
  let schema = schemaByVersion.get(version);
  if (schema === undefined) {
    schema = schemaForVersion(schemaText, version);
    schemaByVersion.set(version, schema);
  }
  return schema;
}

/** The first schema problem of each invalid document, by index in `documents`, at an API version (default v66). */
export async function schemaFindings(
  documents: string[],
  version = SCHEMA_API_VERSION,
): Promise<Map<number, SchemaFinding>> {
  const findings = new Map<number, SchemaFinding>();
  if (documents.length === 0) return findings;
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `component${i}.xml`, contents })),
    schema: [{ fileName: 'eca-metadata.xsd', contents: schemaOf(version) }],
  });
  for (const error of result.errors) {
    const index = /^component(\d+)\.xml$/.exec(error.loc?.fileName ?? '')?.[1];
    if (index === undefined || findings.has(Number(index))) continue;
    findings.set(Number(index), { message: error.message.trim(), line: error.loc?.lineNumber });
  }
  return findings;
}
