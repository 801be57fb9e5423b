import { expect } from 'chai';
import { chooseApiVersion, majorOf, type VersionNeed, versionNeedsOf } from '../../../src/org/apiVersion.js';
import { isJwtAccessToken } from '../../../src/org/metadataApi.js';

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

describe('versionNeedsOf: the fields newer than v66 (docs/salesforce-facts.md §8.18)', () => {
  const table: Array<{ case: string; type: string; fields: Record<string, string>; expected: string[] }> = [
    { case: 'a v66 Global file needs nothing', type: GLOBAL, fields: { isPkceRequired: 'true' }, expected: [] },
    {
      case: 'isEnforceRefreshTokenTTL',
      type: GLOBAL,
      fields: { isEnforceRefreshTokenTTL: 'false' },
      expected: ['isEnforceRefreshTokenTTL@67'],
    },
    { case: 'isDPopEnabled', type: GLOBAL, fields: { isDPopEnabled: 'false' }, expected: ['isDPopEnabled@67'] },
    {
      case: 'both, as newer retrieves write them',
      type: GLOBAL,
      fields: { isDPopEnabled: 'false', isEnforceRefreshTokenTTL: 'true' },
      expected: ['isEnforceRefreshTokenTTL@67', 'isDPopEnabled@67'],
    },
    {
      case: 'policyAction StepUpMFA',
      type: POLICY,
      fields: { policyAction: 'StepUpMFA' },
      expected: ['policyAction@67'],
    },
    { case: 'policyAction Block is v66', type: POLICY, fields: { policyAction: 'Block' }, expected: [] },
    { case: 'a field of another type does not count', type: POLICY, fields: { isDPopEnabled: 'true' }, expected: [] },
    {
      case: 'the OAuth security settings type itself',
      type: 'ExtlClntAppOauthSecuritySettings',
      fields: {},
      expected: ['ExtlClntAppOauthSecuritySettings@67'],
    },
  ];
  for (const row of table) {
    it(row.case, () =>
      expect(
        versionNeedsOf({ path: '/p/f', type: row.type, fields: row.fields }).map(
          (need) => `${need.field ?? need.type}@${need.since}`,
        ),
      ).to.deep.equal(row.expected),
    );
  }

  it('a repeated element (not in fields) still counts by its name', () =>
    expect(versionNeedsOf({ path: '/p/f', type: GLOBAL, fields: {}, elements: ['isDPopEnabled'] })).to.have.length(1));
});

describe('chooseApiVersion', () => {
  const need = (since: number, field = 'isDPopEnabled'): VersionNeed => ({ path: '/p/f', type: GLOBAL, field, since });
  const table: Array<{ case: string; needs: VersionNeed[]; flag?: string; orgMax?: string; expected: string }> = [
    { case: "no needs: the org's highest", needs: [], orgMax: '68.0', expected: 'ok 68.0 org' },
    {
      case: 'a field later versions refuse caps the deploy at its last version',
      needs: [{ path: '/p/p', type: POLICY, field: 'isNamedUserJwtEnabled', since: 61, until: 63 }],
      orgMax: '66.0',
      expected: 'ok 63.0 org',
    },
    {
      case: 'a capped field and a field of a later version cannot go together',
      needs: [{ path: '/p/p', type: POLICY, field: 'isNamedUserJwtEnabled', since: 61, until: 63 }, need(67)],
      orgMax: '68.0',
      expected: 'refused isDPopEnabled 67 > 63.0 org',
    },
    {
      case: '--api-version wins over a cap (the org then answers for the field)',
      needs: [{ path: '/p/p', type: POLICY, field: 'isNamedUserJwtEnabled', since: 61, until: 63 }],
      flag: '66.0',
      orgMax: '66.0',
      expected: 'ok 66.0 flag',
    },
    {
      case: 'a need the org meets',
      needs: [need(67, 'isEnforceRefreshTokenTTL')],
      orgMax: '68.0',
      expected: 'ok 68.0 org',
    },
    {
      case: 'a need above the org',
      needs: [need(68)],
      orgMax: '67.0',
      expected: 'refused isDPopEnabled 68 > 67.0 org',
    },
    {
      case: 'the highest need is the one named',
      needs: [need(67, 'isEnforceRefreshTokenTTL'), need(68)],
      orgMax: '66.0',
      expected: 'refused isDPopEnabled 68 > 66.0 org',
    },
    { case: '--api-version wins over the org', needs: [], flag: '66.0', orgMax: '68.0', expected: 'ok 66.0 flag' },
    {
      case: '--api-version below the need',
      needs: [need(67, 'isEnforceRefreshTokenTTL')],
      flag: '66.0',
      orgMax: '68.0',
      expected: 'refused isEnforceRefreshTokenTTL 67 > 66.0 flag',
    },
    {
      case: 'the org did not say: the connection stands in',
      needs: [need(68)],
      expected: 'refused isDPopEnabled 68 > 64.0 org',
    },
  ];
  for (const row of table) {
    it(row.case, () => {
      const choice = chooseApiVersion({ needs: row.needs, flag: row.flag, orgMax: row.orgMax, fallback: '64.0' });
      const text = choice.ok
        ? `ok ${choice.version} ${choice.source}`
        : `refused ${choice.need.field ?? ''} ${choice.need.since} > ${choice.limit} ${choice.source}`;
      expect(text).to.equal(row.expected);
    });
  }

  it('reads versions as sf spells them', () => {
    expect([majorOf('68.0'), majorOf('v67.0'), majorOf('66'), majorOf('sixty')]).to.deep.equal([68, 67, 66, undefined]);
  });
});

describe('isJwtAccessToken (docs/salesforce-facts.md §6.5)', () => {
  const table: Array<[string, string | undefined, boolean]> = [
    ['a classic session id', '00D000000000001!AQ4AQFakeSessionIdValue.with.dots', false],
    ['a JWT (three base64url parts)', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMDUifQ.c2lnbmF0dXJl-_', true],
    ['two parts', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMDUifQ', false],
    ['no token', undefined, false],
  ];
  for (const [name, token, expected] of table) it(name, () => expect(isJwtAccessToken(token)).to.equal(expected));
});
