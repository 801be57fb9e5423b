/*
 * Whether a private key belongs to a certificate: the public key derived from the private key against the one in
 * the certificate. The JWT bearer flow's "invalid assertion" has two causes this tells apart: a key that is not the
 * certificate's (pass the right key), or a certificate in the files that the org does not hold (deploy again).
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { certificateDer } from '../model/certificate.js';

/** true / false when both could be read; undefined when the certificate text is unreadable. */
export function keyMatchesCertificate(privateKey: KeyObject, certificateText: string): boolean | undefined {
  const der = certificateDer(certificateText);
  if (!der) return undefined;
  try {
    const fromCertificate = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
    const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    return fromCertificate.equals(fromKey);
  } catch {
    return undefined;
  }
}
