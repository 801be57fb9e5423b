/*
 * The JWT bearer flow (docs/salesforce-facts.md §4): an RS256 JWT signed with the private key whose certificate the app holds,
 * claims {iss: consumer key, sub: username, aud, exp}, exp at most 3 minutes ahead. Built with node:crypto only.
 * The key is read from a file into a KeyObject and never printed; a key file others can read is reported as a
 * finding for the command to warn about.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Messages } from '../messages.js';
import { requestToken, type HttpOptions, type TokenResponse } from './tokenRequest.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce rejects an exp more than 3 minutes ahead. */
export const MAX_JWT_LIFETIME_SECONDS = 180;
const DEFAULT_JWT_LIFETIME_SECONDS = 170;
const MIN_RSA_BITS = 2048;

export type JwtClaims = { iss: string; sub: string; aud: string; exp: number };

export type JwtAssertionInput = {
  clientId: string;
  username: string;
  audience: string;
  privateKey: KeyObject;
  /** Seconds the assertion is valid, clamped to 1..180; default 170. */
  lifetimeSeconds?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
};

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

export function jwtClaims(input: Omit<JwtAssertionInput, 'privateKey'>): JwtClaims {
  const lifetime = Math.min(
    MAX_JWT_LIFETIME_SECONDS,
    Math.max(1, Math.floor(input.lifetimeSeconds ?? DEFAULT_JWT_LIFETIME_SECONDS)),
  );
  const nowSeconds = Math.floor((input.now ?? Date.now)() / 1000);
  return { iss: input.clientId, sub: input.username, aud: input.audience, exp: nowSeconds + lifetime };
}

/** A compact RS256 JWT: base64url(header).base64url(claims).base64url(signature). */
export function buildJwtAssertion(input: JwtAssertionInput): string {
  const header = base64url(JSON.stringify({ alg: 'RS256' }));
  const payload = base64url(JSON.stringify(jwtClaims(input)));
  const signingInput = `${header}.${payload}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), input.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

export type PrivateKeyFile = {
  key: KeyObject;
  /** Things the command should warn about (already worded), e.g. a key file readable by others. */
  warnings: string[];
};

/** Parse a PEM private key (RSA, at least 2048 bits, unencrypted). Error texts name the file, never the key. */
export function parsePrivateKey(pem: string, path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // OpenSSL 3 reports a missing passphrase as "interrupted or cancelled"; the PEM label says it plainly.
    if (
      /PASSPHRASE/i.test(code) ||
      /-----BEGIN (?:ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(pem)
    ) {
      throw messages.createError('error.PrivateKeyEncrypted', [path]);
    }
    throw messages.createError('error.PrivateKeyUnreadable', [path]);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw messages.createError('error.PrivateKeyNotRsa', [path, key.asymmetricKeyType ?? 'unknown', String(bits)]);
  }
  return key;
}

/** Read and parse the private key file named by --jwt-key-file. */
export async function readPrivateKeyFile(path: string): Promise<PrivateKeyFile> {
  let pem: string;
  let mode: number;
  try {
    [pem, mode] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mode)]);
  } catch (error) {
    throw messages.createError('error.PrivateKeyFileMissing', [
      path,
      (error as { code?: string }).code ?? String(error),
    ]);
  }
  const warnings: string[] = [];
  // Permission bits mean nothing on Windows.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    warnings.push(messages.getMessage('warning.PrivateKeyFileOpen', [path, (mode & 0o777).toString(8)]));
  }
  return { key: parsePrivateKey(pem, path), warnings };
}

/** What a JWT bearer token request needs: the assertion's input and the token endpoint base. */
export type JwtBearerRequest = JwtAssertionInput & { base: string };

export function jwtBearerForm(request: JwtBearerRequest): Record<string, string> {
  return { grant_type: JWT_BEARER_GRANT, assertion: buildJwtAssertion(request) };
}

/** Request a token with the JWT bearer flow. A fresh assertion is signed for every call (so retries stay valid). */
export async function requestJwtBearerToken(
  request: JwtBearerRequest,
  options: HttpOptions = {},
): Promise<TokenResponse> {
  return requestToken(request.base, jwtBearerForm(request), options);
}
