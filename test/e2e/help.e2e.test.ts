/*
 * The help of the built CLI run on its own: the sections sf's help prints (ENVIRONMENT VARIABLES, ERROR CODES with
 * sf's titles), the topic listing its commands, negatable flags and the options of --flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';

describe('help of the plugin run on its own (built CLI)', () => {
  let home: string;
  let cwd: string;
  const help = async (...args: string[]): Promise<string> => {
    const run = await runCli(args, { cwd, home });
    expect(run.code, run.stderr).to.equal(0);
    return run.stdout;
  };

  before(() => {
    home = isolatedHome();
    cwd = mkdtempSync(join(tmpdir(), 'eca-e2e-help-'));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  const sections: Array<[string, string[], string[]]> = [
    ['verify', ['ENVIRONMENT VARIABLES', 'SF_ECA_CLIENT_SECRET', 'ERROR CODES', '130'], []],
    ['deploy', ['ENVIRONMENT VARIABLES', 'SF_ORG_METADATA_REST_DEPLOY', 'ERROR CODES', '68'], []],
    ['generate', ['ERROR CODES'], ['ENVIRONMENT VARIABLES']],
  ];
  for (const [command, present, absent] of sections) {
    it(`eca ${command} --help prints sf's sections after the flag descriptions, titled as sf titles them`, async () => {
      const text = await help('eca', command, '--help');
      for (const part of present) expect(text).to.include(part);
      for (const part of absent) expect(text).not.to.include(part);
      expect(text).not.to.include('EXIT CODES');
      expect(text.indexOf('ERROR CODES')).to.be.greaterThan(text.indexOf('FLAG DESCRIPTIONS'));
      expect(text).to.match(/^ERROR CODES\n {2}0 {2,}\S/m);
    });
  }

  it('eca lists the commands of the topic, as sf eca does', async () => {
    const text = await help('eca');
    expect(text).to.include('$ sf eca COMMAND');
    for (const command of ['eca deploy', 'eca generate', 'eca verify']) expect(text).to.include(command);
    expect(text).not.to.include('not found');
  });

  it('an unknown command is still one', async () => {
    const run = await runCli(['eca', 'nope'], { cwd, home });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('not found');
  });

  it("verify's usage names --[no-]browser, as its flag list does", async () => {
    const text = await help('eca', 'verify', '--help');
    const usage = text.slice(text.indexOf('USAGE'), text.indexOf('FLAGS'));
    expect(usage).to.include('[--[no-]browser]');
    expect(text).to.include('--[no-]browser');
  });

  it("generate's --flow shows the flows it takes", async () => {
    const text = await help('eca', 'generate', '--help');
    expect(text).to.include('--flow=web-server|client-credentials|jwt-bearer|device|token-exchange...');
  });
});
