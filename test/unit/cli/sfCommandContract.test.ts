/*
 * A tripwire on the upstream code that src/cli/ mirrors: sf-plugins-core's SfCommand (its version and the files
 * that define its output contract), @salesforce/core's environment synonyms and modes, and the table and colour
 * code SfCommand prints MULTIPLE_API_ERRORS with. The parity tests only cover the paths they run; when any of these
 * files changes (an `npm update`, a new lock file), this fails so that someone reads the diff.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CONTRACT_FILE = 'test/unit/cli/sfCommandContract.json';
const root = fileURLToPath(new URL('../../../', import.meta.url));

type Contract = { about: string; 'sf-plugins-core': string; files: Record<string, string> };

const contract = JSON.parse(readFileSync(root + CONTRACT_FILE, 'utf8')) as Contract;
const sha256 = (path: string): string =>
  existsSync(root + path)
    ? createHash('sha256')
        .update(readFileSync(root + path))
        .digest('hex')
    : 'missing';
const installedVersion = (): string =>
  (
    JSON.parse(readFileSync(`${root}node_modules/@salesforce/sf-plugins-core/package.json`, 'utf8')) as {
      version: string;
    }
  ).version;

describe('the upstream code src/cli/ mirrors has not changed', () => {
  it(`sf-plugins-core's version and the hashes of the mirrored files are those in ${CONTRACT_FILE}`, () => {
    const now: Contract = {
      ...contract,
      'sf-plugins-core': installedVersion(),
      files: Object.fromEntries(Object.keys(contract.files).map((path) => [path, sha256(path)])),
    };
    const changed = [
      ...(now['sf-plugins-core'] === contract['sf-plugins-core']
        ? []
        : [`sf-plugins-core ${contract['sf-plugins-core']} -> ${now['sf-plugins-core']}`]),
      ...Object.keys(contract.files).filter((path) => now.files[path] !== contract.files[path]),
    ];
    expect(
      changed,
      `Changed upstream: ${changed.join(', ')}.\n` +
        `Re-check src/cli against the diff of sf-plugins-core (and of the other files listed), then update the hashes in ${CONTRACT_FILE}:\n` +
        `${JSON.stringify(now, null, 2)}\n`,
    ).to.deep.equal([]);
  });
});
