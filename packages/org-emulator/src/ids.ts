/*
 * Salesforce-shaped identifiers: 18-character record ids (15 characters plus the case-safe checksum),
 * consumer keys and secrets, and access tokens shaped like an org's (`00D…!…`, never JWT-shaped, since
 * jsforce refuses JWT-shaped tokens for SOAP).
 */
import { randomBytes } from 'node:crypto';

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Append the 3-character case-safe suffix to a 15-character id. */
export function toId18(id15: string): string {
  if (id15.length !== 15) throw new Error(`not a 15-character id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return id15 + suffix;
}

const base62 = (n: number, width: number): string => {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
};

/** Makes ids with a key prefix (`005` users, `0xI` apps, …) from a per-emulator counter. */
export class IdFactory {
  private counter = 0;
  public constructor(private readonly pod = '5g0000') {}

  public next(prefix: string): string {
    this.counter += 1;
    return toId18(`${prefix}${this.pod}${base62(this.counter, 15 - prefix.length - this.pod.length)}`);
  }
}

const randomBase62 = (length: number): string => {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => BASE62[b % 62]).join('');
};

/** `3MVG9…`: 85 characters, letters, digits, dots and underscores like the keys an org generates. */
export function newConsumerKey(): string {
  const body = randomBase62(80).split('');
  body[20] = '.';
  body[47] = '_';
  return `3MVG9${body.join('')}`;
}

/** 64 upper-case hex characters. */
export const newConsumerSecret = (): string => randomBytes(32).toString('hex').toUpperCase();

/** `00D<15 chars>!<random>`: the shape of an org's session id. */
export const newAccessToken = (orgId: string): string => `${orgId.slice(0, 15)}!${randomBase62(96)}`;

/** Opaque refresh tokens and authorization codes. */
export const newOpaqueToken = (prefix: string, length = 64): string => `${prefix}${randomBase62(length)}`;
