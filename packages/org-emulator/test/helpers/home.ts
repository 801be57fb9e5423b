/*
 * A fresh, empty HOME for one test, so authorizing the CLI never touches the developer's Salesforce config.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const isolatedHome = (): string => mkdtempSync(join(tmpdir(), 'eca-home-'));
