/*
 * The certificate of an app's Global OAuth settings, in every form an org holds it: armoured PEM (what the
 * documentation describes), or the base64 body without the BEGIN/END lines, wrapped at 64 columns or on one line
 * (what retrieves hold, docs/salesforce-facts.md §8.6). Both parse to the same X.509 certificate.
 */
import { X509Certificate } from 'node:crypto';

/** The X.509 certificate of a `<certificate>` value, or undefined when it is not one. */
export function parseCertificate(value: string | undefined): X509Certificate | undefined {
  if (value === undefined) return undefined;
  try {
    if (value.includes('-----BEGIN')) return new X509Certificate(value);
    const body = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
    return new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    return undefined;
  }
}
