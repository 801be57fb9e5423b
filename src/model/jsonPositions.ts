/*
 * Where each value of a JSON document starts (1-based line and column), by its path (`suppressions.0.reason`), so a
 * configuration error can name its place. The document must already have passed JSON.parse.
 */

export type Position = { line: number; column: number };

export function jsonPositions(text: string): Map<string, Position> {
  const positions = new Map<string, Position>();
  const stack: Array<{ kind: 'object' | 'array'; key?: string; index: number; path: string }> = [];
  let line = 1;
  let column = 1;
  let expectingKey = false;
  const here = (): Position => ({ line, column });
  const pathOfValue = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    const part = top.kind === 'array' ? String(top.index) : (top.key ?? '');
    return top.path ? `${top.path}.${part}` : part;
  };
  const valueStarts = (): string => {
    const path = pathOfValue();
    positions.set(path, here());
    return path;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      column = 1;
      continue;
    }
    if (c === '"') {
      const start = here();
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      const top = stack.at(-1);
      if (top?.kind === 'object' && expectingKey) {
        top.key = JSON.parse(raw) as string;
        expectingKey = false;
      } else positions.set(pathOfValue(), start);
      column += j + 1 - i;
      i = j;
      continue;
    }
    if (c === '{' || c === '[') {
      const path = valueStarts();
      stack.push({ kind: c === '{' ? 'object' : 'array', index: 0, path });
      expectingKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else expectingKey = true;
    } else if (/[-0-9tfn]/.test(c) && !expectingKey) {
      const match = /^(?:-?\d[\d.eE+-]*|true|false|null)/.exec(text.slice(i));
      if (match) {
        positions.set(pathOfValue(), here());
        column += match[0].length;
        i += match[0].length - 1;
        continue;
      }
    }
    column++;
  }
  return positions;
}

/** The 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}
