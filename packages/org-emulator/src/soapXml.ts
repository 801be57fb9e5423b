/*
 * SOAP envelopes as Salesforce writes and reads them: request parsing (method, arguments, session id) and
 * response/fault writing with the metadata namespace.
 */
import { parseStringPromise, processors } from 'xml2js';
import { type Reply } from './http.js';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

export type SoapCall = { method: string; args: Record<string, unknown>; sessionId?: string };

export async function parseSoapCall(body: string): Promise<SoapCall | undefined> {
  const parsed = (await parseStringPromise(body, {
    explicitArray: false,
    tagNameProcessors: [processors.stripPrefix],
    attrNameProcessors: [processors.stripPrefix],
  }).catch(() => undefined)) as
    { Envelope?: { Header?: Record<string, unknown>; Body?: Record<string, unknown> } } | undefined;
  const envelope = parsed?.Envelope;
  if (!envelope?.Body) return undefined;
  const method = Object.keys(envelope.Body).find((k) => k !== '$');
  if (!method) return undefined;
  const header = envelope.Header as { SessionHeader?: { sessionId?: unknown } } | undefined;
  const sessionId = header?.SessionHeader?.sessionId;
  const args = envelope.Body[method];
  return {
    method,
    args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {},
    sessionId: typeof sessionId === 'string' ? sessionId : undefined,
  };
}

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes a value as XML elements: arrays repeat the element, objects nest, undefined is left out. */
export function toXml(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns="${METADATA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`;
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** A response whose body is already XML (attributes such as xsi:type that toXml doesn't write). */
export const soapResponseXml = (method: string, inner: string): Reply => ({
  status: 200,
  headers: { 'content-type': 'text/xml;charset=UTF-8' },
  body: `${ENVELOPE_OPEN}<${method}Response>${inner}</${method}Response>${ENVELOPE_CLOSE}`,
});

export const soapResponse = (method: string, result: unknown): Reply =>
  soapResponseXml(method, toXml('result', result));

/** A SOAP fault, HTTP 500 as Salesforce answers it (e.g. sf:INVALID_SESSION_ID). */
export const soapFault = (code: string, message: string): Reply => ({
  status: 500,
  headers: { 'content-type': 'text/xml;charset=UTF-8' },
  body:
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns:sf="${METADATA_NS}"><soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode>` +
    `<faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
});

export const INVALID_SESSION_FAULT = soapFault(
  'INVALID_SESSION_ID',
  'Invalid Session ID found in SessionHeader: Illegal Session',
);
