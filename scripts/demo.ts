/*
 * `npm run demo`: the main job end to end against a freshly started local org emulator. It authorizes the emulator
 * in a temporary HOME (your own Salesforce config is never touched), creates a temporary DX project, then runs the
 * BUILT CLI (bin/run.js; the npm script builds first) step by step, printing each command line before it runs.
 * To add a step, add one line to STEPS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { authorizeEmulator, startEmulator } from '../test/emulator/index.js';
import { BIN, cliEnv, isolatedHome } from '../test/helpers/runCli.js';

const ALIAS = 'eca-emulator';
const APP = 'Billing_Sync';
const RUN_AS_USER = 'integration@eca-emulator.test';

type Step = { title: string; args: string[] };

const STEPS: Step[] = [
  {
    title: `Generate a client credentials app that runs as ${RUN_AS_USER}`,
    args: ['eca', 'generate', '--name', 'Billing Sync', '--api-name', APP, '--contact-email', 'integrations@example.com', '--flow', 'client-credentials', '--run-as-user', RUN_AS_USER, '--callback-url', 'https://billing.example.com/oauth/callback', '--permission-set', 'ECA_Integration'],
  },
  { title: 'Deploy it to the emulated org, after the pre-flight checks', args: ['eca', 'deploy', '--name', APP, '--target-org', ALIAS] },
];

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const quote = (arg: string): string => (/^[\w@./:=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** Run the built CLI with the demo's HOME, in the project, its output going straight to the terminal. */
function runStep(args: string[], cwd: string, home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(home, { FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: process.env.TERM }), stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  say('plugin-eca demo: generate an External Client App and deploy it to a local org emulator.\n');
  const emulator = await startEmulator();
  try {
    const home = isolatedHome();
    say(`Started the org emulator at ${emulator.url}`);
    const auth = await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    say(`Authorized it as ${auth.username} (alias ${ALIAS}) in a temporary HOME: ${home}`);
    const project = mkdtempSync(join(tmpdir(), 'eca-demo-project-'));
    writeFileSync(join(project, 'sfdx-project.json'), `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }, null, 2)}\n`);
    say(`Created a DX project: ${project}`);
    const bin = relative(process.cwd(), BIN) || BIN;
    for (const [index, step] of STEPS.entries()) {
      say(`\n== Step ${index + 1}/${STEPS.length}: ${step.title}`);
      say(`$ ${[bin, ...step.args].map(quote).join(' ')}\n`);
      const code = await runStep(step.args, project, home);
      if (code !== 0) {
        say(`\nStep ${index + 1} failed (exit code ${code}).`);
        return code;
      }
    }
    say(`\nDone: the app is deployed to the emulated org. Its files are in ${join(project, 'force-app')}.`);
    return 0;
  } finally {
    await emulator.close();
    say('Stopped the org emulator.');
  }
}

process.exitCode = await main();
