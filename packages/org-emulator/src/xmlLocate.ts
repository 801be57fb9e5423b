/*
 * Line and column (both 1-based) of an element in an XML text, so a component failure can point at the
 * offending element the way an org's parser does.
 */

export type Position = { line: number; column: number };

export function positionOfOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Where the `occurrence`-th (0-based) start tag `<name>` begins; the root element's position if there is none. */
export function locateElement(text: string, name: string, occurrence = 0): Position {
  const pattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?=[\\s/>])`, 'g');
  let match: RegExpExecArray | null;
  let seen = 0;
  while ((match = pattern.exec(text)) !== null) {
    if (seen === occurrence) return positionOfOffset(text, match.index);
    seen += 1;
  }
  return locateRoot(text);
}

/** Where the root element's start tag begins. */
export function locateRoot(text: string): Position {
  const match = /<(?![?!])[A-Za-z_]/.exec(text);
  return match ? positionOfOffset(text, match.index) : { line: 1, column: 1 };
}

/** Column of the first start tag named in a message (`{ns}name` or `'name'`) on a given line; 1 when not found. */
export function columnOnLine(text: string, line: number, message: string): number {
  const lineText = text.split('\n')[line - 1] ?? '';
  const named = /\{[^}]*\}([A-Za-z_][\w.-]*)/.exec(message) ?? /'([A-Za-z_][\w.-]*)'/.exec(message);
  if (named) {
    const at = lineText.search(new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${named[1]}(?=[\\s/>])`));
    if (at >= 0) return at + 1;
  }
  const firstTag = lineText.search(/</);
  return firstTag >= 0 ? firstTag + 1 : 1;
}
