/*
 * The report of sf eca convert: the consumer key notice first, the OAuth usage (listed, none, unavailable), a table
 * per app with the notes and findings, the hardened values with before and after, and the apps not converted.
 */
import { expect } from 'chai';
import { type ConvertOutcome } from '../../../src/jobs/convert.js';
import { convertReport, convertResult } from '../../../src/output/convert.js';
import { finding } from '../../../src/model/findings.js';

const outcome = (): ConvertOutcome => ({
  outputDir: '/p/force-app/main/default',
  dryRun: false,
  harden: true,
  apps: [
    {
      name: 'A',
      apiName: 'A',
      sourcePath: '/p/force-app/main/default/connectedApps/A.connectedApp-meta.xml',
      status: 'converted',
      rows: [
        { field: 'label', ecaField: 'ExternalClientApplication.label', value: 'A', fate: 'copied' },
        {
          field: 'oauthPolicy.ipRelaxation',
          ecaField: 'ExtlClntAppOauthConfigurablePolicies.ipRelaxationPolicyType',
          value: 'Enforce',
          fate: 'hardened',
          before: 'Bypass',
          note: 'Users outside the ranges lose access.',
          location: { line: 9, column: 9 },
        },
        { field: 'oauthConfig.callbackUrl', value: 'https://x.example.com/'.padEnd(90, 'x'), fate: 'copied' },
      ],
      files: [
        {
          type: 'ExternalClientApplication',
          path: '/p/force-app/main/default/externalClientApps/A.eca-meta.xml',
          xml: '<x/>',
        },
      ],
      findings: [
        {
          ...finding('warning', 'scopes', 'ExtlClntAppOauthSettings.commaSeparatedOauthScopes', 'scopes.fullAllowed'),
          fixedByHarden: true,
        },
      ],
      problems: [],
    },
    {
      name: 'B',
      apiName: 'B',
      sourcePath: 'B.connectedApp-meta.xml',
      status: 'notConvertible',
      rows: [],
      files: [],
      findings: [],
      problems: ['no OAuth'],
    },
  ],
});

describe('convertReport', () => {
  it('starts with the consumer key notice and shows each app', () => {
    const result = convertResult(outcome());
    const { lines, warnings } = convertReport(result, '/p');
    expect(lines[0]).to.match(/new consumer key and secret.*Migrate to External Client App/);
    const text = lines.join('\n');
    expect(text).to.match(
      /^ {2}oauthPolicy\.ipRelaxation +ExtlClntAppOauthConfigurablePolicies\.ipRelaxationPolicyType +Enforce +hardened$/m,
    );
    expect(text).to.include('  - oauthPolicy.ipRelaxation (Bypass -> Enforce): Users outside the ranges lose access.');
    expect(text).to.match(/ECA001 critical ExtlClntAppOauthSettings\.commaSeparatedOauthScopes: .* Fix: --harden/);
    expect(text).to.match(/https:\/\/x\.example\.com\/x+\.\.\./);
    expect(text).to.include('force-app/main/default/externalClientApps/A.eca-meta.xml');
    expect(text).to.include('  sf eca verify --name A --target-org <alias>');
    expect(warnings).to.deep.equal(['B was not converted: no OAuth']);
    expect(result.apps[0].mapping[1]).to.deep.include({ status: 'hardened', before: 'Bypass', line: 9, column: 9 });
    expect(result.apps[0].findings[0]).to.deep.include({ rule: 'ECA001', fixedBy: '--harden' });
    expect(result.apps[1].nextCommands).to.deep.equal([]);
  });

  it('lists the OAuth usage, says when there is none, and when it could not be read', () => {
    const used = convertReport(convertResult(outcome(), [{ name: 'A', users: 2, lastUsed: '2026-11-30' }]), '/p');
    expect(used.lines.join('\n')).to.match(/^ {2}A +users: 2 +last used: 2026-11-30$/m);
    const none = convertReport(convertResult(outcome(), []), '/p');
    expect(none.lines.join('\n')).to.include('No OAuth usage recorded for these Connected Apps.');
    const failed = convertReport(convertResult(outcome(), undefined, 'INSUFFICIENT_ACCESS'), '/p');
    expect(failed.warnings[0]).to.match(/could not be read \(INSUFFICIENT_ACCESS\)/);
  });
});
