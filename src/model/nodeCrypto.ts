/*
 * node:crypto, loaded when first needed: only a command that reads a certificate or a key pays its start-up cost
 * (some 3 ms), not every `sf eca generate` that writes a client credentials app. Through `require`, which every
 * Node the plugin runs on has (process.getBuiltinModule only from 20.16 and 22.3).
 */
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

let loaded: typeof Crypto | undefined;

export const nodeCrypto = (): typeof Crypto =>
  (loaded ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);
