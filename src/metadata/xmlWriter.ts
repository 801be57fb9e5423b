/*
 * The one way this project writes metadata XML: the format a retrieve produces. XML declaration, root element =
 * type name in the metadata namespace, 4-space indent, children in schema order (ASCII-alphabetical for every
 * ECA type), text escaped, LF line endings, trailing newline.
 */
import { METADATA_NAMESPACE } from './types.js';

/** A child element: its name and text; undefined values are left out. */
export type XmlField = readonly [name: string, value: string | number | boolean | undefined];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Schema order for ECA types: ASCII order of the element names (`xsd:sequence` in the WSDL is sorted so). */
const bySchemaOrder = (a: XmlField, b: XmlField): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function renderMetadataXml(rootType: string, fields: readonly XmlField[]): string {
  const lines = [...fields]
    .filter((field): field is readonly [string, string | number | boolean] => field[1] !== undefined)
    .sort(bySchemaOrder)
    .map(([name, value]) => `    <${name}>${escapeXml(String(value).replace(/\r\n?/g, '\n'))}</${name}>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${rootType} xmlns="${METADATA_NAMESPACE}">`,
    ...lines,
    `</${rootType}>`,
    '',
  ].join('\n');
}
