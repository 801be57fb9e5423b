/*
 * `sf eca audit --target-org` with the BUILT CLI (bin/run.js, run `npm run build` first) against an org holding more
 * OauthToken rows than one page of the query resource (2,000): the audit reads every page and judges the apps' use
 * from all the rows, at the cost of one request a further 2,000 rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  addOauthToken,
  addUser,
  authorizeEmulator,
  runQuery,
  seedApp,
  seedAuditOrg,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const ALIAS = 'emu';
/** Rows of one busy app, before the rows that matter: they push those past the first two pages. */
const FILLER_ROWS = 4100;
const LATE_USERS = 11;
const LOCATOR = /^\/services\/data\/v\d+\.\d\/query\/01g\w{15}-\d+$/;

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

  const audit = async (): Promise<{ json: AuditJson; code: number; sent: string[] }> => {
    const cwd = mkdtempSync(join(tmpdir(), 'eca-audit-paging-cwd-'));
    folders.push(cwd);
    const start = emulator.requests.length;
    const run = await runCli(['eca', 'audit', '--target-org', ALIAS, '--json'], { cwd, home });
    const sent = emulator.requests.slice(start).map((r) => `${r.method} ${LOCATOR.test(r.path) ? 'locator' : r.path}`);
    return { json: parseJson<AuditJson>(run), code: run.code, sent };
  };

  it('judges the use of the apps from every row, with one request more a further 2,000 rows', async () => {
    const before = await audit();
    expect(before.json.result.incomplete).to.deep.equal([]);
    expect(rulesOf(before.json, 'Audit_Unused')).to.include('ECA210');
    expect(rulesOf(before.json, 'Audit_Late_Crowd')).to.include('ECA210').and.not.include('ECA211');
    expect(before.sent).to.not.include('GET locator');

    const state = emulator.state;
    const busy = state.apps.find((app) => app.developerName === 'Audit_App_0005')!;
    for (let i = 0; i < FILLER_ROWS; i++) addOauthToken(state, busy.label, INTEGRATION_USERNAME, i % 60);
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
    const rows = runQuery(state, 'SELECT COUNT() FROM OauthToken').totalSize;
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
});
