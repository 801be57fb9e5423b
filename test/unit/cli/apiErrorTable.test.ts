/*
 * The MULTIPLE_API_ERRORS table drawn without ink must be the text @oclif/table's makeTable draws with sf's
 * defaults (what SfCommand's formatError prints), for any rows and any terminal width.
 */
import { expect } from 'chai';
import { SfError } from '@salesforce/core/sfError';
import { Ux } from '@salesforce/sf-plugins-core';
import { type ApiErrorRow, apiErrorRows, apiErrorTable, textWidth } from '../../../src/cli/apiErrorTable.js';
import { HttpApiError, multipleApiErrors } from './parity.js';

const makeTable = (rows: ApiErrorRow[]): string =>
  new Ux().makeTable({
    data: rows,
    columns: [
      { key: 'errorCode', name: 'Error Code' },
      { key: 'message', name: 'Message' },
    ],
  });

/** The table's text without its borders and spacing. */
const squeeze = (table: string): string => table.replace(/[\s│─┌┬┐├┼┤└┴┘]+/g, ' ');

const ROWS: Record<string, ApiErrorRow[]> = {
  'a Composite answer': [
    {
      errorCode: 'DUPLICATE_VALUE',
      message: 'duplicate value found: Name duplicates value on record with id: 0H4xx0000000001',
    },
    { errorCode: 'INVALID_FIELD', message: "No such column 'Foo' on entity 'ExternalClientApplication'." },
  ],
  'no code, a number code, an empty message': [
    { message: 'no code here' },
    { errorCode: 42, message: 'numbered' },
    { errorCode: 'EMPTY', message: '' },
  ],
  'a long message': [{ errorCode: 'LONG', message: 'word '.repeat(70).trim() }],
  'a message with line breaks': [{ errorCode: 'MULTI_LINE', message: 'first line\nsecond, longer line\nthird' }],
  'Japanese, accented and emoji text': [
    { errorCode: 'JA', message: '重複する値が見つかりました: 名前がレコードの値と重複しています' },
    { errorCode: 'FR', message: 'Valeur en double trouvée : élément déjà présent' },
    { errorCode: 'EMOJI', message: 'deploy 🚀 failed ✅ not' },
  ],
  'a zero-width space': [{ errorCode: 'ZWSP', message: 'zero\u200Bwidth' }],
  'a long error code': [{ errorCode: 'A_VERY_LONG_ERROR_CODE_THAT_TAKES_ROOM', message: 'short' }],
  'no rows': [],
};

describe('apiErrorTable: the MULTIPLE_API_ERRORS table, as @oclif/table draws it', () => {
  let override: string | undefined;
  beforeEach(() => (override = process.env.OCLIF_TABLE_COLUMN_OVERRIDE));
  afterEach(() => {
    if (override === undefined) delete process.env.OCLIF_TABLE_COLUMN_OVERRIDE;
    else process.env.OCLIF_TABLE_COLUMN_OVERRIDE = override;
  });

  for (const [what, rows] of Object.entries(ROWS)) {
    for (const columns of [undefined, 200, 80, 60, 40, 24, 12]) {
      it(`${what}, ${columns === undefined ? 'not on a terminal' : `on a terminal ${columns} columns wide`}: the same text as makeTable`, () => {
        if (columns === undefined) delete process.env.OCLIF_TABLE_COLUMN_OVERRIDE;
        else process.env.OCLIF_TABLE_COLUMN_OVERRIDE = String(columns);
        const expected = makeTable(rows);
        const actual = apiErrorTable(rows);
        const aligned = (table: string): boolean => new Set(table.trimEnd().split('\n').map(textWidth)).size === 1;
        expect(aligned(actual), `aligned:\n${actual}`).to.equal(true);
        if (aligned(expected)) expect(actual, `expected:\n${expected}\nactual:\n${actual}`).to.equal(expected);
        // Wide characters truncated on a narrow terminal: @oclif/table mis-measures the cell (by its UTF-16 length)
        // and ink breaks the row (its borders shift or vanish). The same text, aligned.
        else
          expect(squeeze(actual))
            .to.equal(squeeze(expected))
            .and.match(/[\u3040-\u9fff]…/);
      });
    }
  }

  describe('apiErrorRows: when SfCommand prints the table, and its rows', () => {
    const answer = [{ errorCode: 'A', message: 'first' }, 'not an error', { errorCode: 'B' }, { other: true }];
    const jsforceError = (): HttpApiError =>
      new HttpApiError(multipleApiErrors().message, 'MULTIPLE_API_ERRORS', answer);

    it("an SfError made from jsforce error: the answer's errors, without the entries that are not errors", () => {
      expect(apiErrorRows(SfError.wrap(jsforceError()))).to.deep.equal([
        { errorCode: 'A', message: 'first' },
        { errorCode: 'B', message: '' },
      ]);
    });

    it('the data of a deeper cause, when the nearer causes have none', () => {
      const error = new SfError(
        'Multiple errors',
        'MULTIPLE_API_ERRORS',
        [],
        new Error('wrapper', { cause: jsforceError() }),
      );
      expect(apiErrorRows(error)).to.have.length(2);
    });

    it("none for jsforce's own error (its code is not MULTIPLE_API_ERRORS: SfCommandError's code is the exit code)", () => {
      expect(apiErrorRows({ code: '1', cause: jsforceError() })).to.equal(undefined);
    });

    it('none when the data is not a list, or an empty one, or there is no cause', () => {
      expect(
        apiErrorRows({
          code: 'MULTIPLE_API_ERRORS',
          cause: new HttpApiError('x', 'X', { errorCode: 'A', message: 'm' }),
        }),
      ).to.equal(undefined);
      expect(apiErrorRows({ code: 'MULTIPLE_API_ERRORS', cause: new HttpApiError('x', 'X', []) })).to.equal(undefined);
      expect(apiErrorRows({ code: 'MULTIPLE_API_ERRORS' })).to.equal(undefined);
    });
  });
});
