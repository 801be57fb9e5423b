/*
 * The org side of the audit, in process against the emulator: the run-as users (missing, inactive, administrator,
 * not API Only, and a good one), unused apps judged only when their flows leave tokens, --name, and a refused
 * retrieve reported as a part not checked.
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { addOauthToken, connectTo, type Emulator, seedApp, startEmulator } from '@plugin-eca/org-emulator';
import { runAudit } from '../../../src/jobs/audit.js';
import { type AuditReport } from '../../../src/model/auditReport.js';

const clientCredentials = (runAs: string) => ({
  global: { isClientCredentialsFlowEnabled: 'true', isCodeCredFlowEnabled: 'false', callbackUrl: '' },
  oauth: { commaSeparatedOauthScopes: 'Api' },
  oauthPolicy: { isClientCredentialsFlowEnabled: 'true', clientCredentialsFlowUser: runAs },
});

describe('sf eca audit: what only the org knows', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let connection: Connection;
  const audit = (names?: string[]): Promise<AuditReport> =>
    runAudit({
      sourceDirs: [],
      baseDir: '/nonexistent-audit-base',
      names,
      org: { connection, label: 'emu', apiVersion: connection.version },
    });
  const rules = (report: AuditReport, name: string): string[] =>
    [...new Set(report.apps.find((a) => a.name === name)?.findings.map((f) => f.rule) ?? [])].sort();

  before(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
    seedApp(emulator.state, 'Runs_As_Nobody', clientCredentials('nobody@example.com'));
    seedApp(emulator.state, 'Runs_As_Inactive', clientCredentials('inactive@eca-emulator.test'));
    seedApp(emulator.state, 'Runs_As_Standard', clientCredentials('standard@eca-emulator.test'));
    seedApp(emulator.state, 'Runs_As_Integration', clientCredentials('integration@eca-emulator.test'));
    const web = seedApp(emulator.state, 'Web_Used_Long_Ago');
    addOauthToken(emulator.state, web.label, 'standard@eca-emulator.test', 400);
    const recent = seedApp(emulator.state, 'Web_Used_Today');
    addOauthToken(emulator.state, recent.label, 'standard@eca-emulator.test', 0);
  });
  afterEach(() => emulator.faults.reset());
  after(() => emulator.close());

  it('judges each run-as user: missing, inactive, not API Only, or fine', async () => {
    const report = await audit();
    expect(report.incomplete).to.deep.equal([]);
    expect(rules(report, 'Runs_As_Nobody')).to.include('ECA200');
    expect(rules(report, 'Runs_As_Inactive')).to.include('ECA201');
    expect(rules(report, 'Runs_As_Inactive')).to.not.include('ECA203');
    expect(rules(report, 'Runs_As_Standard')).to.include('ECA203');
    expect(rules(report, 'Runs_As_Standard')).to.not.include('ECA202');
    expect(rules(report, 'Runs_As_Integration').filter((id) => id >= 'ECA200')).to.deep.equal([]);
  });

  it('calls an app unused only when its flows leave tokens and none was used within --unused-days', async () => {
    const report = await audit();
    expect(rules(report, 'Web_Used_Long_Ago')).to.include('ECA210');
    expect(rules(report, 'Web_Used_Today')).to.not.include('ECA210');
    expect(rules(report, 'Runs_As_Integration')).to.not.include('ECA210');
  });

  it('audits only the apps --name names', async () => {
    const report = await audit(['web_used_today']);
    expect(report.apps.map((a) => a.name)).to.deep.equal(['Web_Used_Today']);
  });

  it('reports a refused listing and retrieve as not checked, and never passes', async () => {
    emulator.faults.failNext(/\/services\/Soap\/m\//, 2, 500);
    const report = await audit();
    expect(report.incomplete.map((p) => p.part).sort()).to.deep.equal([
      'Listing the apps (Metadata API listMetadata)',
      'Retrieving the apps (Metadata API retrieve)',
    ]);
    expect(report.passed).to.equal(false);
    expect(report.apps).to.deep.equal([]);
  });
});
