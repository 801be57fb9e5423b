/*
 * Validates XML against the ECA schema with xmllint compiled to WebAssembly: the copy the org emulator keeps and
 * judges every deployed component against (packages/org-emulator/schema/eca-metadata.xsd, its path exported as
 * ECA_SCHEMA_PATH). Used by the tests of generated files and by the `sf` integration script.
 */
import { readFileSync } from 'node:fs';
import { ECA_SCHEMA_PATH } from '@plugin-eca/org-emulator';
import { validateXML } from 'xmllint-wasm';

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
