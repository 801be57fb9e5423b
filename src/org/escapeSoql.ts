/*
 * SOQL string literals built from user input: escape backslash first, then the single quote (and the control
 * characters SOQL defines escapes for), so a value can never end the literal.
 */

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '"': '\\"',
};

/** The inside of a SOQL '...' literal. */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'\n\r\t\b\f"]/g, (c) => ESCAPES[c]);
}

/** A complete SOQL string literal, quotes included. */
export function soqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}
