/*
 * Text that goes into a metadata file or onto the terminal from a flag: no control characters. XML 1.0 allows none of
 * the C0 controls but tab, line feed and carriage return (the org refuses the file: "PCDATA invalid Char value 7"), and
 * a BEL, ESC or vertical tab in a name is a paste accident or an attack on the terminal that prints it back. DEL and
 * the C1 controls are allowed by XML but drive terminals just the same: refused too. Only --description may hold tabs
 * and line breaks (Setup's description is a text area).
 */

export type ControlCharacter = {
  /** `U+0007`. */
  codePoint: string;
  /** 1-based position of the character in the value. */
  position: number;
};

// In a `u` regular expression a surrogate range matches lone surrogates only (a pair is one code point). Matching
// control characters is the point of these two expressions.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/u;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** The first control character of a value, or undefined; `multiLine` lets tab, line feed and carriage return pass. */
export function controlCharacterIn(value: string, options: { multiLine?: boolean } = {}): ControlCharacter | undefined {
  const match = (options.multiLine ? CONTROL_BUT_LINE_BREAKS : CONTROL).exec(value);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return {
    codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
    position: [...value.slice(0, match.index)].length + 1,
  };
}
