/*
 * checkRetrieveStatus read as text. A finished retrieve's answer holds the zip (base64) and one FileProperties per
 * file: for hundreds of apps, megabytes of XML that jsforce's SOAP client parses element by element (xml2js over sax)
 * only for the few fields a retrieve needs: done, status, success, the error and the zip. Those are simple children
 * of the answer's `result` (Metadata API Developer Guide, RetrieveResult); the FileProperties and messages, whose
 * children have other names, are cut out first, so no field of theirs can be taken for one of the result's.
 *
 * The call is the one jsforce sends (the session in the SessionHeader of the envelope). Anything else than an HTTP 200
 * answer with a `done` (a SOAP fault such as an expired session, a page of HTML, a network failure) is handed to
 * jsforce's own checkRetrieveStatus, which refreshes a session and raises the org's error as for every other call.
 */

/** What a finished or running retrieve says: the fields of RetrieveResult a retrieve needs. */
export type RetrieveStatus = {
  done?: boolean | string;
  status?: string;
  success?: boolean | string;
  zipFile?: string;
  errorMessage?: string;
  errorStatusCode?: string;
};

/** What the text call needs of a Connection (jsforce resolves a url starting with /services/ under the instance). */
export type SoapTextConnection = {
  accessToken?: string | null;
  version: string;
  request(
    request: { method: 'POST'; url: string; body: string; headers: Record<string, string> },
    options: { responseType: string },
  ): Promise<unknown>;
};

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const decodeXml = (text: string): string =>
  text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The envelope of checkRetrieveStatus(id, includeZip), as jsforce writes it. */
export function checkRetrieveStatusEnvelope(sessionId: string, id: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"',
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<soapenv:Header xmlns="${METADATA_NS}"><SessionHeader><sessionId>${escapeXml(sessionId)}</sessionId></SessionHeader></soapenv:Header>`,
    `<soapenv:Body xmlns="${METADATA_NS}"><checkRetrieveStatus><id>${escapeXml(id)}</id><includeZip>true</includeZip></checkRetrieveStatus></soapenv:Body>`,
    '</soapenv:Envelope>',
  ].join('');
}

/** The fields of a checkRetrieveStatus answer's text; undefined when it is not one (no `done`). */
export function readRetrieveStatus(text: string): RetrieveStatus | undefined {
  const result = text.replace(/<((?:[\w.-]+:)?)(fileProperties|messages)\b[^>]*>[\s\S]*?<\/\1\2>/g, '');
  const field = (name: string): string | undefined => {
    const match = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(result);
    return match ? decodeXml(match[1]) : undefined;
  };
  const done = field('done');
  if (done === undefined) return undefined;
  const status: RetrieveStatus = { done };
  for (const name of ['status', 'success', 'errorMessage', 'errorStatusCode'] as const) {
    const value = field(name);
    if (value !== undefined) status[name] = value;
  }
  // The zip last and by position: a few megabytes of base64, taken as it is (base64 has nothing to decode).
  const open = /<(?:[\w.-]+:)?zipFile>/.exec(result);
  if (open) {
    const start = open.index + open[0].length;
    const end = result.indexOf('<', start);
    if (end > start) status.zipFile = result.slice(start, end).replace(/\s+/g, '');
  }
  return status;
}

/** checkRetrieveStatus as text, or jsforce's own call whenever the answer is not a plain one. */
export async function checkRetrieveStatus(
  connection: SoapTextConnection,
  fallback: (id: string) => Promise<unknown>,
  id: string,
): Promise<RetrieveStatus> {
  let text: unknown;
  try {
    text = await connection.request(
      {
        method: 'POST',
        url: `/services/Soap/m/${connection.version}`,
        body: checkRetrieveStatusEnvelope(connection.accessToken ?? '', id),
        headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' },
      },
      { responseType: 'text/plain' },
    );
  } catch {
    text = undefined;
  }
  const status = typeof text === 'string' ? readRetrieveStatus(text) : undefined;
  return status ?? ((await fallback(id)) as RetrieveStatus);
}
