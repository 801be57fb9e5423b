/*
 * What the JWT bearer flow needs of the app's certificate (docs/salesforce-facts.md §4): an X.509 certificate with an
 * RSA key of at least 2048 bits, valid now. Three forms are read (§8.6): PEM with its armour lines, and the form
 * retrieves write, the base64 body alone (wrapped at 64 columns in ECAs, on one line in Connected Apps).
 * node:crypto only, so it is cheap to load.
 */
import type { X509Certificate } from 'node:crypto';
import { nodeCrypto } from './nodeCrypto.js';

export const MIN_RSA_BITS = 2048;

/** Column at which retrieves wrap the certificate body (§8.6). */
export const RETRIEVE_LINE_LENGTH = 64;

export type CertificateInfo = {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  keyType?: string;
  bits?: number;
  fingerprint256: string;
};

export type CertificateProblem = 'notPem' | 'unreadable' | 'notRsa' | 'weakKey' | 'expired' | 'notYetValid';

export type CertificateInspection = { info?: CertificateInfo; problem?: CertificateProblem };

/** Which of the accepted forms a text is in. */
export type CertificateForm = 'pem' | 'body';

const PEM_PATTERN = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** The first PEM certificate block of a text, normalised to LF line endings, or undefined. */
export function extractPemCertificate(text: string): string | undefined {
  const match = PEM_PATTERN.exec(text.replace(/\r\n/g, '\n'));
  return match?.[0];
}

/** The form of a certificate text: armoured PEM, a bare base64 body (any wrapping), or undefined for neither. */
export function certificateForm(text: string): CertificateForm | undefined {
  if (extractPemCertificate(text)) return 'pem';
  const body = text.replace(/\s+/g, '');
  return body.length > 0 && body.length % 4 === 0 && BASE64_BODY.test(body) ? 'body' : undefined;
}

/** The DER bytes of a certificate in any accepted form, or undefined when the text is in none of them. */
export function certificateDer(text: string): Buffer | undefined {
  const form = certificateForm(text);
  if (!form) return undefined;
  const base64 =
    form === 'pem'
      ? extractPemCertificate(text)!
          .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
          .replace(/\s+/g, '')
      : text.replace(/\s+/g, '');
  const der = Buffer.from(base64, 'base64');
  return der.length > 0 ? der : undefined;
}

function wrap(base64: string): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += RETRIEVE_LINE_LENGTH) lines.push(base64.slice(i, i + RETRIEVE_LINE_LENGTH));
  return lines.join('\n');
}

/**
 * The certificate as a retrieve writes it into `ExtlClntAppGlobalOauthSettings.certificate` (§8.6): the base64 body
 * only, 64 columns a line, LF between lines, no armour and no final newline. Throws when the text is in no accepted
 * form (check it with certificateForm or inspectCertificate first).
 */
export function retrieveCertificateBody(text: string): string {
  const der = certificateDer(text);
  if (!der) throw new Error('not a certificate: expected PEM or a base64 certificate body');
  return wrap(der.toString('base64'));
}

/** The certificate in any accepted form as armoured PEM (what node:crypto and key tools read). */
export function toPemCertificate(text: string): string | undefined {
  const der = certificateDer(text);
  return der ? `-----BEGIN CERTIFICATE-----\n${wrap(der.toString('base64'))}\n-----END CERTIFICATE-----` : undefined;
}

/** Whether two texts hold the same certificate, whatever their forms (compared by decoded bytes, §8.6). */
export function sameCertificate(a: string, b: string): boolean {
  const left = certificateDer(a);
  const right = certificateDer(b);
  return left !== undefined && right !== undefined && left.equals(right);
}

/** Check a certificate (PEM or retrieve form) against the JWT bearer requirements, at `now`. */
export function inspectCertificate(text: string, now: Date = new Date()): CertificateInspection {
  const pem = toPemCertificate(text);
  if (!pem) return { problem: 'notPem' };
  let cert: X509Certificate;
  try {
    cert = new (nodeCrypto().X509Certificate)(pem);
  } catch {
    return { problem: 'unreadable' };
  }
  const details = cert.publicKey.asymmetricKeyDetails;
  const info: CertificateInfo = {
    subject: cert.subject.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    keyType: cert.publicKey.asymmetricKeyType,
    bits: details?.modulusLength,
    fingerprint256: cert.fingerprint256,
  };
  if (info.keyType !== 'rsa') return { info, problem: 'notRsa' };
  if ((info.bits ?? 0) < MIN_RSA_BITS) return { info, problem: 'weakKey' };
  if (info.notAfter.getTime() <= now.getTime()) return { info, problem: 'expired' };
  if (info.notBefore.getTime() > now.getTime()) return { info, problem: 'notYetValid' };
  return { info };
}
