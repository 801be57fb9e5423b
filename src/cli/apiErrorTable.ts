/*
 * The table SfCommand prints under an error whose code is MULTIPLE_API_ERRORS (jsforce's error for a REST answer
 * that lists several errors, as a Composite request's does): one `Error Code` / `Message` row for each error in the
 * data of the error's cause chain. sf-plugins-core draws it with @oclif/table's makeTable, which renders through
 * ink and React; this draws the same text without them: sf's default border style (vertical-with-outline), bold
 * blue headings when ink's chalk would colour them, columns as wide as their widest cell, narrowed to the terminal
 * as @oclif/table narrows them, cells truncated with `…`. test/unit/cli/apiErrorTable.test.ts compares it with
 * makeTable's output.
 *
 * Not mirrored, on purpose (each only changes how this rare table looks, and mirroring them means carrying
 * @oclif/table's eleven border styles and its word wrapping): SF_TABLE_BORDER_STYLE, SF_NO_TABLE_STYLE and
 * SF_TABLE_OVERFLOW. With them set, the table is still drawn in the default style, truncated.
 * Known differences: text widths follow string-width closely for Latin, CJK and emoji, not for every script
 * (Hangul jamo sequences, for instance); and a truncated cell of wide characters stays aligned here, where
 * @oclif/table mis-measures it and ink breaks its row (see `cell`). Neither can happen off a terminal (nothing is
 * truncated there), where the output is makeTable's byte for byte.
 */
import { isatty } from 'node:tty';
import { stripVTControlCharacters } from 'node:util';

export type ApiErrorRow = { errorCode?: unknown; message: string };

type Column = { key: keyof ApiErrorRow; heading: string; width: number };

const PADDING = 1;
const COLUMNS: ReadonlyArray<Pick<Column, 'key' | 'heading'>> = [
  { key: 'errorCode', heading: 'Error Code' },
  { key: 'message', heading: 'Message' },
];

/** The rows of errorFormatting.js's formatMultipleErrorMessages, or undefined when it prints no table. */
export function apiErrorRows(error: { code?: unknown; cause?: unknown }): ApiErrorRow[] | undefined {
  if (error.code !== 'MULTIPLE_API_ERRORS' || !error.cause) return undefined;
  const data = errorData(error.cause);
  if (!Array.isArray(data) || data.length === 0) return undefined;
  // SfCommand's own formatter throws on a message that is not a string (ts-types' ensureString); this prints it.
  return data.filter(isApiError).map((item) => ({ errorCode: item.errorCode, message: String(item.message ?? '') }));
}

/** The table as makeTable returns it (each line ended by a newline), for a terminal `columns` wide (undefined: unbounded). */
export function apiErrorTable(rows: ApiErrorRow[], columns = terminalColumns()): string {
  const widths = columnWidths(rows, columns);
  const border = (left: string, cross: string, right: string): string =>
    left + widths.map((c) => '─'.repeat(c.width)).join(cross) + right;
  const line = (cells: string[]): string => `│${cells.join('│')}│`;
  const heading = line(widths.map((c) => headingStyle(cell(c.heading, c.width))));
  const body = rows.map((row) =>
    line(
      widths.map((c) =>
        row[c.key] === undefined || row[c.key] === null ? ' '.repeat(c.width) : cell(String(row[c.key]), c.width),
      ),
    ),
  );
  return [border('┌', '┬', '┐'), heading, border('├', '┼', '┤'), ...body, border('└', '┴', '┘')].join('\n') + '\n';
}

/** getErrorData: the first `data` in the cause chain that is JSON. */
function errorData(error: unknown): unknown {
  if (!(error instanceof Error)) return undefined;
  if ('data' in error && error.data && isAnyJson(error.data)) return error.data;
  return error.cause ? errorData(error.cause) : undefined;
}

