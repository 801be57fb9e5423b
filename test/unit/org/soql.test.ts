import { expect } from 'chai';
import { escapeSoqlString, soqlString } from '../../../src/org/soql.js';

describe('SOQL string escaping (src/org/escapeSoql.ts, the one module that escapes)', () => {
  const table: Array<[string, string]> = [
    ['My_App', 'My_App'],
    ["O'Brien", "O\\'Brien"],
    ['back\\slash', 'back\\\\slash'],
    ['trailing\\', 'trailing\\\\'],
    // The backslash is escaped before the quote, so an escape in the input cannot undo ours.
    ["\\'", "\\\\\\'"],
    ["x' OR DeveloperName != '", "x\\' OR DeveloperName != \\'"],
    ['line\nbreak', 'line\\nbreak'],
    ['"quoted"', '\\"quoted\\"'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}, quoted as a literal`, () => {
      expect(escapeSoqlString(input)).to.equal(expected);
      expect(soqlString(input)).to.equal(`'${expected}'`);
    });
  }
});
