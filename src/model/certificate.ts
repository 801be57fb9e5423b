/*
 * What the JWT bearer flow needs of the app's certificate (docs/salesforce-facts.md §4): an X.509 certificate in PEM with an
 * RSA key of at least 2048 bits, valid now. node:crypto only, so it is cheap to load.
 */
import { X509Certificate } from 'node:crypto';

export const MIN_RSA_BITS = 2048;

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

const PEM_PATTERN = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The first PEM certificate block of a text, normalised to LF line endings, or undefined. */
export function extractPemCertificate(text: string): string | undefined {
  const match = PEM_PATTERN.exec(text.replace(/\r\n/g, '\n'));
  return match?.[0];
}

/** Check a PEM certificate against the JWT bearer requirements, at `now`. */
export function inspectCertificate(pem: string, now: Date = new Date()): CertificateInspection {
  const block = extractPemCertificate(pem);
  if (!block) return { problem: 'notPem' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block);
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
