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
import { authorizeEmulator, findApp, startEmulator, type Emulator } from '@plugin-eca/org-emulator';
import { BIN, cliEnv, isolatedHome } from '@plugin-eca/dev-kit/runCli';

const ALIAS = 'eca-emulator';
const APP = 'Billing_Sync';
const RUN_AS_USER = 'integration@eca-emulator.test';

type Step = { title: string; args: string[]; note?: string; env?: (emulator: Emulator) => Record<string, string> };

/** How long the emulated org takes before a new app's credentials work (real orgs: minutes), so verify's waiting shows. */
const PROPAGATION_DELAY_MS = 6000;

const STEPS: Step[] = [
  {
    title: `Generate a client credentials app that runs as ${RUN_AS_USER}`,
    args: [
      'eca',
      'generate',
      '--name',
      'Billing Sync',
      '--api-name',
      APP,
      '--contact-email',
      'integrations@example.com',
      '--flow',
      'client-credentials',
      '--run-as-user',
      RUN_AS_USER,
      '--callback-url',
      'https://billing.example.com/oauth/callback',
      '--permission-set',
      'ECA_Integration',
    ],
  },
  {
    title: 'Deploy it to the emulated org, after the pre-flight checks',
    args: ['eca', 'deploy', '--name', APP, '--target-org', ALIAS],
  },
  {
    title: 'Verify it: request a token with the client credentials flow, call the API with it, revoke it',
    note: `The consumer secret is passed as you would pass the one copied from Setup: in SF_ECA_CLIENT_SECRET (never printed).\nThe emulated org takes ${PROPAGATION_DELAY_MS / 1000} s to propagate the new app, so verify waits and retries.`,
    args: ['eca', 'verify', '--name', APP, '--target-org', ALIAS],
    env: (emulator) => ({ SF_ECA_CLIENT_SECRET: consumerSecretOf(emulator) }),
  },
];

function consumerSecretOf(emulator: Emulator): string {
  const app = findApp(emulator.state, APP);
  if (!app) throw new Error(`The emulator has no app ${APP}.`);
  return app.consumerSecret;
}

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const quote = (arg: string): string => (/^[\w@./:=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** Run the built CLI with the demo's HOME, in the project, its output going straight to the terminal. */
function runStep(args: string[], cwd: string, home: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: cliEnv(home, { FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: process.env.TERM, ...env }),
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  say(
    'plugin-eca demo: generate an External Client App, deploy it to a local org emulator, and verify that it works.\n',
  );
  const emulator = await startEmulator();
  emulator.faults.propagationDelayMs = PROPAGATION_DELAY_MS;
  try {
    const home = isolatedHome();
    say(`Started the org emulator at ${emulator.url}`);
    const auth = await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    say(`Authorized it as ${auth.username} (alias ${ALIAS}) in a temporary HOME: ${home}`);
    const project = mkdtempSync(join(tmpdir(), 'eca-demo-project-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }, null, 2)}\n`,
    );
    say(`Created a DX project: ${project}`);
    const bin = relative(process.cwd(), BIN) || BIN;
    for (const [index, step] of STEPS.entries()) {
      say(`\n== Step ${index + 1}/${STEPS.length}: ${step.title}`);
      if (step.note) say(step.note);
      say(`$ ${[bin, ...step.args].map(quote).join(' ')}\n`);
      const code = await runStep(step.args, project, home, step.env?.(emulator));
      if (code !== 0) {
        say(`\nStep ${index + 1} failed (exit code ${code}).`);
        return code;
      }
    }
    say(`\nDone: the app is generated, deployed and proven to work. Its files are in ${join(project, 'force-app')}.`);
    return 0;
  } finally {
    await emulator.close();
    say('Stopped the org emulator.');
  }
}

process.exitCode = await main();
