/*
 * A Connected App's metadata file -> the typed model of src/model/connectedApp.ts, by its field table: every field of
 * the v66 WSDL, each value with the 1-based line and column of its element (the project's XML reader keeps them).
 * Source form `X.connectedApp-meta.xml` and metadata form `connectedApps/X.connectedApp` read alike (§9). Reading
 * never throws on what the file holds: an element the schema lacks, a value of the wrong kind or a field given twice
 * is a problem with its place, and the element stays in `elements`, as written; nothing read is lost.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  CONNECTED_APP_SCHEMA,
  type ConnectedApp,
  type ConnectedAppProblem,
  type ConnectedAppTypeName,
  type FieldDefinition,
  type Located,
} from '../model/connectedApp.js';
import { parseXmlDocument, type XmlElement, XmlReadError } from './xmlReader.js';

export type {
  ConnectedApp,
  ConnectedAppProblem,
  Located,
  ConnectedAppOauthConfig,
  ConnectedAppOauthPolicy,
} from '../model/connectedApp.js';

export const CONNECTED_APP_TYPE = 'ConnectedApp';
/** SDR's registry: suffix `connectedApp`, folder `connectedApps`. */
export const CONNECTED_APP_SUFFIX = 'connectedApp';
export const CONNECTED_APP_FOLDER = 'connectedApps';

export type ConnectedAppFile = {
  path: string;
  /** The app's API name: from the file name (`X.connectedApp-meta.xml`, `X.connectedApp`), else `fullName`. */
  name: string;
  /** The model, when the file is a readable ConnectedApp document (problems may still be listed). */
  app?: ConnectedApp;
  /** Every child element of the root as the file holds it, known or not, with its place. */
  elements: XmlElement[];
  problems: ConnectedAppProblem[];
};

/** `X.connectedApp-meta.xml` and `X.connectedApp` -> `X`; undefined for other names. */
export function connectedAppNameOf(fileName: string): string | undefined {
  const match = /^(.+)\.connectedApp(-meta\.xml)?$/.exec(fileName);
  return match?.[1];
}

/** Read one file from disk (see parseConnectedApp). */
export async function readConnectedAppFile(path: string): Promise<ConnectedAppFile> {
  return parseConnectedApp(await readFile(path, 'utf8'), path);
}

/** Parse the text of a Connected App file found at `path`. */
export function parseConnectedApp(xml: string, path: string): ConnectedAppFile {
  const fileName = basename(path);
  const fallbackName = connectedAppNameOf(fileName) ?? fileName.replace(/\.[^.]*$/, '');
  let root: XmlElement;
  try {
    root = parseXmlDocument(xml);
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    const problem: ConnectedAppProblem = {
      code: `xml.${error.problem}`,
      field: '',
      line: error.line ?? 1,
      column: error.column ?? 1,
      text: error.reason,
    };
    return { path, name: fallbackName, elements: [], problems: [problem] };
  }
  if (root.name !== CONNECTED_APP_TYPE) {
    const problem: ConnectedAppProblem = {
      code: 'notConnectedApp',
      field: root.name,
      line: root.line,
      column: root.column,
    };
    return { path, name: fallbackName, elements: root.children, problems: [problem] };
  }
  const problems: ConnectedAppProblem[] = [];
  const read = readComplex(root, 'ConnectedApp', '', problems) as Omit<ConnectedApp, 'name'>;
  const fullName = read.fullName?.value;
  const name = connectedAppNameOf(fileName) ?? (fullName ? fullName : fallbackName);
  return { path, name, app: { name, ...read }, elements: root.children, problems };
}

/** Whether a document's root is a ConnectedApp (cheap: stops at the root element). */
export function isConnectedAppXml(xml: string): boolean {
  try {
    return parseXmlDocument(xml, { stopAtRoot: true }).name === CONNECTED_APP_TYPE;
  } catch {
    return false;
  }
}

type Value = Located<string | number | boolean> | Record<string, unknown>;

function readComplex(
  element: XmlElement,
  type: ConnectedAppTypeName,
  prefix: string,
  problems: ConnectedAppProblem[],
): Record<string, unknown> {
  const fields = CONNECTED_APP_SCHEMA[type];
  const out: Record<string, unknown> = type === 'ConnectedApp' ? {} : { line: element.line, column: element.column };
  for (const [name, definition] of Object.entries(fields)) if (definition.repeated) out[name] = [];
  for (const child of element.children) {
    const path = `${prefix}${child.name}`;
    const definition = fields[child.name] as FieldDefinition | undefined;
    if (!definition || child.name === 'line' || child.name === 'column') {
      problems.push({ code: 'unknownElement', field: path, line: child.line, column: child.column });
      continue;
    }
    const value = readValue(child, definition, path, problems);
    if (value === undefined) continue;
    if (definition.repeated) (out[child.name] as Value[]).push(value);
    else if (out[child.name] !== undefined) {
      problems.push({ code: 'duplicate', field: path, line: child.line, column: child.column });
    } else out[child.name] = value;
  }
  return out;
}

function readValue(
  element: XmlElement,
  definition: FieldDefinition,
  path: string,
  problems: ConnectedAppProblem[],
): Value | undefined {
  const { kind } = definition;
  if (kind !== 'string' && kind !== 'boolean' && kind !== 'int') {
    return readComplex(element, kind, `${path}.`, problems);
  }
  const text = element.text.trim();
  const at = { text, line: element.line, column: element.column };
  const bad = (expected: readonly string[]): undefined =>
    void problems.push({ code: 'badValue', field: path, line: element.line, column: element.column, text, expected });
  if (element.children.length > 0) return bad([kind]);
  if (kind === 'boolean') {
    if (text !== 'true' && text !== 'false') return bad(['true', 'false']);
    return { value: text === 'true', ...at };
  }
  if (kind === 'int') {
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return bad(['an integer']);
    return { value: Number(text), ...at };
  }
  if (definition.values && !definition.values.includes(text)) return bad(definition.values);
  return { value: text, ...at };
}
