/*
 * Every command the plugin prints must run as printed: the journeys of a first-time user (generate, deploy,
 * verify, for a client credentials and a JWT bearer app, with the usual mistakes), each command line their output
 * offers ("Next" commands, "Try this" actions, the --json result's commands) copied and run in the same project
 * and HOME against the same org. A command fails the test when it cannot run as printed: a placeholder or
 * punctuation glued to it, or an answer that its flags or arguments are wrong (exit 2, an unknown or missing flag,
 * an org or app it names that is not there). Each bad command is reported with where it was printed.
 *
 * Commands of other sf plugins (`sf org display`, `sf project deploy report`) are listed, not run: the pinned sf
 * is the integration script's (npm run test:sf). A `<alias>` placeholder where the command cannot know the org
 * (generate works without one) is filled with the org's alias and counted as running as printed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { authorizeEmulator, type Emulator, INTEGRATION_USERNAME, startEmulator } from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';
import { flawsOf, jsonStrings, printedCommands, shellWords } from '../helpers/printedCommands.js';

const ALIAS = 'emu';

/** Placeholders a command may print where it cannot know the value: filled in before running it. */
const FILLED = new Map([['<alias>', ALIAS]]);

/** An answer that the command's flags or arguments are wrong, whatever its exit code. */
const WRONG_ARGUMENTS =
  /Nonexistent flags?|Unexpected argument|Missing required flag|No authorization information found|NamedOrgNotFound|No External Client App named|several External Client Apps|RequiresProjectError|to be one of:/;

/**
 * Bad commands whose fix is in another part of the code, being made at the same time: reported as known, not
 * failed. Remove an entry once its command runs as printed (the report then says "ok").
 */
const KNOWN_ELSEWHERE: Array<{ command: RegExp; why: string }> = [];

type Printed = { command: string; where: string };
type Run = { what: string; cwd: string; args: string[]; env?: Record<string, string>; input?: string };

