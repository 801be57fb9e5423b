/*
 * `sf eca audit --target-org` with the BUILT CLI (bin/run.js, run `npm run build` first) against an org holding more
 * OauthToken rows than one page of the query resource (2,000): the audit reads every page and judges the apps' use
 * from all the rows, at the cost of one request a further 2,000 rows; `sf eca convert --target-org` (a lone query of
 * OauthToken) counts the users of a Connected App from all the rows the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  ADMIN_USERNAME,
  type Emulator,
  INTEGRATION_USERNAME,
  STANDARD_USERNAME,
  addOauthToken,
  addUser,
  authorizeEmulator,
  runQuery,
  seedApp,
  seedAuditOrg,
  seedConnectedApps,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const ALIAS = 'emu';
/** Rows of one busy app, before the rows that matter: they push those past the first two pages. */
const FILLER_ROWS = 4100;
const LATE_USERS = 11;
const LOCATOR = /^\/services\/data\/v\d+\.\d\/query\/01g\w{15}-\d+$/;
const GITHUB =
  'test/fixtures/corpus/connectedapp/jxbambrick__Dreamforce-Advanced-CLI/force-app/main/default/connectedApps/GitHub_Actions.connectedApp-meta.xml';

type AuditJson = {
  result: {
    apps: Array<{ name: string; type: string; findings: Array<{ rule: string }> }>;
    incomplete: Array<{ part: string; reason: string }>;
  };
};

const rulesOf = (json: AuditJson, name: string): string[] =>
  [
    ...new Set(
      json.result.apps
        .find((a) => a.type === 'ExternalClientApplication' && a.name === name)
        ?.findings.map((f) => f.rule) ?? [],
    ),
  ].sort();

