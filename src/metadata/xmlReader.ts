/*
 * Reading one metadata file into a flat record of its child elements (ECA types have only simple children,
 * apart from lists this project does not write). xml2js, synchronous (its parser calls back before returning).
 */
import xml2js from 'xml2js';

export type MetadataRecord = {
  /** The root element (the metadata type name). */
  root: string;
  /** Text of each simple child element; repeated or complex children are listed in `complex`. */
  fields: Record<string, string>;
  complex: string[];
};

const parser = (): xml2js.Parser =>
  new xml2js.Parser({ explicitArray: true, explicitRoot: true, trim: false, normalize: false, async: false });

/** Parse a metadata XML document; throws the parser's error when it is not well-formed. */
export function readMetadataXml(xml: string): MetadataRecord {
  let parsed: unknown;
  let failure: unknown;
  parser().parseString(xml.replace(/^\uFEFF/, ''), (error: unknown, result: unknown) => {
    failure = error;
    parsed = result;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!parsed || typeof parsed !== 'object') throw new Error('empty document');
  const [root, body] = Object.entries(parsed as Record<string, unknown>)[0];
  const fields: Record<string, string> = {};
  const complex: string[] = [];
  const children = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const [name, values] of Object.entries(children)) {
    if (name === '$' || name === '_') continue;
    const list = Array.isArray(values) ? values : [values];
    const text = list.length === 1 ? textOf(list[0]) : undefined;
    if (text === undefined) complex.push(name);
    else fields[name] = text;
  }
  return { root, fields, complex };
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.every((k) => k === '$' || k === '_')) return String((value as Record<string, unknown>)._ ?? '');
  }
  return undefined;
}
