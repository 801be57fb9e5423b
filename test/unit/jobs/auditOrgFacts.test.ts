/*
 * The org-only findings from the facts alone (no org): the OAuth tokens judged per app by label or API name,
 * whatever their number (an org's OauthToken answer runs to many thousands of rows, over several pages).
 */
import { expect } from 'chai';
import { orgFactFindings, type OrgFacts } from '../../../src/jobs/auditOrgFacts.js';
import { type ParsedApp } from '../../../src/metadata/parse.js';
import { defaultAuditConfig } from '../../../src/model/auditConfig.js';
import { type RawAppFindings } from '../../../src/model/auditReport.js';
import { specWith } from '../../helpers/appSpecs.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const parsed = (apiName: string, permittedUsers: 'AllSelfAuthorized' | 'AdminApprovedPreAuthorized'): ParsedApp =>
  ({
    spec: specWith({ top: { apiName, label: apiName.replace(/_/g, ' ') }, policies: { permittedUsers } }),
    files: [],
    otherFiles: [],
    orgSpecificFields: [],
    missingTypes: [],
    rawFiles: [],
    findings: [],
    unreadableFiles: [],
  }) as ParsedApp;

type Token = NonNullable<OrgFacts['tokens']>[number];
const tokens = (app: string, count: number, lastUsedDaysAgo: (i: number) => number): Token[] =>
  Array.from({ length: count }, (_, i) => ({
    AppName: app,
    UserId: `005U${i}`,
    LastUsedDate: daysAgo(lastUsedDaysAgo(i)),
  }));

function judge(apps: ParsedApp[], facts: Omit<OrgFacts, 'connectedApps'>): Record<string, string[]> {
  const raw: RawAppFindings[] = apps.map((app) => ({
    name: app.spec.apiName,
    type: 'ExternalClientApplication',
    findings: [],
  }));
  orgFactFindings(
    { ...facts, connectedApps: [] },
    { parsedApps: apps, apps: raw, config: defaultAuditConfig(), now: NOW },
  );
  return Object.fromEntries(raw.map((app) => [app.name, app.findings.map((f) => f.finding.rule).sort()]));
}

describe('orgFactFindings: OAuth usage from the tokens', () => {
  const cases: Array<{ what: string; tokens: Token[]; expected: string[] }> = [
    { what: 'no token at all: unused', tokens: [], expected: ['ECA210'] },
    { what: 'one token used long ago: unused', tokens: tokens('Busy App', 1, () => 400), expected: ['ECA210'] },
    { what: 'a token used today, by label', tokens: tokens('Busy App', 1, () => 0), expected: [] },
    { what: 'a token used today, by API name, any case', tokens: tokens('busy_app', 1, () => 0), expected: [] },
    {
      what: '9 users of a self-authorized app: under the threshold of 10',
      tokens: tokens('Busy App', 9, () => 1),
      expected: [],
    },
    { what: '10 users of a self-authorized app', tokens: tokens('Busy App', 10, () => 1), expected: ['ECA211'] },
    {
      what: "another app's tokens do not count",
      tokens: tokens('Other App', 50, () => 0),
      expected: ['ECA210'],
    },
  ];
  for (const { what, tokens: rows, expected } of cases) {
    it(what, () => {
      const found = judge([parsed('Busy_App', 'AllSelfAuthorized')], { tokens: rows, users: [], assignments: [] });
      expect(found.Busy_App).to.deep.equal(expected);
    });
  }

  it('judges 50,000 tokens of 500 apps, the only recent one last, in under half a second', () => {
    const apps = Array.from({ length: 500 }, (_, i) => parsed(`App_${i}`, 'AllSelfAuthorized'));
    // Every app has 99 old tokens of one user; App_7's last row is today's, by another user.
    const rows = apps.flatMap((app) =>
      tokens(app.spec.label, 99, () => 400).map((row) => ({ ...row, UserId: '005X' })),
    );
    rows.push({ AppName: 'App 7', UserId: '005Y', LastUsedDate: daysAgo(0) });
    const started = performance.now();
    const found = judge(apps, { tokens: rows, users: [], assignments: [] });
    const ms = performance.now() - started;
    expect(found.App_7).to.deep.equal([]);
    expect(found.App_8).to.deep.equal(['ECA210']);
    expect(Object.values(found).filter((ids) => ids.includes('ECA210'))).to.have.length(499);
    expect(ms, `${ms.toFixed(0)} ms`).to.be.below(500);
  });

  it('takes the last use of 200,000 tokens of one app (more than a spread of arguments holds)', () => {
    const rows = tokens('Busy App', 200_000, (i) => (i === 199_999 ? 0 : 400));
    const found = judge([parsed('Busy_App', 'AdminApprovedPreAuthorized')], {
      tokens: rows,
      users: [],
      assignments: [],
    });
    expect(found.Busy_App).to.deep.equal([]);
  });
});
