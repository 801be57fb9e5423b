/*
 * The examples of a command's help (messages/<command>.md, section "# examples"), read the way a person copies them
 * into a shell: the `<%= config.bin %> <%= command.id %> …` lines, split into arguments with the shell's quoting, a
 * leading `~/` expanded to HOME, and a trailing `< file` read as standard input. Anything else a shell would
 * interpret (pipes, variables, other redirects) is refused, so an example that needs it fails loudly instead of
 * reaching the command as literal arguments.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type HelpExample = {
  /** The example as written after `<%= config.bin %> <%= command.id %>`. */
  text: string;
  /** Its arguments, after quoting and `~/` expansion. */
  args: string[];
  /** The file of a trailing `< file` redirect, to feed on standard input. */
  stdinFile?: string;
};

const MESSAGES = fileURLToPath(new URL('../../messages/', import.meta.url));
const EXAMPLE_LINE = /^[ \t]*<%= config\.bin %> <%= command\.id %>(?:[ \t]+(.*?))?[ \t]*$/gm;

/** The example lines of messages/<messagesFile>.md (e.g. "eca.deploy"), each without the bin and command id. */
export function readHelpExamples(messagesFile: string): string[] {
  const markdown = readFileSync(`${MESSAGES}${messagesFile}.md`, 'utf8');
  const section = /^# examples[ \t]*$([\s\S]*?)(?=^# |(?![\s\S]))/m.exec(markdown)?.[1];
  if (section === undefined) throw new Error(`messages/${messagesFile}.md has no "# examples" section`);
  return [...section.matchAll(EXAMPLE_LINE)].map((match) => match[1] ?? '');
}

type Word = { text: string; quoted: boolean };

/** Shell words: whitespace separates, "…" and '…' quote (and may join a word), a backslash escapes outside '…'. */
function words(text: string): Word[] {
  const out: Word[] = [];
  let current: Word | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && /["\\$`]/.test(text[i + 1] ?? '')) current!.text += text[++i];
      else current!.text += char;
    } else if (/\s/.test(char)) {
      if (current) out.push(current);
      current = undefined;
    } else {
      current ??= { text: '', quoted: false };
      if (char === '"' || char === "'") {
        quote = char;
        current.quoted = true;
      } else if (char === '\\' && i + 1 < text.length) current.text += text[++i];
      else if (/[|&;<>()$`*?[\]{}]/.test(char) && !(char === '<' && current.text === '')) {
        throw new Error(`the example uses shell syntax the test can't reproduce ("${char}"): ${text}`);
      } else current.text += char;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in the example: ${text}`);
  if (current) out.push(current);
  return out;
}

/** Split an example into arguments; `home` is what a leading unquoted `~` expands to. */
export function parseHelpExample(text: string, home: string): HelpExample {
  const list = words(text);
  const expand = (word: Word): string =>
    !word.quoted && (word.text === '~' || word.text.startsWith('~/')) ? home + word.text.slice(1) : word.text;
  let stdinFile: string | undefined;
  const redirect = list.findIndex((word) => !word.quoted && word.text.startsWith('<'));
  if (redirect >= 0) {
    const attached = list[redirect].text.slice(1);
    const target = attached === '' ? list[redirect + 1] : { text: attached, quoted: false };
    const consumed = attached === '' ? 2 : 1;
    if (!target || redirect + consumed !== list.length)
      throw new Error(`only a trailing "< file" redirect is supported: ${text}`);
    stdinFile = expand(target);
    list.splice(redirect);
  }
  return { text, args: list.map(expand), ...(stdinFile === undefined ? {} : { stdinFile }) };
}
