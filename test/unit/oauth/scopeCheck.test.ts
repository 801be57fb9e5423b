import { expect } from 'chai';
import { compareScopes, wireToTokenFromTable } from '../../../src/oauth/scopeCheck.js';

describe('scopeCheck', () => {
  const table: Array<
    [
      string | undefined,
      string[],
      { notExpected?: string[] },
      { granted: string[]; extra: string[]; missing: string[]; unknown: string[] },
    ]
  > = [
    [
      'api refresh_token',
      ['Api', 'RefreshToken'],
      {},
      { granted: ['Api', 'RefreshToken'], extra: [], missing: [], unknown: [] },
    ],
    ['api', ['Api', 'RefreshToken'], {}, { granted: ['Api'], extra: [], missing: ['RefreshToken'], unknown: [] }],
    [
      'api',
      ['Api', 'RefreshToken'],
      { notExpected: ['RefreshToken'] },
      { granted: ['Api'], extra: [], missing: [], unknown: [] },
    ],
    [
      'api full web',
      ['Api'],
      {},
      { granted: ['Api', 'Full', 'Web'], extra: ['Full', 'Web'], missing: [], unknown: [] },
    ],
    [
      'offline_access refresh_token  api',
      ['OfflineAccess', 'Api'],
      {},
      { granted: ['RefreshToken', 'Api'], extra: [], missing: [], unknown: [] },
    ],
    [
      'api sfdc_internal_thing',
      ['Api'],
      {},
      { granted: ['Api'], extra: [], missing: [], unknown: ['sfdc_internal_thing'] },
    ],
    [
      'id openid',
      ['Basic', 'OpenID', 'MCP'],
      {},
      { granted: ['Basic', 'OpenID'], extra: [], missing: ['MCP'], unknown: [] },
    ],
    [undefined, ['Api'], {}, { granted: [], extra: [], missing: ['Api'], unknown: [] }],
    ['', [], {}, { granted: [], extra: [], missing: [], unknown: [] }],
  ];
  for (const [granted, app, options, expected] of table) {
    it(`"${granted ?? '(no scope)'}" against [${app.join(', ')}]${options.notExpected ? ` (not expected: ${options.notExpected.join(',')})` : ''}`, () => {
      expect(compareScopes(granted, app, options)).to.deep.equal(expected);
    });
  }

  it('uses the project scope table by default and accepts another lookup', () => {
    expect(wireToTokenFromTable('mcp_api')).to.equal('MCP');
    expect(wireToTokenFromTable('no_such_scope')).to.equal(undefined);
    const upper = (wire: string): string => wire.toUpperCase();
    expect(compareScopes('api', ['API'], { wireToToken: upper })).to.deep.equal({
      granted: ['API'],
      extra: [],
      missing: [],
      unknown: [],
    });
  });
});
