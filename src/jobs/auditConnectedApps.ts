/*
 * Legacy Connected Apps for the audit: each file read by the Connected App reader (src/metadata/connectedApp.ts,
 * values with their 1-based positions), turned into the view the rules take (values by path, lists of repeated
 * elements) and judged. A file that does not read is a parse-error finding at file:line:column.
 */
import { readFile } from 'node:fs/promises';
import { finding } from '../model/findings.js';
import { type ConnectedAppView, checkConnectedApp } from '../model/auditConnectedAppRules.js';
import { type AuditThresholds } from '../model/auditConfig.js';
import { type AuditLocation, type RawAppFindings } from '../model/auditReport.js';
import { parseConnectedApp } from '../metadata/connectedApp.js';
import { type XmlElement } from '../metadata/xmlReader.js';

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
