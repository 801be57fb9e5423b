/*
 * PKCE (RFC 7636) with the S256 method, and the `state` value that ties the browser's callback to this run.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters from the unreserved set, as RFC 7636 §4.1 recommends. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` (CSRF protection for the loopback callback). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export type PkcePair = { verifier: string; challenge: string; method: 'S256' };

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}
