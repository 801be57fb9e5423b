import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { generatedKeyFile, resolveAppToVerify } from '../../../src/jobs/verifyTarget.js';
import { expectRejection } from '../../helpers/expectError.js';
import { baseSpec } from '../../helpers/appSpecs.js';

const roots: string[] = [];

function project(apps: string[]): { root: string; packageDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'eca-verify-app-'));
  roots.push(root);
  const packageDir = join(root, 'force-app');
  for (const apiName of apps) {
    for (const file of renderAppFiles(baseSpec({ apiName, label: apiName }))) {
      const path = join(packageDir, 'main/default', file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.xml);
    }
  }
  mkdirSync(packageDir, { recursive: true });
  return { root, packageDir };
}

describe('verify: which app, and its generated key', () => {
  after(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
  it('takes the only app of the project, or the one named (any case)', async () => {
    expect((await resolveAppToVerify([project(['Billing_Sync']).packageDir], undefined)).apiName).to.equal(
      'Billing_Sync',
    );
    const two = project(['Billing_Sync', 'Payroll_Feed']).packageDir;
    expect((await resolveAppToVerify([two], 'payroll_feed')).apiName).to.equal('Payroll_Feed');
  });

  const refusals: Array<[string, string[], string | undefined, string, RegExp]> = [
    ['no app', [], undefined, 'NoAppsError', /No External Client App found in the package directories/],
    [
      'several apps and no --name',
      ['Billing_Sync', 'Payroll_Feed'],
      undefined,
      'SeveralAppsError',
      /Billing_Sync, Payroll_Feed/,
    ],
    [
      'an unknown --name',
      ['Billing_Sync'],
      'Nope',
      'AppNotFoundError',
      /No External Client App named Nope .*Billing_Sync/,
    ],
  ];
  for (const [what, apps, name, error, message] of refusals) {
    it(`refuses ${what}`, async () => {
      const caught = await expectRejection(resolveAppToVerify([project(apps).packageDir], name));
      expect(caught.name).to.equal(error);
      expect(caught.message).to.match(message);
    });
  }

  it('finds the key generate wrote, and nothing when there is none', () => {
    const { root, packageDir } = project(['Billing_Sync']);
    expect(generatedKeyFile(root, 'Billing_Sync', [packageDir])).to.equal(undefined);
    const key = join(root, '.eca-keys', 'Billing_Sync', 'Billing_Sync.key');
    mkdirSync(dirname(key), { recursive: true });
    writeFileSync(key, 'pem', { mode: 0o600 });
    expect(generatedKeyFile(root, 'Billing_Sync', [packageDir])).to.equal(key);
    expect(generatedKeyFile(root, 'Payroll_Feed', [packageDir])).to.equal(undefined);
    // A project whose package directory is the project root: no key folder can be outside it.
    expect(generatedKeyFile(root, 'Billing_Sync', [root])).to.equal(undefined);
  });
});
