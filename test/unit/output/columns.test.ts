import { expect } from 'chai';
import { alignColumns } from '../../../src/output/columns.js';

describe('alignColumns', () => {
  it('pads every column but the last to its widest cell, two spaces apart', () => {
    expect(
      alignColumns([
        ['--name', 'Billing Sync', 'flag'],
        ['--session-timeout', '15', 'default'],
      ]),
    ).to.deep.equal(['  --name             Billing Sync  flag', '  --session-timeout  15            default']);
  });

  it('takes another indent, and leaves no trailing spaces after an empty last cell', () => {
    expect(
      alignColumns(
        [
          ['a', ''],
          ['bbb', 'x'],
        ],
        '',
      ),
    ).to.deep.equal(['a', 'bbb  x']);
  });

  it('returns nothing for no rows', () => {
    expect(alignColumns([])).to.deep.equal([]);
  });
});
