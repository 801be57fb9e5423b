/*
 * `sf eca audit` with the BUILT CLI (bin/run.js, run `npm run build` first) in an isolated HOME: against the org
 * emulator seeded with insecure apps, real Connected Apps of the corpus and many secure apps (org mode), and over a
 * project holding corpus files and a broken one (source mode).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { authorizeEmulator, type Emulator, seedAuditOrg, startEmulator } from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const ALIAS = 'emu';
const CONNECTED_APPS = 'test/fixtures/corpus/connectedapp/sarath16581__AP-Backup/force-app/main/default/connectedApps';
const SEEDED_CONNECTED_APPS = readdirSync(CONNECTED_APPS)
  .sort()
  .slice(0, 4)
  .map((name) => join(CONNECTED_APPS, name));

type Finding = {
  rule: string;
  severity: string;
  location: { component?: string; path?: string; line?: number; column?: number };
};
type AuditJson = {
  status: number;
  result: {
    mode: string;
    apps: Array<{ name: string; type: string; findings: Finding[] }>;
    incomplete: Array<{ part: string; reason: string }>;
    summary: { apps: number; findings: number };
    passed: boolean;
  };
};

const rulesOf = (json: AuditJson, type: string, name: string): string[] =>
  [
    ...new Set(json.result.apps.find((a) => a.type === type && a.name === name)?.findings.map((f) => f.rule) ?? []),
  ].sort();

async function seededOrg(apps: number, home: string): Promise<Emulator> {
  const emulator = await startEmulator();
  seedAuditOrg(emulator.state, apps, SEEDED_CONNECTED_APPS);
  await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
  return emulator;
}

describe('sf eca audit (built CLI)', function () {
  this.timeout(120_000);
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };

  describe('org mode', () => {
    let home: string;
    let emulator: Emulator;
    before(async () => {
      home = isolatedHome();
      folders.push(home);
      emulator = await seededOrg(10, home);
    });
    afterEach(() => emulator.faults.reset());
    after(async () => emulator.close());

    it('finds the insecure apps, the admin run-as user, the unused app, the open secret setting and the frozen Connected Apps in use', async () => {
      emulator.state.settings.enableClientSecretInRestApiAccess = true;
      try {
        const run = await runCli(['eca', 'audit', '--target-org', ALIAS, '--json'], {
          cwd: tempDir('eca-audit-cwd-'),
          home,
        });
        expect(run.code, run.stderr).to.equal(1);
        const json = parseJson<AuditJson>(run);
        expect(json.result.mode).to.equal('org');
        expect(json.result.incomplete).to.deep.equal([]);
        expect(rulesOf(json, 'ExternalClientApplication', 'Audit_Full_Scope')).to.include.members([
          'ECA001',
          'ECA002',
          'ECA003',
          'ECA211',
        ]);
        expect(rulesOf(json, 'ExternalClientApplication', 'Audit_Admin_RunAs')).to.include.members([
          'ECA202',
          'ECA203',
          'ECA006',
        ]);
        expect(rulesOf(json, 'ExternalClientApplication', 'Audit_Unused')).to.deep.equal(['ECA210']);
        expect(rulesOf(json, 'ExternalClientApplication', 'Audit_App_0005')).to.deep.equal([]);
        expect(rulesOf(json, 'Organization', 'admin@eca-emulator.test')).to.deep.equal(['ECA220']);
        const alteryx = rulesOf(json, 'ConnectedApp', 'Alteryx_Test');
        expect(alteryx).to.include.members(['ECA001', 'ECA002', 'ECA039', 'ECA230']);
        expect(alteryx).to.not.include('ECA012');
        const admin = json.result.apps
          .find((a) => a.name === 'Audit_Admin_RunAs')!
          .findings.find((f) => f.rule === 'ECA202')!;
        expect(admin.location.component).to.equal('ExtlClntAppOauthConfigurablePolicies:Audit_Admin_RunAs_oauthPlcy');
        for (const app of emulator.state.apps) {
          expect(run.stdout + run.stderr).to.not.include(app.consumerSecret);
          expect(run.stdout + run.stderr).to.not.include(app.consumerKey);
        }
      } finally {
        emulator.state.settings.enableClientSecretInRestApiAccess = false;
      }
    });

    it('prints one block per app and the summary line on a terminal', async () => {
      const run = await runCli(['eca', 'audit', '--target-org', ALIAS, '--name', 'Audit_Full_Scope'], {
        cwd: tempDir('eca-audit-cwd-'),
        home,
      });
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^ExternalClientApplication Audit_Full_Scope/m);
      expect(run.stdout).to.match(/CRITICAL\s+ECA001\s+The Full scope/);
      expect(run.stdout).to.match(/1 apps, \d+ findings: 1 critical, \d+ high/);
    });

    it('reports a part the org refuses as not checked, with the exit code of an incomplete audit', async () => {
      // More failures than the retries of a transient one: the org keeps refusing the Composite batch.
      emulator.faults.failNext(/\/composite/, 10, 500);
      const run = await runCli(['eca', 'audit', '--target-org', ALIAS, '--json', '--fail-on', 'never'], {
        cwd: tempDir('eca-audit-cwd-'),
        home,
      });
      emulator.faults.reset();
      expect(run.code, run.stdout).to.equal(74);
      const json = parseJson<AuditJson>(run);
      expect(json.result.passed).to.equal(false);
      expect(json.result.incomplete.map((p) => p.part)).to.include("The apps' use (OauthToken query)");
      expect(rulesOf(json, 'ExternalClientApplication', 'Audit_Full_Scope')).to.include('ECA001');
    });

    it('makes as many requests for 200 apps as for 10', async () => {
      const bigHome = isolatedHome();
      folders.push(bigHome);
      const big = await seededOrg(200, bigHome);
      try {
        const count = async (target: Emulator, targetHome: string): Promise<string[]> => {
          const start = target.requests.length;
          const run = await runCli(['eca', 'audit', '--target-org', ALIAS, '--json'], {
            cwd: tempDir('eca-audit-cwd-'),
            home: targetHome,
          });
          expect(run.code).to.equal(1);
          expect(parseJson<AuditJson>(run).result.summary.apps).to.be.greaterThan(10);
          return target.requests.slice(start).map((r) => `${r.method} ${r.path}`);
        };
        const small = await count(emulator, home);
        const large = await count(big, bigHome);
        expect(large).to.deep.equal(small);
        expect(small.length).to.be.at.most(8);
      } finally {
        await big.close();
      }
    });
  });

  describe('source mode', () => {
    it('audits a project, reports a broken file as a parse error and goes on, and writes SARIF', async () => {
      const project = tempDir('eca-audit-project-');
      writeFileSync(
        join(project, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
      );
      cpSync('test/fixtures/corpus/eca/justinsohn__gstdev/force-app', join(project, 'force-app'), { recursive: true });
      cpSync(CONNECTED_APPS, join(project, 'force-app/main/default/connectedApps'), { recursive: true });
      writeFileSync(
        join(project, 'force-app/main/default/connectedApps/Broken.connectedApp-meta.xml'),
        '<ConnectedApp>\n  <label>x</lab>\n</ConnectedApp>\n',
      );
      writeFileSync(
        join(project, '.eca-audit.json'),
        JSON.stringify({ suppressions: [{ rule: 'ECA039', reason: 'Migration planned for Q3' }] }),
      );
      const run = await runCli(['eca', 'audit', '--json', '--output-format', 'sarif', '--output-file', 'audit.sarif'], {
        cwd: project,
        home: tempDir('eca-audit-home-'),
      });
      expect(run.code, run.stderr).to.equal(1);
      const json = parseJson<AuditJson>(run);
      const broken = json.result.apps.find((a) => a.name === 'Broken')!;
      expect(broken.findings.map((f) => f.rule)).to.deep.equal(['ECA101']);
      expect(broken.findings[0].location).to.include({
        path: 'force-app/main/default/connectedApps/Broken.connectedApp-meta.xml',
        line: 2,
      });
      expect(rulesOf(json, 'ExternalClientApplication', 'Postman')).to.include.members(['ECA002', 'ECA012', 'ECA038']);
      expect(json.result.summary.apps).to.equal(15);
      const sarif = JSON.parse(readFileSync(join(project, 'audit.sarif'), 'utf8')) as {
        version: string;
        runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }>;
      };
      expect(sarif.version).to.equal('2.1.0');
      expect(
        sarif.runs[0].results.filter((r) => r.ruleId === 'ECA039').every((r) => r.suppressions?.length === 1),
      ).to.equal(true);
      expect(readdirSync(project).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
    });

    it('exits 0 with --fail-on never, and refuses an unknown rule id', async () => {
      const home = tempDir('eca-audit-home-');
      const cwd = tempDir('eca-audit-cwd-');
      const dir = resolve(CONNECTED_APPS);
      const never = await runCli(['eca', 'audit', '--source-dir', dir, '--fail-on', 'never'], { cwd, home });
      expect(never.code).to.equal(0);
      expect(never.stdout).to.include('--fail-on never');
      const bad = await runCli(['eca', 'audit', '--source-dir', dir, '--skip-rule', 'ECA999'], {
        cwd,
        home,
      });
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.include('ECA999 is not a rule id');
    });
  });
});
