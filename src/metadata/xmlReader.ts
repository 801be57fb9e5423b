/*
 * Reading one metadata file with a real XML parser (sax, in strict mode, the parser xml2js drives): whitespace
 * inside tags, comments, the declaration in any spelling and a byte-order mark are what XML allows, and are read as
 * such (docs/salesforce-facts.md §8.10). A DOCTYPE is refused: metadata files never have one, and no entity is ever
 * resolved from outside the file. Every child element of the root is kept in file order, with its text (simple
 * elements) or its raw XML and parsed children (complex ones), and its 1-based line and column.
 */
import xml2js from 'xml2js';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'metadata');

export type XmlElement = {
  /** The local name (without a namespace prefix). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded, comments left out (child elements' text excluded). */
  text: string;
  /** The element as written in the file, from `<` to the end of its end tag. */
  raw: string;
  line: number;
  column: number;
};

export type MetadataField = {
  name: string;
  /** Text of a simple element (no child elements); undefined for a complex one. */
  text?: string;
  /** Complex elements: as written in the file. */
  raw: string;
  /** Complex elements: the parsed children. */
  children: XmlElement[];
  line: number;
  column: number;
};

export type MetadataRecord = {
  /** The root element (the metadata type name, without a prefix). */
  root: string;
  /** The root element's default namespace (`xmlns`), if any. */
  namespace?: string;
  /** Text of each simple child element that occurs once; repeated or complex children are listed in `complex`. */
  fields: Record<string, string>;
  complex: string[];
  /** Every child element of the root in file order: nothing the file holds is lost. */
  entries: MetadataField[];
};

export type XmlProblem = 'malformed' | 'doctype' | 'empty' | 'character';

/**
 * A file that is not a well-formed metadata document; line and column are 1-based, where the parser gives them. For
 * `character` (a character XML 1.0 does not allow, raw or as a character reference), the reason is its code point
 * (`U+0007`).
 */
export class XmlReadError extends Error {
  public constructor(
    public readonly problem: XmlProblem,
    public readonly reason: string,
    public readonly line?: number,
    public readonly column?: number,
  ) {
    super(line === undefined ? reason : `${line}:${column ?? 1}: ${reason}`);
    this.name = 'XmlReadError';
  }
}

type SaxTag = { name: string; attributes: Record<string, string> };
type SaxParser = {
  line: number;
  column: number;
  position: number;
  startTagPosition: number;
  onopentag: (tag: SaxTag) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  oncomment: (text: string) => void;
  ondoctype: (text: string) => void;
  onprocessinginstruction: (pi: unknown) => void;
  onerror: (error: Error) => void;
  onend: () => void;
  ENTITIES: Record<string, string>;
  write: (xml: string) => SaxParser;
  close: () => SaxParser;
};

