/*
 * A fresh RSA key and self-signed certificate for the JWT bearer tests, and an RS256 assertion signer.
 * Made at run time so no private key lives in the repository.
 */
import { sign, webcrypto } from 'node:crypto';

export type TestCertificate = { certificatePem: string; privateKeyPem: string };

export async function makeTestCertificate(commonName = 'Emu_App'): Promise<TestCertificate> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  type Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  type X509Crypto = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=${commonName}`,
      keys: keys as unknown as Keys,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: algorithm,
    },
    webcrypto as unknown as X509Crypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: cert.toString('pem'), privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** An RS256 JWT over `claims`, signed with a PEM private key. */
export function signJwt(
  claims: Record<string, unknown>,
  privateKeyPem: string,
  header: Record<string, unknown> = { alg: 'RS256' },
): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), privateKeyPem).toString('base64url')}`;
}
