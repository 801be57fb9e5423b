/*
 * Where the root's child elements are in a metadata file, by the XML structure: comments, CDATA sections,
 * processing instructions and whitespace inside tags (prettier's `<oauthLink\n>`, docs/salesforce-facts.md §8.10) are
 * read as XML reads them, so a commented-out element is never taken for a real one. Values come from the XML
 * parser (src/metadata/xmlReader.ts); this module only knows offsets, so a file can be copied with an element left
 * out and every other byte as it was.
 */

/** A child element of the root: its local name and the offsets of its first and past its last character. */
export type ChildElement = { name: string; start: number; end: number };

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Offset just past `close`, searching from `from`; throws when the document ends first. */
function skipTo(xml: string, from: number, close: string): number {
  const at = xml.indexOf(close, from);
  if (at < 0) throw new Error(`unterminated markup at offset ${from}`);
  return at + close.length;
}

/** Offset just past the `>` of a tag starting at `from`, honouring quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let index = from; index < xml.length; index++) {
    const char = xml[index];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return index + 1;
  }
  throw new Error(`unterminated tag at offset ${from}`);
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The root's child elements in document order (depth 1 only). Throws on markup that never ends. */
export function childElements(xml: string): ChildElement[] {
  const children: ChildElement[] = [];
  let depth = 0;
  let current: { name: string; start: number } | undefined;
  let index = 0;
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    if (open < 0) break;
    if (xml.startsWith('<!--', open)) index = skipTo(xml, open + 4, '-->');
    else if (xml.startsWith('<![CDATA[', open)) index = skipTo(xml, open + 9, ']]>');
    else if (xml.startsWith('<?', open)) index = skipTo(xml, open + 2, '?>');
    else if (xml.startsWith('<!', open)) index = tagEnd(xml, open + 2);
    else if (xml[open + 1] === '/') {
      index = tagEnd(xml, open + 2);
      depth--;
      if (depth === 1 && current) {
        children.push({ name: current.name, start: current.start, end: index });
        current = undefined;
      }
    } else {
      const name = NAME.exec(xml.slice(open + 1, open + 201))?.[0] ?? '';
      index = tagEnd(xml, open + 1);
      const selfClosing = xml[index - 2] === '/';
      if (depth === 1) {
        if (selfClosing) children.push({ name: localName(name), start: open, end: index });
        else current = { name: localName(name), start: open };
      }
      if (!selfClosing) depth++;
    }
  }
  return children;
}

/**
 * The document without the root's child elements of these names. An element alone on its line goes with its line
 * (indent and line end); one sharing its line leaves the rest of the line as it was.
 */
export function withoutChildElements(xml: string, names: readonly string[]): string {
  const cut = childElements(xml).filter((child) => names.includes(child.name));
  let out = xml;
  for (const { start, end } of cut.reverse()) {
    const lineStart = out.lastIndexOf('\n', start - 1) + 1;
    const before = out.slice(lineStart, start);
    const after = /^[ \t]*(\r?\n|$)/.exec(out.slice(end));
    if (/^[ \t]*$/.test(before) && after) out = out.slice(0, lineStart) + out.slice(end + after[0].length);
    else out = out.slice(0, start) + out.slice(end);
  }
  return out;
}
