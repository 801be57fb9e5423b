/*
 * Validates XML against the project's copy of the ECA schema (schema/eca-metadata.xsd) with xmllint compiled
 * to WebAssembly. Used by the tests of generated files and by the local org emulator, which judges every
 * deployed component against the schema the way an org judges it against its WSDL.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

export const ECA_SCHEMA_PATH = fileURLToPath(new URL('../../schema/eca-metadata.xsd', import.meta.url));

let schemaText: string | undefined;
const schema = (): string => (schemaText ??= readFileSync(ECA_SCHEMA_PATH, 'utf8'));

export type SchemaProblem = { message: string; line?: number };

export type SchemaResult = { valid: boolean; problems: SchemaProblem[] };

/** Validate one XML document; `fileName` only labels the problems. */
export async function validateAgainstEcaSchema(xml: string, fileName = 'component.xml'): Promise<SchemaResult> {
  const result = await validateXML({
    xml: [{ fileName: sanitize(fileName), contents: xml }],
    schema: [{ fileName: 'eca-metadata.xsd', contents: schema() }],
  });
  return {
    valid: result.valid,
    problems: result.errors.map((e) => ({ message: e.message.trim(), line: e.loc?.lineNumber })),
  };
}

// xmllint-wasm refuses names that could read as command-line options or paths.
const sanitize = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^-+/, '');
