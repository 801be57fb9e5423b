/*
 * The command lines a run of the plugin prints for the user to copy — "Next" commands, "Try this" actions, the
 * `--json` result's commands — found in its output, with where each was printed; and the words of a command line,
 * split as a POSIX shell splits them. test/e2e/printedCommands.e2e.test.ts runs each one as printed.
 */

export type PrintedCommand = {
  /** As printed, from `sf` (or `./bin/run.js`) to its end. */
  command: string;
  /** The line (or JSON field) it was printed in. */
  line: string;
};

const PROGRAM = /^(?:sf|\.\/bin\/run\.js|bin\/run\.js)\s/;
// A command that begins a line (after a list dash, a `$` prompt or "Try this" indentation), or follows ": ".
const UNQUOTED = /(?:^|:\s+)((?:sf|\.\/bin\/run\.js)\s+\S.*)$/;

/** The commands of one text (output lines, or a JSON value): backticked ones, then one that ends a line. */
export function printedCommands(text: string): PrintedCommand[] {
  const found: PrintedCommand[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^(?:[-*]\s+|\$\s+)/, '');
    const quoted = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1].trim()).filter((c) => PROGRAM.test(`${c} `));
    for (const command of quoted) found.push({ command, line: raw.trim() });
    const rest = line.replace(/`[^`]*`/g, '``');
    const unquoted = UNQUOTED.exec(rest)?.[1];
    if (unquoted && !unquoted.includes('``')) found.push({ command: unquoted.trim(), line: raw.trim() });
  }
  return found;
}

/** Every string of a parsed JSON value, with its path (`result.nextCommand`, `actions[0]`). */
export function jsonStrings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonStrings(item, `${path}[${index}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => jsonStrings(item, path ? `${path}.${key}` : key));
  return [];
}

/** The words of a command line, as sh splits them: quotes ('…', "…") and backslashes; no expansions. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word = (word ?? '') + line[++i];
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) word = (word ?? '') + line[++i];
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** What in a printed command cannot run as printed, before running it: a placeholder, punctuation glued to its end. */
export function flawsOf(command: string): string[] {
  const flaws: string[] = [];
  const placeholders = command.match(/<[^<>\s]+>/g) ?? [];
  if (placeholders.length > 0) flaws.push(`placeholder ${placeholders.join(', ')}`);
  if (/[.,;:]$/.test(command)) flaws.push(`"${command.at(-1)!}" glued to its end`);
  return flaws;
}
