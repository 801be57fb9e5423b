/*
 * The built CLI run where there is no DX project: deploy and verify answer with the sf error format (and the JSON
 * envelope under --json), never oclif's raw error block; generate writes, and warns that deploy needs a project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

describe('outside a DX project (built CLI)', () => {
  let home: string;
  let bare: string;

  before(() => {
    home = isolatedHome();
    bare = mkdtempSync(join(tmpdir(), 'eca-e2e-bare-'));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  });

  for (const command of ['deploy', 'verify']) {
    it(`eca ${command}: Error (RequiresProjectError) with Try this, not oclif's block`, async () => {
      const run = await runCli(['eca', command, '--target-org', 'nowhere'], { cwd: bare, home });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^Error \(RequiresProjectError\): This command is required to run from within/m);
      expect(run.stderr).to.include('Try this:').and.to.include('sfdx-project.json');
      expect(run.stderr).not.to.match(/^\s*Code: /m);
      expect(run.stdout).to.equal('');
    });

    it(`eca ${command} --json: the error envelope`, async () => {
      const run = await runCli(['eca', command, '--target-org', 'nowhere', '--json'], { cwd: bare, home });
      expect(run.code).to.equal(1);
      const json = parseJson<{ name: string; status: number; actions: string[]; commandName: string }>(run);
      expect(json).to.include({ name: 'RequiresProjectError', status: 1 });
      expect(json.actions.some((action) => action.includes('sf project generate'))).to.equal(true);
      expect(run.stderr).to.equal('');
    });
  }

  it('eca generate: writes force-app/main/default and warns that deploy and verify need a project', async () => {
    const run = await runCli(
      [
        'eca',
        'generate',
        '--name',
        'Outside',
        '--contact-email',
        'a@example.com',
        '--flow',
        'client-credentials',
        '--run-as-user',
        'int@example.com',
        '--callback-url',
        'https://example.com/cb',
        '--json',
      ],
      { cwd: bare, home },
    );
    expect(run.code, run.stderr).to.equal(0);
    const json = parseJson<{ warnings: Array<{ name: string; message: string }> }>(run);
    expect(json.warnings.map((w) => w.name)).to.deep.equal(['OutsideProject']);
    expect(json.warnings[0].message).to.include('no sfdx-project.json in').and.to.include('sf eca deploy');
  });
});