describe('sf eca audit on an org with more OauthToken rows than one page (built CLI)', function () {
  this.timeout(180_000);
  const folders: string[] = [];
  let home: string;
  let emulator: Emulator;

  before(async () => {
    home = isolatedHome();
    folders.push(home);
    emulator = await startEmulator();
    seedAuditOrg(emulator.state, 10);
    // A self-authorized app nobody has used yet: its many users come later, past the first pages.
    seedApp(emulator.state, 'Audit_Late_Crowd', {
      oauthPolicy: { permittedUsersPolicyType: 'AllSelfAuthorized' },
    });
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
  });
  after(async () => {
    await emulator.close();
    folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
  });

  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
  const run = async (args: string[], cwd: string): Promise<{ json: unknown; code: number; sent: string[] }> => {
    const start = emulator.requests.length;
    const result = await runCli(args, { cwd, home });
    const sent = emulator.requests.slice(start).map((r) => `${r.method} ${LOCATOR.test(r.path) ? 'locator' : r.path}`);
    return { json: parseJson<unknown>(result), code: result.code, sent };
  };
  const audit = async (): Promise<{ json: AuditJson; code: number; sent: string[] }> => {
    const { json, code, sent } = await run(
      ['eca', 'audit', '--target-org', ALIAS, '--json'],
      tempDir('eca-audit-paging-cwd-'),
    );
    return { json: json as AuditJson, code, sent };
  };
  const tokenRows = (): number => runQuery(emulator.state, 'SELECT COUNT() FROM OauthToken').totalSize;
  /** Rows of one busy app until the org holds at least `count`. */
  const fill = (count: number): void => {
    const busy = emulator.state.apps.find((app) => app.developerName === 'Audit_App_0005')!;
    for (let i = tokenRows(); i < count; i++) addOauthToken(emulator.state, busy.label, INTEGRATION_USERNAME, i % 60);
  };

  it('judges the use of the apps from every row, with one request more a further 2,000 rows', async () => {
    const before = await audit();
    expect(before.json.result.incomplete).to.deep.equal([]);
    expect(rulesOf(before.json, 'Audit_Unused')).to.include('ECA210');
    expect(rulesOf(before.json, 'Audit_Late_Crowd')).to.include('ECA210').and.not.include('ECA211');
    expect(before.sent).to.not.include('GET locator');

    const state = emulator.state;
    fill(FILLER_ROWS);
    // On the last page only: the unused app's one token, and every token of the crowded app.
    addOauthToken(state, 'Audit Unused', INTEGRATION_USERNAME, 3);
    const standard = state.profiles.find((p) => p.name === 'Standard User')!;
    for (let i = 0; i < LATE_USERS; i++) {
      const user = addUser(state, {
        username: `late${i}@eca-emulator.test`,
        firstName: 'Late',
        lastName: String(i),
        profileId: standard.id,
      });
      addOauthToken(state, 'Audit Late Crowd', user.username, 1);
    }
    const rows = tokenRows();
    expect(rows).to.be.greaterThan(4000).and.at.most(6000);

    const after = await audit();
    expect(after.code, JSON.stringify(after.json.result.incomplete)).to.equal(1);
    expect(after.json.result.incomplete).to.deep.equal([]);
    expect(rulesOf(after.json, 'Audit_Unused')).to.not.include('ECA210');
    expect(rulesOf(after.json, 'Audit_Late_Crowd')).to.include('ECA211').and.not.include('ECA210');
    expect(rulesOf(after.json, 'Audit_Full_Scope')).to.include('ECA211');
    // The same requests as before, and a GET of the next page for each further 2,000 rows: two here.
    expect(after.sent.filter((line) => line === 'GET locator')).to.have.length(Math.ceil(rows / 2000) - 1);
    expect(after.sent.filter((line) => line !== 'GET locator').sort()).to.deep.equal([...before.sent].sort());
  });

  it('convert --target-org counts the users of a Connected App from every row, the lone query read to its last page', async () => {
    seedConnectedApps(emulator.state, [GITHUB]);
    fill(FILLER_ROWS);
    for (const username of [ADMIN_USERNAME, STANDARD_USERNAME, INTEGRATION_USERNAME])
      addOauthToken(emulator.state, 'GitHub Actions', username, 2);
    const rows = tokenRows();
    const project = tempDir('eca-convert-paging-');
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
    );
    const { json, code, sent } = await run(
      ['eca', 'convert', '--name', 'GitHub_Actions', '--target-org', ALIAS, '--dry-run', '--json'],
      project,
    );
    expect(code, JSON.stringify(json)).to.equal(0);
    const usage = (json as { result: { oauthUsage?: Array<{ name: string; users: number }> } }).result.oauthUsage;
    expect(usage?.map((app) => [app.name, app.users])).to.deep.equal([['GitHub_Actions', 3]]);
    expect(sent.filter((line) => line === 'GET locator')).to.have.length(Math.ceil(rows / 2000) - 1);
  });

  it('reports the use of the apps as not checked when the org refuses a page (its cursor expired), exit 74', async () => {
    fill(FILLER_ROWS);
    // The org holds the GET of the second page a moment, and the cursor expires meanwhile.
    emulator.faults.delayNext(/\/query\/01g/, 1000);
    const start = emulator.requests.length;
    const running = audit();
    while (!emulator.requests.slice(start).some((r) => LOCATOR.test(r.path)))
      await new Promise((resolve) => setTimeout(resolve, 5));
    for (const cursor of emulator.state.queryCursors.values()) cursor.expiresAt = new Date(0);
    const { json, code, sent } = await running;
    expect(code, JSON.stringify(json.result.incomplete)).to.equal(74);
    expect(json.result.incomplete).to.deep.equal([
      {
        part: "The apps' use (OauthToken query)",
        reason: `The org answered the query in pages, and the page after its first 2000 of ${tokenRows()} rows could not be read (INVALID_QUERY_LOCATOR: invalid query locator): only whole answers are judged, so these rows were not checked.`,
      },
    ]);
    // Judged on no part of the rows: neither unused nor many users.
    expect(rulesOf(json, 'Audit_Unused')).to.not.include('ECA210');
    expect(rulesOf(json, 'Audit_Full_Scope')).to.not.include('ECA211');
    expect(sent.filter((line) => line === 'GET locator')).to.have.length(1);
  });
});
