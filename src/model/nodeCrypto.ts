/*
 * node:crypto, loaded when first needed: only a command that reads a certificate or a key pays its start-up cost
 * (some 3 ms), not every `sf eca generate` that writes a client credentials app.
 */
import type * as Crypto from 'node:crypto';

export const nodeCrypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');