const isApiError = (item: unknown): item is { errorCode?: unknown; message?: unknown } =>
  typeof item === 'object' && item !== null && !Array.isArray(item) && ('errorCode' in item || 'message' in item);

/** ts-types' isAnyJson. */
function isAnyJson(value: unknown): boolean {
  if (value === null || Array.isArray(value) || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  return (
    typeof ctor === 'function' &&
    Object.prototype.toString.call(ctor.prototype) === '[object Object]' &&
    Object.hasOwn(ctor.prototype as object, 'isPrototypeOf')
  );
}

/** @oclif/table's getColumnWidth: the override, else the terminal's width (undefined when stdout is not a terminal). */
function terminalColumns(): number | undefined {
  return Number.parseInt(process.env.OCLIF_TABLE_COLUMN_OVERRIDE ?? '0', 10) || process.stdout.columns;
}

/** @oclif/table's getColumns: the widest cell plus padding, then the widest columns narrowed until the table fits. */
function columnWidths(rows: ApiErrorRow[], maxWidth: number | undefined): Column[] {
  const columns = COLUMNS.map(({ key, heading }) => {
    const cells = rows.map((row) =>
      row[key] === undefined || row[key] === null
        ? 0
        : Math.max(...String(row[key]).replaceAll('\u200B', ' ').split('\n').map(textWidth)),
    );
    return { key, heading, width: Math.max(...cells, textWidth(heading)) + PADDING * 2 };
  });
  const tableWidth = (): number => columns.reduce((sum, c) => sum + c.width, 0) + columns.length + 1;
  const narrow = (minWidth: (column: Column) => number): void => {
    if (!maxWidth) return;
    const seen = new Set<string>();
    while (tableWidth() > maxWidth) {
      const widest = columns.filter((c) => !seen.has(c.key)).sort((a, b) => b.width - a.width)[0];
      if (!widest) break;
      widest.width = Math.max(minWidth(widest), widest.width - (tableWidth() - maxWidth));
      seen.add(widest.key);
    }
  };
  narrow((c) => textWidth(c.heading) + PADDING * 2);
  narrow(() => PADDING * 2 + 3);
  return columns;
}

/** formatTextWithMargins, left-aligned, truncating: the text with its margins, `width` wide. */
function cell(value: string, width: number): string {
  const text = value.replaceAll('\u200B', ' ');
  const space = width - PADDING * 2;
  const fits = textWidth(text) <= space && !text.includes('\n');
  const shown = fits ? text : truncate(text.replaceAll('\n', ' '), space);
  // Known difference: @oclif/table measures a truncated text by its length in UTF-16 units, so a truncated cell of
  // wide (CJK) characters gets too wide a margin and ink breaks the row over several lines; this keeps it aligned.
  const spaces = width - textWidth(shown);
  const left = spaces > 0 ? PADDING : 0;
  return `${' '.repeat(left)}${shown}${' '.repeat(Math.max(0, spaces - left))}`;
}

/** cli-truncate at the end: as many characters as fit before `…` (slice-ansi counts a wide BMP character twice). */
function truncate(text: string, columns: number): string {
  if (columns < 1) return '';
  if (columns === 1 || textWidth(text) <= columns) return columns === 1 ? '…' : text;
  let visible = 0;
  let kept = '';
  for (const character of text) {
    visible += character.length === 1 && isFullwidth(character.codePointAt(0) ?? 0) ? 2 : 1;
    if (visible > columns - 1) break;
    kept += character;
  }
  return `${kept}…`;
}

/**
 * What measuring needs, made on first use: the emoji property-of-strings pattern takes V8 some 15 ms to compile,
 * which every command would pay at start-up for a table it rarely draws.
 */
let measuring: { segmenter: Intl.Segmenter; visible: RegExp; emoji: RegExp } | undefined;
const measure = (): NonNullable<typeof measuring> =>
  (measuring ??= {
    segmenter: new Intl.Segmenter(),
    visible:
      /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u,
    emoji: new RegExp('^\\p{RGI_Emoji}$', 'v'),
  });

/** string-width: the columns a text takes in a terminal. */
export function textWidth(text: string): number {
  const { segmenter, visible: VISIBLE, emoji } = measure();
  let width = 0;
  for (const { segment } of segmenter.segment(stripVTControlCharacters(text))) {
    const visible = segment.search(VISIBLE);
    if (visible === -1) continue;
    width += emoji.test(segment) || isFullwidth(segment.codePointAt(visible) ?? 0) ? 2 : 1;
  }
  return width;
}

/** is-fullwidth-code-point: East Asian wide and full-width characters. */
function isFullwidth(codePoint: number): boolean {
  const ranges: Array<[number, number]> = [
    [0x1100, 0x115f],
    [0x2329, 0x232a],
    [0x2e80, 0x303e],
    [0x3040, 0x3247],
    [0x3250, 0x4dbf],
    [0x4e00, 0xa4c6],
    [0xa960, 0xa97c],
    [0xac00, 0xd7a3],
    [0xf900, 0xfaff],
    [0xfe10, 0xfe19],
    [0xfe30, 0xfe6b],
    [0xff01, 0xff60],
    [0xffe0, 0xffe6],
    [0x1b000, 0x1b001],
    [0x1f200, 0x1f251],
    [0x20000, 0x3fffd],
  ];
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** The headings' bold blue, when ink's chalk colours stdout (decided once, at load, as chalk decides). */
const headingStyle = (
  (colored: boolean) =>
  (text: string): string =>
    colored ? `\u001B[1m\u001B[34m${text}\u001B[39m\u001B[22m` : text
)(chalkColorsStdout());

/** chalk's supports-color for stdout, reduced to yes or no (bold and blue look the same at every colour level). */
function chalkColorsStdout(env = process.env, argv = process.argv): boolean {
  const hasFlag = (flag: string): boolean => {
    const position = argv.indexOf(`--${flag}`);
    const terminator = argv.indexOf('--');
    return position !== -1 && (terminator === -1 || position < terminator);
  };
  let force: number | undefined = ['no-color', 'no-colors', 'color=false', 'color=never'].some(hasFlag)
    ? 0
    : ['color', 'colors', 'color=true', 'color=always'].some(hasFlag)
      ? 1
      : undefined;
  const fromEnv = env.FORCE_COLOR;
  if (fromEnv !== undefined)
    force =
      fromEnv === 'true'
        ? 1
        : fromEnv === 'false'
          ? 0
          : fromEnv.length === 0
            ? 1
            : Math.min(Number.parseInt(fromEnv, 10), 3);
  if (force === 0) return false;
  if (
    ['color=16m', 'color=full', 'color=truecolor', 'color=256'].some(hasFlag) ||
    ('TF_BUILD' in env && 'AGENT_NAME' in env)
  )
    return true;
  if (!isatty(1) && force === undefined) return false;
  const min = (force ?? 0) || 0;
  const term = env.TERM ?? '';
  if (term === 'dumb') return min > 0;
  if (process.platform === 'win32') return true;
  if ('CI' in env) {
    const known = [
      'GITHUB_ACTIONS',
      'GITEA_ACTIONS',
      'CIRCLECI',
      'TRAVIS',
      'APPVEYOR',
      'GITLAB_CI',
      'BUILDKITE',
      'DRONE',
    ].some((key) => key in env);
    return known || env.CI_NAME === 'codeship' || min > 0;
  }
  if ('TEAMCITY_VERSION' in env) return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION ?? '');
  if (env.COLORTERM === 'truecolor' || ['xterm-kitty', 'xterm-ghostty', 'wezterm'].includes(term)) return true;
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'Apple_Terminal') return true;
  if (
    /-256(color)?$/i.test(term) ||
    /^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(term) ||
    'COLORTERM' in env
  )
    return true;
  return min > 0;
}
