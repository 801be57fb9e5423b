import { expect } from 'chai';
import { apiNameProblem, deriveApiName } from '../../../src/model/apiName.js';
import { checkCallbackUrl, splitCallbackUrls } from '../../../src/model/callbacks.js';
import { isValidEmail } from '../../../src/model/contacts.js';
import { formatRefreshTokenValidity, parseRefreshTokenValidity } from '../../../src/model/refreshTokenValidity.js';
import { closestMatch, editDistance, resolveScope, SCOPES, wireNameOf } from '../../../src/model/scopes.js';

describe('scopes', () => {
  const good: Array<[string, string]> = [
    ['api', 'Api'],
    ['API', 'Api'],
    ['Api', 'Api'],
    ['refresh_token', 'RefreshToken'],
    ['offline_access', 'RefreshToken'],
    ['OfflineAccess', 'RefreshToken'],
    ['openid', 'OpenID'],
    ['id', 'Basic'],
    ['visualforce', 'CustomApplications'],
    ['chatter_api', 'Chatter'],
    ['mcp_api', 'MCP'],
    ['cdp_query_api', 'CDPQuery'],
    ['sfap_api', 'SFApiPlatform'],
    [' web ', 'Web'],
    ['mcp', 'MCP'],
  ];
  for (const [input, token] of good)
    it(`resolves ${JSON.stringify(input)} to ${token}`, () =>
      expect(resolveScope(input)).to.include({ ok: true, token }));

  const bad: Array<[string, string | undefined]> = [
    ['refresh', 'refresh_token'],
    ['einstein', 'einstein_gpt_api'],
    ['refresh_tokn', 'refresh_token'],
    ['opneid', 'openid'],
    ['everything_please', undefined],
  ];
  for (const [input, suggestion] of bad) {
    it(`refuses ${JSON.stringify(input)}${suggestion ? `, suggesting ${suggestion}` : ' without a suggestion'}`, () => {
      expect(resolveScope(input)).to.deep.equal({ ok: false, input, suggestion });
    });
  }

  it('never gives one name to two scopes', () => {
    const owners = new Map<string, string>();
    for (const s of SCOPES) {
      for (const name of [s.token, ...s.wireNames, ...(s.aliases ?? [])].map((n) => n.toLowerCase())) {
        expect(owners.get(name) ?? s.token, name).to.equal(s.token);
        owners.set(name, s.token);
      }
    }
  });

  it('shows tokens by their wire name', () => {
    expect(wireNameOf('RefreshToken')).to.equal('refresh_token');
    expect(wireNameOf('Unknown')).to.equal('Unknown');
  });

  const distances: Array<[string, string, number]> = [
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['API', 'api', 0],
    ['flaw', 'lawn', 2],
  ];
  for (const [a, b, n] of distances)
    it(`measures ${a}/${b} as ${n} edits`, () => expect(editDistance(a, b)).to.equal(n));

  it('offers no match when everything is far', () =>
    expect(closestMatch('zzzzzz', ['api', 'web'])).to.equal(undefined));
});

describe('API names', () => {
  const derived: Array<[string, string]> = [
    ['Billing Sync', 'Billing_Sync'],
    ['  Billing -- Sync!  ', 'Billing_Sync'],
    ['Café Crème', 'Cafe_Creme'],
    ['2024 Integration', 'X2024_Integration'],
    ['a__b', 'a_b'],
    ['x'.repeat(50), 'x'.repeat(40)],
    [`${'a'.repeat(39)} b`, 'a'.repeat(39)],
    ['!!!', ''],
    ['日本語', ''],
  ];
  for (const [label, name] of derived)
    it(`derives ${JSON.stringify(name)} from ${JSON.stringify(label)}`, () =>
      expect(deriveApiName(label)).to.equal(name));

  it('derives only valid names', () => {
    for (const [label, name] of derived)
      if (name) expect(apiNameProblem(deriveApiName(label)), label).to.equal(undefined);
  });
});

describe('refresh token validity', () => {
  const good: Array<[string, number, string]> = [
    ['30d', 30, 'Days'],
    ['12h', 12, 'Hours'],
    ['3mo', 3, 'Months'],
    ['1 day', 1, 'Days'],
    ['2 Hours', 2, 'Hours'],
    ['6 months', 6, 'Months'],
  ];
  for (const [text, period, unit] of good)
    it(`parses ${text}`, () => expect(parseRefreshTokenValidity(text)).to.deep.equal({ period, unit }));
  for (const text of ['30', 'd30', '0d', '-1d', '1.5d', '3m', '2w', '', '30 days ago']) {
    it(`refuses ${JSON.stringify(text)}`, () => expect(parseRefreshTokenValidity(text)).to.equal(undefined));
  }
  it('formats back', () => expect(formatRefreshTokenValidity({ period: 3, unit: 'Months' })).to.equal('3mo'));
});

describe('callback URLs and emails', () => {
  const kinds: Array<[string, string]> = [
    ['https://app.example.com/cb', 'https'],
    ['http://localhost/cb', 'loopback-http'],
    ['myapp://callback', 'custom-scheme'],
    ['com.example.app:/oauth2redirect', 'custom-scheme'],
  ];
  for (const [url, kind] of kinds)
    it(`classifies ${url} as ${kind}`, () => expect(checkCallbackUrl(url).kind).to.equal(kind));

  it('splits on lines only (commas belong to URLs)', () => {
    expect(splitCallbackUrls('https://a.example.com/x?a=1,2\r\n\n https://b.example.com ')).to.deep.equal([
      'https://a.example.com/x?a=1,2',
      'https://b.example.com',
    ]);
  });

  const emails: Array<[string, boolean]> = [
    ['a@example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ['a@example', false],
    ['a example.com', false],
    ['@example.com', false],
    ['a@@example.com', false],
    [`${'a'.repeat(70)}@example.com`, false],
  ];
  for (const [email, ok] of emails)
    it(`${ok ? 'accepts' : 'refuses'} the email ${email.slice(0, 30)}`, () => expect(isValidEmail(email)).to.equal(ok));
});
