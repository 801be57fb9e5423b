/*
 * Validates several files in one xmllint run (one WebAssembly instance instead of one per file): the render
 * matrix validates dozens of files. Same schema (ECA_SCHEMA_PATH of the org emulator) as @plugin-eca/dev-kit/xsd.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { ECA_SCHEMA_PATH } from '@plugin-eca/org-emulator';

const schema = readFileSync(ECA_SCHEMA_PATH, 'utf8');

/** Every schema problem as `<fileName>:<line>: <message>`; [] when all files are valid. */
export async function schemaProblems(files: ReadonlyArray<{ fileName: string; xml: string }>): Promise<string[]> {
  const result = await validateXML({
    xml: files.map((f) => ({ fileName: f.fileName, contents: f.xml })),
    schema: [{ fileName: 'eca-metadata.xsd', contents: schema }],
  });
  return result.errors.map((e) => `${e.loc?.fileName ?? '?'}:${e.loc?.lineNumber ?? '?'}: ${e.message.trim()}`);
}
