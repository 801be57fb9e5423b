/*
 * Text that came over the network (an org's error messages, error_description, page bodies) is data, never
 * terminal input: control characters and escape sequences are removed before it is printed or put in --json, and
 * bodies that are not the data a request expects (an HTML error page, an empty answer) are told apart so that a
 * caller can say what happened in one line instead of printing the page.
 */

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), and the other escapes (ESC, intermediates, one final byte).
// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~])/g;
// C0 controls but tab and line breaks, DEL, C1 controls, and the bidirectional overrides that reorder what is shown.
// eslint-disable-next-line no-control-regex -- matching control characters is what this expression is for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without escape sequences and control characters (tabs and line breaks kept). */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Printable text on one line: runs of whitespace (line breaks too) become one space; longer text is cut with "…". */
export function oneLine(text: string, maxLength = 300): string {
  const flat = printable(text).replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1).trimEnd()}…` : flat;
}

/** What a response body is, judged from its content type and its first characters. */
export type BodyKind = 'html' | 'json' | 'xml' | 'empty' | 'text';

export function bodyKind(contentType: string | undefined, body: string): BodyKind {
  const start = body.trimStart().slice(0, 200).toLowerCase();
  if (start === '') return 'empty';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('html') || start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html';
  if (type.includes('json') || start.startsWith('{') || start.startsWith('[')) return 'json';
  if (type.includes('xml') || start.startsWith('<?xml') || start.startsWith('<soapenv:') || start.startsWith('<')) {
    return 'xml';
  }
  return 'text';
}

/** The title of an HTML page (else its first heading), printable and on one line; undefined when it has neither. */
export function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body);
  if (!match) return undefined;
  const title = oneLine(match[1].replace(/<[^>]*>/g, ' '), 120);
  return title === '' ? undefined : title;
}
