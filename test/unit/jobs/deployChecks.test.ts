import { expect } from 'chai';
import {
  apiVersionFor,
  certificateOutcome,
  credentialsInSource,
  leftOutWarnings,
} from '../../../src/jobs/deployChecks.js';
import type { SourceFile } from '../../../src/org/stagingFolder.js';

const global = (fields: Record<string, string>): SourceFile => ({
  type: 'ExtlClntAppGlobalOauthSettings',
  path: '/p/force-app/main/default/extlClntAppGlobalOauthSets/A_glbloauth.ecaGlblOauth-meta.xml',
  xml: '',
  fields,
  elements: Object.keys(fields),
});
const FILE = 'force-app/main/default/extlClntAppGlobalOauthSets/A_glbloauth.ecaGlblOauth-meta.xml';

describe('credentialsInSource (docs/salesforce-facts.md §5.7)', () => {
  const table: Array<{
    case: string;
    fields: Record<string, string>;
    allow: boolean;
    error?: RegExp;
    warnings: RegExp[];
  }> = [
    { case: 'no credentials', fields: { label: 'A' }, allow: false, warnings: [] },
    {
      case: 'a consumer key: a warning',
      fields: { consumerKey: '3MVG9X' },
      allow: false,
      warnings: [/carries a consumerKey: it is deployed as written/],
    },
    { case: 'an empty consumer secret is no secret', fields: { consumerSecret: ' ' }, allow: false, warnings: [] },
    {
      case: 'a consumer secret: refused',
      fields: { consumerSecret: 'S3CRET' },
      allow: false,
      error: /carries a consumerSecret \(field consumerSecret\)/,
      warnings: [],
    },
    {
      case: 'a consumer secret, allowed: a warning to rotate it',
      fields: { consumerSecret: 'S3CRET' },
      allow: true,
      warnings: [/rotate the secret/],
    },
  ];
  for (const row of table) {
    it(row.case, () => {
      const { warnings, error } = credentialsInSource([global(row.fields)], '/p', row.allow);
      expect(warnings).to.have.length(row.warnings.length);
      row.warnings.forEach((pattern, index) => expect(warnings[index]).to.match(pattern));
      if (row.error) {
        expect(error?.message).to.match(row.error);
        expect(error?.message).to.include(FILE);
        expect(error?.actions?.join('\n')).to.include(`Remove the consumerSecret element from ${FILE}`);
      } else expect(error).to.equal(undefined);
      expect(JSON.stringify({ warnings, error: error?.message })).not.to.include('S3CRET');
    });
  }
});

describe('apiVersionFor', () => {
  it("goes at the org's highest version when the files allow it", () => {
    expect(
      apiVersionFor([global({ isDPopEnabled: 'false' })], { orgMax: '68.0', fallback: '64.0', projectDir: '/p' })
        .version,
    ).to.equal('68.0');
  });
  it('names the file, the field, the version needed and the fix', () => {
    expect(() =>
      apiVersionFor([global({ isEnforceRefreshTokenTTL: 'true' })], {
        orgMax: '66.0',
        fallback: '64.0',
        projectDir: '/p',
      }),
    ).to.throw(
      `${FILE} needs API version 67.0 or later for isEnforceRefreshTokenTTL, but the target org offers 66.0 at most`,
    );
  });
});

describe('leftOutWarnings and certificateOutcome', () => {
  it('says why each field was left out', () => {
    const [other, malformed] = leftOutWarnings(
      [
        {
          path: '/p/a.eca-meta.xml',
          field: 'orgScopedExternalApp',
          reason: 'names-another-org',
          namedOrg: '00DIT000002Kg4l',
        },
        { path: '/p/a.eca-meta.xml', field: 'orgScopedExternalApp', reason: 'not-an-org-id' },
      ],
      '/p',
      '00D000000000001AAA',
    );
    expect(other).to.include(
      'a.eca-meta.xml: orgScopedExternalApp names another org (00DIT000002Kg4l, not the target org 00D000000000001AAA)',
    );
    expect(malformed).to.include("doesn't name an org id");
  });

  it('refuses to clear a certificate unless allowed, and notes a skipped check', () => {
    const wouldClear = { status: 'would-clear', component: 'A_glbloauth', path: `/p/${FILE}` } as const;
    const refused = certificateOutcome(wouldClear, '/p', false);
    expect(refused.error?.name).to.equal('CertificateRemovalError');
    expect(refused.error?.message).to.include(`${FILE} has no certificate, but the org's A_glbloauth has one`);
    expect(certificateOutcome(wouldClear, '/p', true).warnings[0]).to.include('--allow-certificate-removal');
    expect(
      certificateOutcome({ status: 'skipped', component: 'A_glbloauth', reason: 'no' }, '/p', false).warnings,
    ).to.have.length(1);
    expect(certificateOutcome({ status: 'not-needed' }, '/p', false)).to.deep.equal({ warnings: [] });
  });
});

describe('apiVersionFor: the ECA types themselves (59.0, the app policies 60.0)', () => {
  const policies: SourceFile = {
    type: 'ExtlClntAppConfigurablePolicies',
    path: '/p/force-app/main/default/extlClntAppPolicies/A_plcy.ecaPlcy-meta.xml',
    xml: '',
    fields: {},
    elements: [],
  };
  const table: Array<[string, { flag?: string; orgMax?: string }, RegExp | string]> = [
    ['--api-version 58.0', { flag: '58.0', orgMax: '66.0' }, /but --api-version is 58\.0: the org would refuse/],
    ['--api-version 59.0 with app policies', { flag: '59.0' }, /ExtlClntAppConfigurablePolicies: 60\.0/],
    ['an org offering 58.0 at most', { orgMax: '58.0' }, /the target org offers 58\.0 at most: it is on a release/],
    ['--api-version 60.0', { flag: '60.0' }, '60.0'],
  ];
  for (const [label, options, expected] of table) {
    it(label, () => {
      const run = (): string =>
        apiVersionFor([global({}), policies], { ...options, fallback: '66.0', projectDir: '/p' }).version;
      if (typeof expected === 'string') expect(run()).to.equal(expected);
      else expect(run).to.throw(expected);
    });
  }
});
