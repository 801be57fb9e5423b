/*
 * The messages/*.md reader of the org-free modules (generate and the spec, metadata and certificate layers): the
 * file format and the API of @salesforce/core's Messages — `Messages.importMessagesDirectoryFromMetaUrl`,
 * `Messages.loadMessages`, `getMessage`, `getMessages`, `createError` with its `<key>.actions` — without that
 * module's import cost (it loads a logger and a virtual file system: ~55 ms of every `sf eca generate`, a third of
 * the command's own start-up). test/unit/cli/messages.test.ts reads every key of every file in messages/ through
 * both and asserts the same text, the same lists and the same errors, so the two cannot disagree unnoticed.
 * The sf-plugin lint rules (no-missing-messages and the others) check calls on `Messages` by name, so they apply here too.
 */
import { readFileSync, statSync } from 'node:fs';
import { EOL } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { SfError } from '@salesforce/core/sfError';

type MessageValue = string | string[];

const SECTION = /^#\s*/gm;
const LIST_ROW = /^[*-]\s+|^ {2}/;
const LIST_ITEM = /^[*-]\s+/gm;
const SPECIFIER = /%[sdifjoO]{1}/gm;
const hasContent = (text: string): boolean => !/^\s*$/.test(text);

/** A messages/*.md file: `# key` headings, each followed by a text or by a list (every line a `-` item). */
export function parseMessageFile(path: string, contents: string): Map<string, MessageValue> {
  const map = new Map<string, MessageValue>();
  for (const section of contents.split(SECTION).filter(hasContent)) {
    const lines = section.split('\n');
    const key = lines.shift()?.trim();
    const rest = lines.join('\n').trim();
    if (!key || rest.length === 0)
      throw new Error(
        `Invalid markdown message file: ${path}\nThe line "# <key>" must be immediately followed by the message on a new line.`,
      );
    const isList = lines.filter((line) => line.trim()).every((line) => LIST_ROW.test(line));
    map.set(
      key,
      isList
        ? rest
            .split(LIST_ITEM)
            .filter(hasContent)
            .map((item) =>
              item
                .split('\n')
                .filter((line) => line.trim())
                .map((line) => line.trim())
                .join('\n'),
            )
        : rest,
    );
  }
  return map;
}

export class Messages {
  private static readonly directories = new Map<string, string>();
  private static readonly bundles = new Map<string, Messages>();
  /** The package each folder of a module is in: every module registers, and most share a few folders. */
  private static readonly packages = new Map<string, { name: string; root: string }>();

  /** The bundle's messages, read on first use: a command loads many modules, and uses few of their bundles. */
  private parsed?: Map<string, MessageValue>;

  private constructor(
    private readonly bundleName: string,
    private readonly path: string,
  ) {}

  /** Registers the messages directory of the package the calling module belongs to (the folder beside its package.json). */
  public static importMessagesDirectoryFromMetaUrl(metaUrl: string): void {
    const { name, root } = Messages.packageAbove(dirname(fileURLToPath(metaUrl)), metaUrl);
    Messages.directories.set(name, join(root, 'messages'));
  }

  private static packageAbove(dir: string, metaUrl: string): { name: string; root: string } {
    const known = Messages.packages.get(dir);
    if (known) return known;
    let found: { name: string; root: string };
    if (isFile(join(dir, 'package.json'))) {
      const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
      found = { name, root: dir };
    } else {
      const parent = dirname(dir);
      if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(metaUrl)}`);
      found = Messages.packageAbove(parent, metaUrl);
    }
    Messages.packages.set(dir, found);
    return found;
  }

  public static loadMessages(packageName: string, bundleName: string): Messages {
    const key = `${packageName}:${bundleName}`;
    const cached = Messages.bundles.get(key);
    if (cached) return cached;
    const directory = Messages.directories.get(packageName);
    const path = directory ? join(directory, `${bundleName}.md`) : undefined;
    if (!path || !isFile(path)) throw new SfError(`Missing bundle ${key} for locale en_US.`, 'MissingBundleError');
    const bundle = new Messages(bundleName, path);
    Messages.bundles.set(key, bundle);
    return bundle;
  }

  private messages(): Map<string, MessageValue> {
    return (this.parsed ??= parseMessageFile(this.path, readFileSync(this.path, 'utf8')));
  }

  public getMessage(key: string, tokens: unknown[] = []): string {
    return this.getMessages(key, tokens).join(EOL);
  }

  /** The message as a list (a text is a list of one); `%s` specifiers are filled from tokens in order across the list. */
  public getMessages(key: string, tokens: unknown[] = []): string[] {
    const value = this.messages().get(key);
    if (!value) throw new SfError(`Missing message ${this.bundleName}:${key} for locale en_US.`, 'MissingMessageError');
    let next = 0;
    return (Array.isArray(value) ? value : [value]).map((text) => {
      const count = (text.match(SPECIFIER) ?? []).length;
      if (count === 0) return text;
      const used = tokens.slice(next, next + count);
      next += count;
      return format(text, ...withoutDoubledPeriods(text, used));
    });
  }

  /** An SfError named after the key (`error.fileExists` → FileExistsError), with `<key>.actions` as its actions when present. */
  public createError(
    key: string,
    tokens: unknown[] = [],
    actionTokens: unknown[] = [],
    exitCodeOrCause?: number | Error,
    cause?: Error,
  ): SfError {
    const name = `${upperFirst(key.replace(/^error.*\./, ''))}${/Error$/.test(key) ? '' : 'Error'}`;
    const actions = this.messages().has(`${key}.actions`)
      ? this.getMessages(`${key}.actions`, actionTokens)
      : undefined;
    return new SfError(this.getMessage(key, tokens), name, actions, exitCodeOrCause, cause);
  }
}

/**
 * A token that ends a sentence before a `%s.` in the text (an org's or another message's "… yet.") loses its own
 * period, so the message never reads "yet.. Find it"; an ellipsis stays as it is.
 */
function withoutDoubledPeriods(text: string, tokens: unknown[]): unknown[] {
  const followers = [...text.matchAll(SPECIFIER)].map((match) => text.charAt((match.index ?? 0) + match[0].length));
  return tokens.map((token, index) =>
    followers[index] === '.' && typeof token === 'string' && /[^.]\.$/.test(token) ? token.slice(0, -1) : token,
  );
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
