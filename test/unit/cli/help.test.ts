import { expect } from 'chai';
import type { Command } from '@oclif/core/command';
import { negatableUsage } from '../../../src/cli/help.js';
import { exitCodesSection } from '../../../src/cli/helpSections.js';

describe('help sections and usage', () => {
  it('titles the exit codes ERROR CODES, as the official plugins do', () => {
    expect(exitCodesSection(['0', '1'], (code) => `code ${code}`)).to.deep.equal({
      header: 'ERROR CODES',
      body: [
        { name: '0', description: 'code 0' },
        { name: '1', description: 'code 1' },
      ],
    });
  });

  const command = (flags: Record<string, object>): Command.Loadable =>
    ({ flags: Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name, { name, ...flag }])) }) as never;

  const cases: Array<[string, string, Record<string, object>, string]> = [
    [
      'a negatable flag',
      '<%= command.id %> [--browser]',
      { browser: { type: 'boolean', allowNo: true } },
      '<%= command.id %> [--[no-]browser]',
    ],
    ['a plain boolean', '<%= command.id %> [--force]', { force: { type: 'boolean' } }, '<%= command.id %> [--force]'],
    [
      'a longer flag with the same start',
      '[--browser-path <value>] [--browser]',
      { browser: { type: 'boolean', allowNo: true } },
      '[--browser-path <value>] [--[no-]browser]',
    ],
    ['a hidden flag', '[--browser]', { browser: { type: 'boolean', allowNo: true, hidden: true } }, '[--browser]'],
  ];
  for (const [what, usage, flags, expected] of cases) {
    it(`usage of ${what}`, () => {
      expect(negatableUsage(usage, command(flags))).to.equal(expected);
    });
  }
});
