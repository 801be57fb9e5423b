/*
 * The files of an ECA converted from a Connected App: generate's writer (render.ts: Setup's names, the fields a
 * retrieve always carries, alphabetical order, 4-space indent) for the AppSpec, then the fields the AppSpec has no
 * room for (the Connected App's PKCE, refresh and introspection switches, custom attributes, trusted IP ranges, the
 * start URL...) set, added or left out in the same format, complex elements with their children indented a level.
 */
import { type ExtraElement, type EcaFileKey } from '../model/convertConnectedApp.js';
import { type AppSpec } from '../model/appSpec.js';
import { type ComponentNames, renderAppFiles, type RenderedFile } from './render.js';
import { METADATA_NAMESPACE } from './types.js';
import { escapeXml } from './xmlWriter.js';
import { readMetadataXml } from './xmlReader.js';

type Line = { name: string; lines: string[] };

export function renderConvertedFiles(
  spec: AppSpec,
  extras: Partial<Record<EcaFileKey, readonly ExtraElement[]>>,
  names?: ComponentNames,
): RenderedFile[] {
  return renderAppFiles(spec, names).map((file) => {
    const more = extras[file.key];
    return more && more.length > 0 ? { ...file, xml: withExtras(file.type, file.xml, more) } : file;
  });
}

const simpleLine = (name: string, value: string | number | boolean, indent = '    '): string =>
  `${indent}<${name}>${escapeXml(String(value).replace(/\r\n?/g, '\n'))}</${name}>`;

function withExtras(root: string, xml: string, extras: readonly ExtraElement[]): string {
  const elements: Line[] = readMetadataXml(xml).entries.map((entry) => ({
    name: entry.name,
    lines: [simpleLine(entry.name, entry.text ?? '')],
  }));
  const setNames = new Set(extras.filter((e) => !e.children).map((e) => e.name));
  const kept = elements.filter((e) => !setNames.has(e.name));
  for (const extra of extras) {
    if (extra.children) {
      const children = extra.children
        .filter((child): child is readonly [string, string | number | boolean] => child[1] !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => simpleLine(name, value, '        '));
      kept.push({ name: extra.name, lines: [`    <${extra.name}>`, ...children, `    </${extra.name}>`] });
    } else if (extra.value !== undefined) {
      kept.push({ name: extra.name, lines: [simpleLine(extra.name, extra.value)] });
    }
  }
  const sorted = kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="${METADATA_NAMESPACE}">`,
    ...sorted.flatMap((e) => e.lines),
    `</${root}>`,
    '',
  ].join('\n');
}
