/*
 * `--generate-certificate`: a new RSA key pair and a self-signed certificate for the JWT bearer flow. Web Crypto
 * (node:crypto) makes the key, @peculiar/x509 the certificate (well kept, and no openssl needed on the machine);
 * both (and the reflect-metadata polyfill x509 needs) are imported only on this path so `generate` starts fast.
 */
import { type AppSpec } from '../model/appSpec.js';

export type GeneratedCertificate = { certificatePem: string; privateKeyPem: string; notAfter: Date };

export const GENERATED_KEY_BITS = 2048;
export const GENERATED_VALIDITY_DAYS = 730;

export async function generateCertificate(
  spec: Pick<AppSpec, 'apiName'>,
  now: Date = new Date(),
): Promise<GeneratedCertificate> {
  // @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill first.
  await import('reflect-metadata');
  const [{ webcrypto }, x509] = await Promise.all([import('node:crypto'), import('@peculiar/x509')]);
  const crypto = webcrypto;
  type X509Crypto = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: GENERATED_KEY_BITS,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + GENERATED_VALIDITY_DAYS * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=${spec.apiName}, O=plugin-eca JWT bearer`,
      keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    crypto as unknown as X509Crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const privateKeyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return {
    certificatePem: cert.toString('pem').replace(/\r\n/g, '\n').trim(),
    privateKeyPem: `${privateKeyPem.replace(/\r\n/g, '\n').trim()}\n`,
    notAfter,
  };
}