describe('every command the plugin prints runs as printed (built CLI, e2e)', function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let home: string;
  let root: string;
  const printed: Printed[] = [];
  const results: Array<{ where: string; command: string; verdict: string }> = [];

  /** Runs the plugin as the user did, and keeps every command its output offers, with where it was printed. */
  async function collect(run: Run): Promise<CliResult> {
    const result = await runCli(run.args, { cwd: run.cwd, home, env: run.env, input: run.input, timeoutMs: 120_000 });
    const where = `sf ${run.args.join(' ')} (${run.what})`;
    const texts: Array<{ from: string; text: string }> = [
      { from: 'stdout', text: result.stdout },
      { from: 'stderr', text: result.stderr },
    ];
    if (run.args.includes('--json')) {
      try {
        texts.push(...jsonStrings(JSON.parse(result.stdout)).map(({ path, text }) => ({ from: `json ${path}`, text })));
      } catch {
        // Not JSON: the lines above hold it.
      }
    }
    for (const { from, text } of texts) {
      for (const { command, line } of printedCommands(text)) {
        printed.push({ command, where: `${where}, ${from}: ${line}` });
      }
    }
    return result;
  }

  /**
   * Runs one printed command as printed, in the project it was printed in, against an org where the journey went
   * well (the app deployed, its secret readable): the verdict is "ok" or why not.
   */
  async function replay(command: string, cwd: string): Promise<string> {
    const flaws = flawsOf(command).filter((flaw) => ![...FILLED.keys()].some((p) => flaw === `placeholder ${p}`));
    let filled = command;
    for (const [placeholder, value] of FILLED) filled = filled.replaceAll(placeholder, value);
    const words = shellWords(filled);
    if (words[1] !== 'eca')
      return `not run: a command of another sf plugin${flaws.length ? `; ${flaws.join('; ')}` : ''}`;
    const result = await runCli(words.slice(1), { cwd, home, timeoutMs: 120_000 });
    if (result.code !== 0) {
      const output = `${result.stdout}\n${result.stderr}`;
      const said = output.match(WRONG_ARGUMENTS)?.[0] ?? output.split('\n').find((line) => /^Error/.test(line.trim()));
      flaws.push(`exit ${result.code}: ${said ?? output.trim().split('\n')[0]}`);
    }
    return flaws.length > 0 ? flaws.join('; ') : 'ok';
  }

  const project = (name: string): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    return dir;
  };

  before(async () => {
    emulator = await startEmulator();
    home = isolatedHome();
    root = mkdtempSync(join(tmpdir(), 'eca-e2e-printed-'));
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
  });
  after(async () => {
    await emulator?.close();
    for (const dir of [home, root]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('collects the commands of the journeys and runs each as printed', async () => {
    const cc = project('client-credentials');
    const jwt = project('jwt-bearer');
    const bare = join(root, 'no-project');
    mkdirSync(bare);
    const app = ['--contact-email', 'integrations@example.com', '--callback-url', 'https://example.com/oauth/callback'];
    const ccGenerate = [
      'eca',
      'generate',
      '--name',
      'Billing Sync',
      ...app,
      '--flow',
      'client-credentials',
      '--run-as-user',
      INTEGRATION_USERNAME,
    ];
    const journeys: Run[] = [
      {
        what: 'a client credentials app',
        cwd: cc,
        args: ccGenerate,
      },
      {
        what: 'the same, --json',
        cwd: cc,
        args: [...ccGenerate, '--dry-run', '--json'],
      },
      { what: 'deploy it', cwd: cc, args: ['eca', 'deploy', '--target-org', ALIAS] },
      { what: 'deploy it, --json', cwd: cc, args: ['eca', 'deploy', '--target-org', ALIAS, '--json'] },
      { what: 'a wrong --name', cwd: cc, args: ['eca', 'deploy', '--target-org', ALIAS, '--name', 'Biling_Sync'] },
      {
        what: 'a label as --name, typed differently',
        cwd: cc,
        args: ['eca', 'verify', '--target-org', ALIAS, '--name', 'Billing-Sync'],
      },
      { what: 'the org keeps the secret', cwd: cc, args: ['eca', 'verify', '--target-org', ALIAS] },
      {
        what: 'the org keeps the secret',
        cwd: cc,
        args: ['eca', 'verify', '--target-org', ALIAS, '--json'],
      },
      { what: 'verify it', cwd: cc, args: ['eca', 'verify', '--target-org', ALIAS] },
      { what: 'verify it, --json', cwd: cc, args: ['eca', 'verify', '--target-org', ALIAS, '--json'] },
      {
        what: 'a JWT bearer app with a new key pair',
        cwd: jwt,
        args: [
          'eca',
          'generate',
          '--name',
          'CI Deployer',
          ...app,
          '--flow',
          'jwt-bearer',
          '--generate-certificate',
          '--permission-set',
          'ECA_Integration',
        ],
      },
      { what: 'deploy it', cwd: jwt, args: ['eca', 'deploy', '--target-org', ALIAS] },
      {
        what: 'verify it',
        cwd: jwt,
        args: ['eca', 'verify', '--target-org', ALIAS, '--username', INTEGRATION_USERNAME],
      },
      {
        what: 'verify it, --json',
        cwd: jwt,
        args: ['eca', 'verify', '--target-org', ALIAS, '--username', INTEGRATION_USERNAME, '--json'],
      },
      { what: 'outside a project', cwd: bare, args: ['eca', 'deploy', '--target-org', ALIAS] },
      { what: 'outside a project, --json', cwd: bare, args: ['eca', 'verify', '--target-org', ALIAS, '--json'] },
    ];
    const where = new Map<string, { where: string; cwd: string }>();
    for (const run of journeys) {
      emulator.state.settings.enableClientSecretInRestApiAccess = run.what !== 'the org keeps the secret';
      const before = printed.length;
      await collect(run);
      for (const { command, where: printedAt } of printed.slice(before))
        if (!where.has(command)) where.set(command, { where: printedAt, cwd: run.cwd });
    }
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    for (const [command, { where: printedAt, cwd }] of where)
      results.push({ command, where: printedAt, verdict: await replay(command, cwd) });
    expect(results.length, 'the journeys print commands').to.be.greaterThan(3);
    const known = (command: string): string | undefined =>
      KNOWN_ELSEWHERE.find((entry) => entry.command.test(command))?.why;
    const label = (r: (typeof results)[number]): string =>
      r.verdict === 'ok' ? 'ok   ' : r.verdict.startsWith('not run:') ? 'skip ' : known(r.command) ? 'known' : 'BAD  ';
    const report = results.map(
      (r) =>
        `${label(r)} ${r.command}\n      ${r.verdict}${known(r.command) && r.verdict !== 'ok' ? ` (known: ${known(r.command)})` : ''}\n      printed by ${r.where}`,
    );
    // The list, for the record of a run (mocha prints it with the test).
    process.stdout.write(`\n${report.join('\n')}\n`);
    const bad = results.filter((r) => label(r) === 'BAD  ');
    expect(
      bad.map((r) => `${r.command}\n  ${r.verdict}\n  printed by ${r.where}`),
      'commands that do not run as printed',
    ).to.deep.equal([]);
  });
});