/** A fresh strict sax parser, the one xml2js uses. */
function saxParser(): SaxParser {
  const wrapper = new xml2js.Parser({ strict: true }) as unknown as { saxParser: SaxParser };
  const parser = wrapper.saxParser;
  // XML's five entities only (sax would otherwise decode HTML's, such as &nbsp;, which the org refuses).
  parser.ENTITIES = Object.assign(Object.create(null) as Record<string, string>, XML_ENTITIES);
  return parser;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Parse a whole document into its root element; throws XmlReadError. */
export function parseXmlDocument(xml: string, options: { stopAtRoot?: boolean } = {}): XmlElement {
  const source = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  const parser = saxParser();
  const stack: Array<{ element: XmlElement; start: number }> = [];
  let root: XmlElement | undefined;
  const STOP = Symbol('stop');
  const fail = (problem: XmlProblem, reason: string): never => {
    throw new XmlReadError(problem, reason, parser.line + 1, Math.max(parser.column, 1));
  };
  const badRaw = firstForbiddenCharacter(source, 0);
  if (badRaw !== undefined) throw characterError(source, badRaw);
  /** A character reference (`&#7;`) that decodes to a forbidden character, looked up from the open element on. */
  const checkDecoded = (text: string): void => {
    if (!FORBIDDEN.test(text)) return;
    const reference = forbiddenReference(source, stack.at(-1)?.start ?? 0);
    if (reference !== undefined) throw characterError(source, reference.index, reference.codePoint);
    fail('character', codePointLabel(text.codePointAt(text.search(FORBIDDEN)) ?? 0));
  };
  parser.onerror = (error): void => {
    const said = error.message.split('\n')[0];
    const open = stack.at(-1)?.element.name;
    if (said === 'Unclosed root tag' && root) fail('malformed', messages.getMessage('reason.cutShort', [root.name]));
    if (said === 'Unexpected end') fail('malformed', messages.getMessage('reason.endInMarkup'));
    if (said === 'Unexpected close tag' && open !== undefined) {
      const closing = /<\/\s*([^\s>]*)[^<]*$/.exec(source.slice(0, parser.position))?.[1] ?? '';
      fail('malformed', messages.getMessage('reason.closeTag', [closing, open]));
    }
    fail('malformed', said);
  };
  parser.ondoctype = (): void => fail('doctype', 'a DOCTYPE is not allowed in a metadata file');
  parser.oncomment = (): void => {};
  parser.onprocessinginstruction = (): void => {};
  parser.onend = (): void => {};
  parser.onopentag = (tag): void => {
    for (const value of Object.values(tag.attributes)) checkDecoded(value);
    const element: XmlElement = {
      name: localName(tag.name),
      attributes: { ...tag.attributes },
      children: [],
      text: '',
      raw: '',
      line: parser.line + 1,
      column: 1,
    };
    const start = Math.max(parser.startTagPosition - 1, 0);
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    element.column = start - lineStart + 1;
    element.line = countLines(source, start);
    const parent = stack.at(-1);
    if (parent) parent.element.children.push(element);
    else if (root) {
      const reason = messages.getMessage('reason.secondRoot', [element.name, root.name]);
      throw new XmlReadError('malformed', reason, element.line, element.column);
    } else root = element;
    stack.push({ element, start });
    if (options.stopAtRoot && !parent) throw STOP;
  };
  parser.onclosetag = (): void => {
    const open = stack.pop();
    if (open) open.element.raw = source.slice(open.start, parser.position);
  };
  const addText = (text: string): void => {
    checkDecoded(text);
    const open = stack.at(-1);
    if (open) open.element.text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  try {
    parser.write(source).close();
  } catch (error) {
    if (error instanceof XmlReadError) throw error;
    // sax itself throws on what it cannot decode (a character reference past U+10FFFF): the file is malformed there.
    if (error !== STOP) fail('malformed', error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  if (!root) throw new XmlReadError('empty', 'the file holds no XML element', 1, 1);
  return root;
}

/**
 * Characters XML 1.0 does not allow anywhere in a document (§2.2 Char): the C0 controls but tab, line feed and carriage
 * return, lone surrogates, U+FFFE and U+FFFF. The org's parser refuses them ("PCDATA invalid Char value 7").
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const codePointLabel = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

const isAllowedCodePoint = (codePoint: number): boolean =>
  !FORBIDDEN.test(String.fromCodePoint(Math.min(codePoint, 0x10ffff))) && codePoint <= 0x10ffff;

function firstForbiddenCharacter(text: string, from: number): number | undefined {
  const match = FORBIDDEN.exec(text.slice(from));
  return match ? from + match.index : undefined;
}

/** The first character reference from `from` on that names a forbidden character. */
function forbiddenReference(text: string, from: number): { index: number; codePoint: number } | undefined {
  const references = /&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;
  references.lastIndex = from;
  for (let match = references.exec(text); match; match = references.exec(text)) {
    const codePoint = match[1] === undefined ? Number(match[2]) : parseInt(match[1], 16);
    if (!isAllowedCodePoint(codePoint)) return { index: match.index, codePoint };
  }
  return undefined;
}

function characterError(text: string, index: number, codePoint = text.codePointAt(index) ?? 0): XmlReadError {
  const line = countLines(text, index);
  const column = index - (text.lastIndexOf('\n', index - 1) + 1) + 1;
  return new XmlReadError('character', codePointLabel(codePoint), line, column);
}

function countLines(text: string, end: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The root element's local name of an XML document, or undefined when it is no well-formed start of one. */
export function rootElementOf(xml: string): string | undefined {
  try {
    return parseXmlDocument(xml, { stopAtRoot: true }).name;
  } catch {
    return undefined;
  }
}

/** Parse a metadata XML document; throws XmlReadError when it is not well-formed, holds a DOCTYPE, or is empty. */
export function readMetadataXml(xml: string): MetadataRecord {
  const root = parseXmlDocument(xml);
  const entries: MetadataField[] = root.children.map((child) => ({
    name: child.name,
    ...(child.children.length === 0 ? { text: child.text } : {}),
    raw: child.raw,
    children: child.children,
    line: child.line,
    column: child.column,
  }));
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  const fields: Record<string, string> = {};
  const complex: string[] = [];
  for (const entry of entries) {
    if (entry.text !== undefined && counts.get(entry.name) === 1) fields[entry.name] = entry.text;
    else if (!complex.includes(entry.name)) complex.push(entry.name);
  }
  const namespace = root.attributes.xmlns;
  return { root: root.name, ...(namespace === undefined ? {} : { namespace }), fields, complex, entries };
}
