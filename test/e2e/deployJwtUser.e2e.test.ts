/*
 * The verify command `eca deploy` ends with for a JWT bearer app names a user the app admits, found by the
 * pre-flight in its one Composite request: the deploying user when the app admits it, else an active user with one
 * of the app's permission sets; when none is known, a `<username>` placeholder and the line that says who qualifies.
 * A named command is run as printed (BUILT CLI against the emulator, isolated HOME).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  ADMIN_USERNAME,
  authorizeEmulator,
  type Emulator,
  INTEGRATION_USERNAME,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';
import { shellWords } from '../helpers/printedCommands.js';

const ALIAS = 'emu';

type DeployJson = {
  status: number;
  result: {
    nextCommand: string;
    nextCommandNote?: string;
    verifyingUser?: { reason: string; username?: string; via?: { kind: string; name: string } };
  };
};

const describeRun = (result: CliResult): string =>
  `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

type Case = {
  what: string;
  /** generate's flags that say who the app admits. */
  admits: string[];
  /** The --username the Next command names. */
  username: string;
  reason: string;
  /** What the line under the command says (none when it names the deploying user). */
  note?: RegExp;
  /** Whether the command runs as printed (a placeholder does not). */
  runs: boolean;
};

const CASES: Case[] = [
  {
    what: 'a permission set the deploying user lacks: the active user who has it',
    admits: ['--permission-set', 'ECA_Integration'],
    username: INTEGRATION_USERNAME,
    reason: 'admitted-user',
    note: new RegExp(
      `--username names ${INTEGRATION_USERNAME}, an active user with permission set ECA_Integration, which the app admits. You \\(${ADMIN_USERNAME}\\) are not admitted`,
    ),
    runs: true,
  },
  {
    what: "the deploying user's profile: the deploying user",
    admits: ['--profile', 'System Administrator'],
    username: ADMIN_USERNAME,
    reason: 'deploying-user',
    runs: true,
  },
  {
    what: 'a permission set nobody active has: a placeholder and what to assign',
    admits: ['--permission-set', 'Admin_Like'],
    username: '<username>',
    reason: 'nobody-admitted',
    note: /Put in for <username> an active user with permission set Admin_Like: the app admits no one else/,
    runs: false,
  },
  {
    what: 'self-authorized: a placeholder for a user who approved the app',
    admits: ['--permitted-users', 'self-authorized'],
    username: '<username>',
    reason: 'self-authorized',
    note: /Put in for <username> a user who has approved the app/,
    runs: false,
  },
];

describe('e2e: the verify command after deploying a JWT bearer app names a user the app admits', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let home: string;
  let root: string;

  before(async () => {
    emulator = await startEmulator();
    home = isolatedHome();
    root = mkdtempSync(join(tmpdir(), 'eca-e2e-jwtuser-'));
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS, username: ADMIN_USERNAME });
  });
  after(async () => {
    await emulator?.close();
    for (const dir of [home, root]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A DX project with a JWT bearer app generated into it; `run` runs the built CLI there. */
  async function jwtProject(
    index: number,
    admits: string[],
  ): Promise<{ apiName: string; run: (args: string[]) => Promise<CliResult> }> {
    const project = join(root, `p${index}`);
    const apiName = `Jwt_User_${index}`;
    const run = (args: string[]): Promise<CliResult> => runCli(args, { cwd: project, home, timeoutMs: 60_000 });
    mkdirSync(project);
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    const generated = await run([
      'eca',
      'generate',
      '--name',
      apiName.replace(/_/g, ' '),
      '--api-name',
      apiName,
      '--contact-email',
      'integrations@example.com',
      '--callback-url',
      'https://example.com/oauth/callback',
      '--flow',
      'jwt-bearer',
      '--generate-certificate',
      ...admits,
    ]);
    expect(generated.code, describeRun(generated)).to.equal(0);
    return { apiName, run };
  }

  CASES.forEach((row, index) => {
    it(row.what, async () => {
      const { apiName, run } = await jwtProject(index, row.admits);
      const composites = (): number => emulator.countRequests('POST', /\/composite$/);
      const before = composites();
      const deployed = await run(['eca', 'deploy', '--target-org', ALIAS, '--json']);
      expect(deployed.code, describeRun(deployed)).to.equal(0);
      // The user is found by the pre-flight's own request: one Composite request, no more.
      expect(composites() - before, 'Composite requests of the pre-flight').to.equal(1);
      const { result } = parseJson<DeployJson>(deployed);
      const expected = `sf eca verify --name ${apiName} --target-org ${ALIAS} --username ${row.username}`;
      expect(result.nextCommand).to.equal(expected);
      expect(result.verifyingUser?.reason).to.equal(row.reason);
      if (row.note) expect(result.nextCommandNote).to.match(row.note);
      else expect(result.nextCommandNote).to.equal(undefined);

      // The human output prints the same command, and the line under it.
      const human = await run(['eca', 'deploy', '--target-org', ALIAS]);
      expect(human.code, describeRun(human)).to.equal(0);
      const lines = human.stdout.split('\n').map((line) => line.trim());
      const at = lines.indexOf(expected);
      expect(at, describeRun(human)).to.be.greaterThan(0);
      if (row.note) expect(lines[at + 1]).to.match(row.note);

      if (row.runs) {
        const verified = await run(shellWords(expected).slice(1));
        expect(verified.code, describeRun(verified)).to.equal(0);
      }
    });
  });

  it('a run that picks up the deploy an earlier run left asks for the user then, and names it', async () => {
    const { apiName, run } = await jwtProject(CASES.length, ['--permission-set', 'ECA_Integration']);
    // A few status checks (one a second) past --wait 0: the re-run sees the deploy end.
    emulator.faults.slowDeployPolls = 3;
    const left = await run(['eca', 'deploy', '--target-org', ALIAS, '--wait', '0']);
    expect(left.code, describeRun(left)).to.equal(69);
    emulator.faults.slowDeployPolls = 0;
    const resumed = await run(['eca', 'deploy', '--target-org', ALIAS, '--json']);
    expect(resumed.code, describeRun(resumed)).to.equal(0);
    const { result } = parseJson<DeployJson & { result: { resumed?: string } }>(resumed);
    expect(result.resumed, 'picked up the earlier deploy').to.match(/^0Af/);
    expect(result.nextCommand).to.equal(
      `sf eca verify --name ${apiName} --target-org ${ALIAS} --username ${INTEGRATION_USERNAME}`,
    );
    expect(result.verifyingUser?.reason).to.equal('admitted-user');
  });
});
