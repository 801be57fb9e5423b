/*
 * npm run test:sf: the plugin inside the real Salesforce CLI.
 *
 * Installs the pinned @salesforce/cli (once, outside the repository), links this plugin into an isolated HOME,
 * and runs what a user runs: `sf eca generate --help`, `sf eca generate` in a DX project made by
 * `sf template generate project` (every file checked against the ECA schema), the official
 * `sf org login access-token` against the local org emulator (started in this process), `sf eca deploy`,
 * `sf eca verify`, and the official `sf project deploy start` of the same files over the Metadata SOAP and REST
 * APIs. Each step is printed; the first failure prints the command's output, the requests the emulator could not
 * answer, and exits 1.
 *
 *   npm run test:sf                     # build, then every step
 *   npm run test:sf -- --skip-build     # use lib/ as it is
 *   npm run test:sf -- --keep           # keep the temporary HOME and project for a look afterwards
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '@plugin-eca/org-emulator';
import {
  answerMark,
  answersSince,
  describeAnswers,
  failedAnswers,
  recordHttpAnswers,
} from '@plugin-eca/dev-kit/httpRecorder';
import {
  REPO_ROOT,
  SF_CLI_VERSION,
  type SfInstall,
  type TimedResult,
  ensureSfCli,
  linkPlugin,
  runSf,
} from '@plugin-eca/dev-kit/sfCli';
import {
  GENERATE_FLAGS,
  StepFailure,
  buildPlugin,
  checkSchemaOfFiles,
  expectJsonSuccess,
  findAppFiles,
  pluginCommands,
  stepRunner,
  writeFixtureApp,
} from '@plugin-eca/dev-kit/sfSteps';
import { loginSteps } from './sf-integration/loginSteps.js';
import { printedLoginSteps } from './sf-integration/printedLoginSteps.js';

const { values } = parseArgs({
  options: { 'skip-build': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});

recordHttpAnswers();
const step = stepRunner();
const work = mkdtempSync(join(tmpdir(), 'plugin-eca-sf-it-'));
const home = join(work, 'home');
let emulator: Emulator | undefined;
mkdirSync(home);

try {
  if (Number(process.versions.node.split('.')[0]) < 22) {
    throw new StepFailure(
      `Node ${process.versions.node} runs this script; the Salesforce CLI and the plugin need Node 22 (run it with npm run test:sf).`,
    );
  }
  if (!values['skip-build']) await step('build the plugin (npm run build)', () => buildPlugin());
  const commands = pluginCommands();
  const sf: SfInstall = await step(`install @salesforce/cli@${SF_CLI_VERSION} (reused when present)`, () =>
    ensureSfCli(SF_CLI_VERSION, (l) => step.note(l)),
  );
  const run = (args: string[], cwd = home, env: Record<string, string> = {}): Promise<TimedResult> =>
    runSf(sf, args, { cwd, home, env: { ...emulatorEnv(), ...env } });

  await step('sf --version', async () => {
    const result = await run(['--version']);
    if (result.code !== 0 || !result.stdout.includes(`@salesforce/cli/${SF_CLI_VERSION}`))
      throw StepFailure.of(result, `expected @salesforce/cli/${SF_CLI_VERSION}`);
    return result.stdout.trim();
  });
  await step(`sf plugins link ${REPO_ROOT}`, async () => {
    const linked = await linkPlugin(sf, home);
    if (linked.code !== 0) throw StepFailure.of(linked);
    const list = await run(['plugins']);
    if (list.code !== 0 || !/^plugin-eca \S+ \(link\)/m.test(list.stdout))
      throw StepFailure.of(list, 'plugin-eca is not listed as a linked plugin');
  });

  await step.ifCommand(
    commands,
    'eca:generate',
    "sf eca <each command> --help (sf's help, with its ERROR CODES and ENVIRONMENT VARIABLES sections)",
    async () => {
      const sections = ['USAGE', 'FLAGS', 'GLOBAL FLAGS', 'DESCRIPTION', 'EXAMPLES', 'ERROR CODES'];
      const withEnv = new Set(['deploy', 'verify']);
      const all = ['generate', 'deploy', 'verify', 'audit', 'convert', 'rotate'];
      for (const command of all.filter((c) => commands.includes(`eca:${c}`))) {
        const result = await run(['eca', command, '--help']);
        const expected = [
          `$ sf eca ${command}`,
          ...sections,
          ...(withEnv.has(command) ? ['ENVIRONMENT VARIABLES'] : []),
        ];
        const missing = expected.filter((s) => !result.stdout.includes(s));
        if (result.code !== 0 || missing.length > 0)
          throw StepFailure.of(result, `sf eca ${command} --help lacks: ${missing.join(', ')}`);
      }
    },
  );
  const project = await step('sf template generate project (a fresh DX project)', async () => {
    const result = await run(['template', 'generate', 'project', '--name', 'eca-it', '--output-dir', work, '--json']);
    expectJsonSuccess(result);
    return join(work, 'eca-it');
  });
  const generated = await step.ifCommand(
    commands,
    'eca:generate',
    `sf eca generate ${GENERATE_FLAGS.join(' ')}`,
    async () => {
      const result = await run(['eca', 'generate', ...GENERATE_FLAGS, '--json'], project);
      expectJsonSuccess(result);
      const files = findAppFiles(project);
      if (files.length !== 5)
        throw StepFailure.of(
          result,
          `expected the five ECA files in ${project}, found ${files.length}: ${files.join(', ')}`,
        );
      await checkSchemaOfFiles(files);
      return files;
    },
  );
  // Without `eca generate` (not landed yet), the later steps still run, on the emulator's hand-written app.
  const appFiles = generated ?? writeFixtureApp(project, (line) => step.note(line));
  if (appFiles.length > 0) step.note(`files: ${appFiles.map((f) => f.slice(project.length + 1)).join(', ')}`);

  emulator = await step('start the local org emulator', () => startEmulator());
  const emu = emulator;
  step.note(`emulator at ${emu.url}`);
  await step('sf org login access-token --instance-url <emulator> --alias emu --no-prompt', () =>
    orgStep(emu, () =>
      run(
        ['org', 'login', 'access-token', '--instance-url', emu.url, '--alias', 'emu', '--no-prompt', '--json'],
        home,
        { SF_ACCESS_TOKEN: emu.openSession().token },
      ),
    ),
  );

  await step.ifCommand(commands, 'eca:deploy', 'sf eca deploy --target-org emu', () =>
    orgStep(emu, () => run(['eca', 'deploy', '--target-org', 'emu', '--json'], project)),
  );

  // The secret as a user passes it in CI (SF_ECA_CLIENT_SECRET): the emulated org keeps its credentials REST API closed.
  const secret = (): Record<string, string> =>
    emu.state.apps[0] ? { SF_ECA_CLIENT_SECRET: emu.state.apps[0].consumerSecret } : {};
  await step.ifCommand(commands, 'eca:verify', 'sf eca verify --target-org emu (secret in SF_ECA_CLIENT_SECRET)', () =>
    orgStep(emu, () => run(['eca', 'verify', '--target-org', 'emu', '--json'], project, secret())),
  );
  // Staged rotation inside sf: it needs the org's secret API open (docs/salesforce-facts.md §9.7); the new secret goes
  // to a file outside the project, and the old credentials are retired at once.
  await step.ifCommand(commands, 'eca:rotate', 'sf eca rotate --target-org emu --secret-file <file> --revoke-old', () =>
    orgStep(emu, () => {
      emu.state.settings.enableClientSecretInRestApiAccess = true;
      const file = join(work, 'rotated.env');
      return run(
        ['eca', 'rotate', '--target-org', 'emu', '--secret-file', file, '--no-prompt', '--revoke-old', '--json'],
        project,
      );
    }),
  );

  // Signing the official CLI in through an app the plugin deployed (JWT bearer): as printed, and with --login.
  if (commands.includes('eca:verify')) await loginSteps(step, run, project, emu);
  // The other printed logins, run as printed: sf org login web (a web server app), the client credentials workaround.
  if (commands.includes('eca:verify')) await printedLoginSteps(step, { sf, home, work, project, emulator: emu });

  const sourceDirs = appFiles.flatMap((file) => ['--source-dir', file]);
  for (const [api, env] of [
    ['SOAP', {}],
    ['REST', { SF_ORG_METADATA_REST_DEPLOY: 'true' }],
  ] as const) {
    if (appFiles.length === 0) break;
    await step(`sf project deploy start --source-dir <the five files> --target-org emu (Metadata ${api} API)`, () =>
      orgStep(emu, async () => {
        const result = await run(
          ['project', 'deploy', 'start', ...sourceDirs, '--target-org', 'emu', '--json'],
          project,
          env,
        );
        const deployed = expectJsonSuccess<{ status?: string }>(result);
        if (deployed.status !== 'Succeeded') throw StepFailure.of(result, `deploy status ${String(deployed.status)}`);
        return result;
      }),
    );
  }
  step.summary();
} catch (error) {
  step.fail(error);
  process.exitCode = 1;
} finally {
  await emulator?.close();
  if (values.keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}

function emulatorEnv(): Record<string, string> {
  return emulator ? { SF_ORG_INSTANCE_URL: emulator.url } : {};
}

/** Runs a command that talks to the emulator; a failure carries the requests the emulator could not answer. */
async function orgStep(emu: Emulator, command: () => Promise<TimedResult>): Promise<TimedResult> {
  const mark = answerMark();
  const requestsBefore = emu.requests.length;
  let result: TimedResult;
  try {
    result = await command();
    if (result.stdout.trimStart().startsWith('{')) expectJsonSuccess(result);
    else if (result.code !== 0) throw StepFailure.of(result);
  } catch (error) {
    if (error instanceof StepFailure) error.gaps = describeAnswers(failedAnswers(answersSince(mark)));
    throw error;
  }
  const unanswered = describeAnswers(failedAnswers(answersSince(mark)));
  step.note(`${emu.requests.length - requestsBefore} requests to the emulator in ${(result.ms / 1000).toFixed(1)} s`);
  unanswered.forEach((line) => step.note(`answered with an error (check for an emulator gap): ${line}`));
  return result;
}
