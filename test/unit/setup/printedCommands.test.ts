import { expect } from 'chai';
import { flawsOf, jsonStrings, printedCommands, shellWords } from '../../helpers/printedCommands.js';

describe('the commands a run prints (test/helpers/printedCommands.ts)', () => {
  const found: Array<[string, string, string[]]> = [
    [
      'a Next line',
      'Next, deploy the app: sf eca deploy --name A --target-org emu',
      ['sf eca deploy --name A --target-org emu'],
    ],
    [
      'a command on its own line',
      '  sf eca verify --name A --target-org emu',
      ['sf eca verify --name A --target-org emu'],
    ],
    ['a Try this action with a glued period', 'Deploy it first: sf eca deploy --name A.', ['sf eca deploy --name A.']],
    [
      'backticked commands in prose',
      'Read it with `sf eca verify` or `sf org display --target-org emu`.',
      ['sf eca verify', 'sf org display --target-org emu'],
    ],
    [
      'a list dash',
      '- Run `./bin/run.js eca deploy --target-org emu`, then verify.',
      ['./bin/run.js eca deploy --target-org emu'],
    ],
    ['a word that is not a command', 'the sf CLI signs in: see Setup', []],
    ['backticks around something else', 'Pass `--name A` or `--force`.', []],
    ['a flag, not a command', 'Did you mean --permitted-users admin-approved?', []],
  ];
  for (const [what, text, expected] of found) {
    it(`finds ${what}`, () => {
      expect(printedCommands(text).map((c) => c.command)).to.deep.equal(expected);
    });
  }

  it('reads every string of a JSON envelope, with its path', () => {
    expect(jsonStrings({ result: { nextCommand: 'sf x', n: 1 }, actions: ['a', 'b'] })).to.deep.equal([
      { path: 'result.nextCommand', text: 'sf x' },
      { path: 'actions[0]', text: 'a' },
      { path: 'actions[1]', text: 'b' },
    ]);
  });

  const words: Array<[string, string[]]> = [
    [
      'sf eca generate --name "Billing Sync" --flow web-server',
      ['sf', 'eca', 'generate', '--name', 'Billing Sync', '--flow', 'web-server'],
    ],
    [`sf x --label 'It''s' --a "q\\"d" b\\ c`, ['sf', 'x', '--label', 'Its', '--a', 'q"d', 'b c']],
    ['sf x --empty ""', ['sf', 'x', '--empty', '']],
  ];
  for (const [line, expected] of words) {
    it(`splits ${line} as sh does`, () => expect(shellWords(line)).to.deep.equal(expected));
  }

  it('names what cannot run as printed', () => {
    expect(flawsOf('sf eca deploy --name A --target-org <alias>')).to.deep.equal(['placeholder <alias>']);
    expect(flawsOf('sf eca deploy --name A.')).to.deep.equal(['"." glued to its end']);
    expect(flawsOf('sf eca deploy --name A --target-org emu')).to.deep.equal([]);
  });
});
