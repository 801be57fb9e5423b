/*
 * Legacy Connected Apps for the audit: each file read by the Connected App reader (src/metadata/connectedApp.ts,
 * values with their 1-based positions), turned into the view the rules take (values by path, lists of repeated
 * elements) and judged. A file that does not read is a parse-error finding at file:line:column.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { finding } from '../model/findings.js';
import { type ConnectedAppView, checkConnectedApp } from '../model/auditConnectedAppRules.js';
import { type AuditThresholds } from '../model/auditConfig.js';
import { type AuditLocation, type RawAppFindings } from '../model/auditReport.js';
import { connectedAppNameOf, isConnectedAppXml, parseConnectedApp } from '../metadata/connectedApp.js';
import { type XmlElement } from '../metadata/xmlReader.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.sf', '.sfdx', '.eca-keys']);

/**
 * The Connected App files under the roots, as findConnectedApps (src/metadata/discoverConnectedApps.ts) finds them
 * (`X.connectedApp-meta.xml`, `X.connectedApp`, any `.xml` whose root is ConnectedApp), without reading again the
 * files discovery already knows as External Client App files: a project of 500 apps is read once, not twice.
 */
export async function findConnectedAppFiles(
  roots: readonly string[],
  known: ReadonlySet<string>,
  names?: readonly string[],
): Promise<Array<{ name: string; path: string }>> {
  const found: Array<{ name: string; path: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(path);
        continue;
      }
      if (!entry.isFile() || known.has(path)) continue;
      const named = connectedAppNameOf(entry.name);
      if (named !== undefined) found.push({ name: named, path });
      else if (entry.name.endsWith('.xml') && isConnectedAppXml(await readFile(path, 'utf8').catch(() => ''))) {
        found.push({ name: basename(path).replace(/\.[^.]*$/, ''), path });
      }
    }
  };
  for (const root of roots) await walk(root);
  const wanted = names?.map((name) => name.toLowerCase());
  return found
    .filter((app) => !wanted || wanted.includes(app.name.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

const CA = 'ConnectedApp';

type Positioned = ConnectedAppView & { positions: ReadonlyMap<string, { line: number; column: number }> };

/** The rules' view of a file's elements: `oauthConfig.scopes` -> every value, each path's first position. */
export function connectedAppView(name: string, elements: readonly XmlElement[]): Positioned {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const positions = new Map<string, { line: number; column: number }>();
  const add = (path: string, element: XmlElement): void => {
    if (!positions.has(path)) positions.set(path, { line: element.line, column: element.column });
    if (element.children.length > 0) return;
    (lists[path] ??= []).push(element.text.trim());
    values[path] = element.text;
  };
  for (const element of elements) {
    add(element.name, element);
    for (const child of element.children) add(`${element.name}.${child.name}`, child);
  }
  return { fullName: name, values, lists, has: (path) => positions.has(path), positions };
}

/** The findings of one Connected App file (its text given, or read from disk), each located at its element. */
export async function auditConnectedAppFile(
  path: string,
  shown: string,
  thresholds: AuditThresholds,
  xmlText?: string,
): Promise<RawAppFindings | undefined> {
  const file = parseConnectedApp(xmlText ?? (await readFile(path, 'utf8')), path);
  const unreadable = file.problems.find((problem) => problem.code.startsWith('xml.'));
  if (unreadable) {
    const { line, column, text = '' } = unreadable;
    const tokens = unreadable.code === 'xml.empty' ? [shown] : [shown, line, column, text];
    return {
      name: file.name,
      type: CA,
      findings: [
        { finding: finding('error', 'name', shown, unreadable.code, tokens), location: { path: shown, line, column } },
      ],
    };
  }
  if (!file.app) return undefined;
  const view = connectedAppView(file.name, file.elements);
  const label = file.app.label?.value;
  return {
    name: file.name,
    type: CA,
    ...(typeof label === 'string' && label.trim() ? { label: label.trim() } : {}),
    findings: checkConnectedApp(view, thresholds).map((found) => ({
      finding: found,
      location: locate(view, found.xmlField, shown),
    })),
  };
}

function locate(view: Positioned, xmlField: string, path: string): AuditLocation {
  const parts = xmlField.split('.').slice(1);
  while (parts.length > 0) {
    const at = view.positions.get(parts.join('.'));
    if (at) return { path, ...at, field: xmlField };
    parts.pop();
  }
  return { path, line: 1, column: 1, field: xmlField };
}
