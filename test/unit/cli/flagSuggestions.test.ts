import { expect } from 'chai';
import { closestOptions, optionAction, optionSuggestion } from '../../../src/cli/flagSuggestions.js';

describe('"did you mean" for a value a flag does not take', () => {
  const cases: Array<[string, string, string[], string[]]> = [
    ['a typo', 'admin-aproved', ['admin-approved', 'self-authorized'], ['admin-approved']],
    ['another case', 'Local', ['local', 'packaged'], ['local']],
    ['upper case', 'WEB-SERVER', ['client-credentials', 'web-server', 'jwt-bearer'], ['web-server']],
    ['a number between two', '45', ['15', '30', '60', '120'], ['30', '60']],
    ['a number nearer one', '100', ['15', '30', '60', '120'], ['120']],
    ['a number above all', '5000', ['15', '30', '1440'], ['1440']],
    ['a prefix', 'bypass-with', ['enforce', 'bypass', 'bypass-with-mfa'], ['bypass-with-mfa']],
    ['nothing close', 'zzzzzzzz', ['enforce', 'bypass'], []],
    ['a word for a number', 'fifteen', ['15', '30'], []],
  ];
  for (const [what, value, options, expected] of cases) {
    it(`${what}: ${value} -> ${expected.join(' or ') || 'no guess'}`, () => {
      expect(closestOptions(value, options)).to.deep.equal(expected);
    });
  }

  it("reads oclif's message and words the action with the flag", () => {
    const parsed = optionSuggestion(
      'Expected --session-timeout=45 to be one of: 15, 30, 60, 120\nSee more help with --help',
    );
    expect(parsed).to.deep.equal({
      flag: 'session-timeout',
      value: '45',
      options: ['15', '30', '60', '120'],
      suggestions: ['30', '60'],
    });
    expect(optionAction(parsed!)).to.equal(
      'Did you mean --session-timeout 30 or --session-timeout 60? --session-timeout takes: 15, 30, 60, 120.',
    );
    const none = optionSuggestion('Expected --ip-relaxation=zz to be one of: enforce, bypass')!;
    expect(optionAction(none)).to.equal('--ip-relaxation takes: enforce, bypass.');
  });

  it('leaves other errors alone', () => {
    expect(optionSuggestion('Missing required flag name')).to.equal(undefined);
  });
});
