import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { findAppInProject } from '../../../src/jobs/appInProject.js';
import { renderAppFiles } from '../../../src/metadata/render.js';
import { baseSpec } from '../../helpers/appSpecs.js';
import { expectRejection } from '../../helpers/expectError.js';

describe('--name: the app of the project, by API name or label', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** A package directory holding these apps ([apiName, label]). */
  function packageDir(apps: Array<[string, string]>): string {
    const root = mkdtempSync(join(tmpdir(), 'eca-app-in-project-'));
    roots.push(root);
    for (const [apiName, label] of apps) {
      for (const file of renderAppFiles(baseSpec({ apiName, label }))) {
        const path = join(root, 'main/default', file.relativePath);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.xml);
      }
    }
    return root;
  }

  const apps: Array<[string, string]> = [
    ['Billing_Sync', 'Billing Sync'],
    ['Payroll_Feed', 'Payroll'],
    ['Payroll_Feed_Old', 'Payroll'],
  ];

  const found: Array<[string, string[] | 'all', string | undefined, string]> = [
    ['the only app without --name', [], undefined, 'Billing_Sync'],
    ['the API name', [], 'Billing_Sync', 'Billing_Sync'],
    ['the API name in another case', [], 'billing_sync', 'Billing_Sync'],
    ['the label', [], 'Billing Sync', 'Billing_Sync'],
    ['the label in another case, with spaces around', [], '  billing sync ', 'Billing_Sync'],
    ['an API name before a label that is the same text', 'all', 'Payroll_Feed', 'Payroll_Feed'],
  ];
  for (const [what, only, name, expected] of found) {
    it(`finds ${what}`, async () => {
      const dir = packageDir(only === 'all' ? apps : apps.slice(0, 1));
      expect((await findAppInProject([dir], name)).apiName).to.equal(expected);
    });
  }

  const refused: Array<[string, Array<[string, string]>, string | undefined, string, RegExp, RegExp]> = [
    [
      'no app at all',
      [],
      undefined,
      'NoAppsError',
      /No External Client App found in the package directories/,
      /sf eca generate/,
    ],
    [
      'several apps and no --name',
      apps,
      undefined,
      'SeveralAppsError',
      /Billing_Sync, Payroll_Feed, Payroll_Feed_Old/,
      /--name Billing_Sync/,
    ],
    [
      'a name nothing has',
      apps,
      'Nope',
      'AppNotFoundError',
      /No External Client App named Nope .*Apps found: Billing_Sync/,
      /API name .* or its label/,
    ],
    [
      'a label two apps share',
      apps,
      'payroll',
      'AmbiguousLabelError',
      /label "payroll": Payroll_Feed, Payroll_Feed_Old/,
      /--name Payroll_Feed/,
    ],
  ];
  for (const [what, content, name, errorName, message, action] of refused) {
    it(`refuses ${what}, naming the fix`, async () => {
      const error = await expectRejection(findAppInProject([packageDir(content)], name));
      expect(error.name).to.equal(errorName);
      expect(error.message).to.match(message);
      expect(((error as { actions?: string[] }).actions ?? []).join('\n')).to.match(action);
    });
  }

  // A wrong --name points at the app it most likely means, as the first action; nothing close, no guess.
  const meant: Array<[string, string, string | undefined]> = [
    ['a typo of an API name', 'Billing_Synk', 'Did you mean Billing_Sync? Pass `--name Billing_Sync`.'],
    ['an API name cut short', 'Payroll_Fee', 'Did you mean Payroll_Feed? Pass `--name Payroll_Feed`.'],
    ['a typo of a label', 'Biling Sync', 'Did you mean Billing_Sync, whose label is "Billing Sync"?'],
    ['a label typed as it reads, with other punctuation', 'Payroll-Feed!', 'Did you mean Payroll_Feed, whose label is'],
    ['nothing close', 'Inventory', undefined],
  ];
  for (const [what, name, action] of meant) {
    it(`points a wrong --name at the close match: ${what}`, async () => {
      const error = await expectRejection(findAppInProject([packageDir(apps)], name));
      expect(error.name).to.equal('AppNotFoundError');
      const actions = (error as { actions?: string[] }).actions ?? [];
      if (action === undefined) expect(actions.join('\n')).not.to.include('Did you mean');
      else expect(actions[0]).to.include(action);
      expect(actions.at(-1), 'the general advice stays').to.match(/API name .* or its label/);
    });
  }
});
