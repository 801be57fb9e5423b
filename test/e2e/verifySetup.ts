/*
 * What the end-to-end tests of `sf eca verify` share: a fresh emulator, an isolated HOME authorized against it
 * (alias "emu"), a DX project, and the built CLI run as a user would: generate -> deploy -> verify.
 * The tests need `npm run build` first (npm test does it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  type EmulatorOptions,
  authorizeEmulator,
  findApp,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';
import { CLIENT_CREDENTIALS_FLAGS, JWT_BEARER_FLAGS } from '@plugin-eca/dev-kit/sfSteps';

export const ALIAS = 'emu';
export const APP = 'Billing_Sync';

export type World = { emulator: Emulator; home: string; projectDir: string };

export async function startWorld(options: EmulatorOptions = {}): Promise<World> {
  const emulator = await startEmulator(options);
  const home = isolatedHome();
  const projectDir = mkdtempSync(join(tmpdir(), 'eca-verify-project-'));
  writeFileSync(
    join(projectDir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }, null, 2),
  );
  await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
  return { emulator, home, projectDir };
}

/** Stops the emulator and removes the world's HOME (auth files and all) and project: a test file's `after` hook. */
export async function endWorld(world: World | undefined): Promise<void> {
  await world?.emulator.close();
  for (const dir of world ? [world.home, world.projectDir] : []) rmSync(dir, { recursive: true, force: true });
}

export const cli = (
  world: World,
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<CliResult> => runCli(args, { cwd: world.projectDir, home: world.home, ...options });

const show = (result: CliResult): string => `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

/** `sf eca generate` (label "Billing Sync", so the API name is Billing_Sync) then `sf eca deploy`; both must succeed. */
export async function generateAndDeploy(world: World, generateArgs: readonly string[]): Promise<void> {
  const generated = await cli(world, [
    'eca',
    'generate',
    '--name',
    'Billing Sync',
    '--contact-email',
    'integrations@example.com',
    ...generateArgs,
  ]);
  expect(generated.code, show(generated)).to.equal(0);
  const deployed = await cli(world, ['eca', 'deploy', '--target-org', ALIAS, '--json']);
  expect(deployed.code, show(deployed)).to.equal(0);
}

/** generate's flags for a client credentials app running as the org's integration user. */
export const CLIENT_CREDENTIALS_APP = CLIENT_CREDENTIALS_FLAGS;

/** generate's flags for a JWT bearer app with a generated key pair (the key in .eca-keys/Billing_Sync/). */
export const JWT_BEARER_APP = JWT_BEARER_FLAGS;

/** generate's flags for a web server flow app with `callbackUrl`, open to the Standard User profile. */
export const webServerApp = (callbackUrl: string): string[] => [
  '--flow',
  'web-server',
  '--callback-url',
  callbackUrl,
  '--profile',
  'Standard User',
];

/** How long a `before` hook may take to start a world and generate and deploy its app. */
export const SETUP_TIMEOUT_MS = 120_000;

/**
 * A test file's `before` hook: a fresh world (startWorld) with the app generated and deployed (generateAndDeploy),
 * the hook given SETUP_TIMEOUT_MS. A failed set-up ends the world before it throws, so nothing is left behind.
 */
export async function deployedWorld(
  hook: Mocha.Context,
  generateArgs: readonly string[],
  options: EmulatorOptions = {},
): Promise<World> {
  hook.timeout(SETUP_TIMEOUT_MS);
  const world = await startWorld(options);
  try {
    await generateAndDeploy(world, generateArgs);
  } catch (error) {
    await endWorld(world);
    throw error;
  }
  return world;
}

/**
 * The org as each test of a shared world starts from (a `beforeEach` hook's work): no fault armed, and the
 * setting that lets the credentials API return the consumer secret switched on, whatever the test before changed.
 */
export function resetOrg(world: World): void {
  world.emulator.faults.reset();
  world.emulator.state.settings.enableClientSecretInRestApiAccess = true;
}

export type Outcome = CliResult & { json?: Record<string, unknown>; elapsedMs: number };

/** `sf eca verify --target-org emu ...`, timed; `json` is the parsed envelope when --json was passed. */
export async function verify(
  world: World,
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Outcome> {
  const started = Date.now();
  const result = await cli(world, ['eca', 'verify', '--target-org', ALIAS, ...args], options);
  const elapsedMs = Date.now() - started;
  return {
    ...result,
    elapsedMs,
    ...(args.includes('--json') ? { json: parseJson<Record<string, unknown>>(result) } : {}),
  };
}

export const explain = show;

/** Far below any retry schedule: a configuration error must end the command without waiting for propagation. */
export const NO_WAITING_MS = 20_000;

/**
 * A configuration error ends verify at once: exit 1 after a single token request, well before any waiting, with
 * the cause in the message and the fix in the actions. Returns the error envelope for further checks.
 */
export function expectFailedAtOnce(
  outcome: Outcome,
  cause: string | RegExp,
  fix: string | RegExp,
): { name: string; message: string; actions: string[] } {
  expect(outcome.code, explain(outcome)).to.equal(1);
  const error = outcome.json as { name: string; message: string; actions: string[]; data: { attempts: number } };
  const matches = (text: string, expected: string | RegExp): void =>
    void (typeof expected === 'string' ? expect(text).to.include(expected) : expect(text).to.match(expected));
  matches(error.message, cause);
  matches(error.actions.join('\n'), fix);
  expect(error.data.attempts, 'token requests').to.equal(1);
  expect(outcome.elapsedMs).to.be.lessThan(NO_WAITING_MS);
  return error;
}

/**
 * Every secret the emulated org holds for the app and every live token (access and refresh): none may appear in
 * any output. A revoked token leaves the org's state, so runs that check for tokens pass --keep-token.
 */
export function secretsOf(emulator: Emulator, apiName = APP): string[] {
  const app = findApp(emulator.state, apiName);
  const tokens = [...emulator.state.sessions.keys(), ...emulator.state.oauth.refreshTokens.keys()];
  return [...(app ? [app.consumerSecret] : []), ...tokens].filter((secret) => secret.length > 0);
}

/** The access tokens the app issued and the org still honours. */
export function liveAppTokens(emulator: Emulator, apiName = APP): string[] {
  const key = findApp(emulator.state, apiName)?.consumerKey;
  return [...emulator.state.sessions.values()]
    .filter((s) => key !== undefined && s.clientId === key)
    .map((s) => s.token);
}

export function expectNoSecrets(outcome: CliResult, secrets: readonly string[]): void {
  expect(secrets.length).to.be.greaterThan(0);
  for (const secret of secrets) {
    expect(outcome.stdout.includes(secret), `stdout holds a secret: ${secret.slice(0, 6)}…`).to.equal(false);
    expect(outcome.stderr.includes(secret), `stderr holds a secret: ${secret.slice(0, 6)}…`).to.equal(false);
  }
}
