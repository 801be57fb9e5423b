/*
 * One real-org session for the NUTs: a testkit TestSession (its own HOME, a DX project as the working directory), the
 * org authorized into that HOME under the alias `eca-nut`, a connection to it, and a runner for the CLI under test.
 *
 * The testkit's own authorization (devhubAuthStrategy 'AUTO') shells out to a globally installed `sf`
 * (`sf org login sfdx-url` / `sf org login jwt`), which this project does not have, so the session authorizes with
 * @salesforce/core's AuthInfo, as those commands do, from the same TESTKIT_* variables. The CLI is the one the
 * testkit's determineExecutable picks: TESTKIT_EXECUTABLE_PATH, else this checkout's bin/run.js.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestSession, determineExecutable, prepareForJwt } from '@salesforce/cli-plugins-testkit';
import { AuthInfo, type Connection, Org } from '@salesforce/core';
import type { NutEnv } from '../env.js';

export const ALIAS = 'eca-nut';

/** Authorizing must answer quickly: it is one token request. */
const AUTHORIZE_TIMEOUT_MS = 120_000;

export type NutOrg = { username: string; orgId: string; instanceUrl: string; loginUrl: string };

export type Nut = {
  env: NutEnv;
  session: TestSession;
  /** The DX project the commands run in (the session's working directory). */
  projectDir: string;
  /** A folder of the session for files outside the project. */
  scratchDir: string;
  org: NutOrg;
  connection: Connection;
  /** Restores the testkit's stubs and removes the session's folders (kept with TESTKIT_SAVE_ARTIFACTS=true). */
  dispose(): Promise<void>;
};

const PROJECT_NAME = 'eca-nut-project';

/** SF_DISABLE_LOG_FILE as the suite was started with: the CLI runs get it unchanged. */
const LOG_FILE_SETTING = process.env.SF_DISABLE_LOG_FILE;

/** What a failed authorization is most likely to need, by strategy. */
const AUTHORIZE_HINT: Record<NutEnv['strategy'], string> = {
  AUTH_URL:
    'Check TESTKIT_AUTH_URL: it must be the sfdxAuthUrl that `sf org display --verbose --json` prints for the org (force://...@<My Domain>), and the org must be reachable from this machine.',
  JWT: 'Check TESTKIT_HUB_USERNAME, TESTKIT_JWT_CLIENT_ID, TESTKIT_JWT_KEY and TESTKIT_HUB_INSTANCE: the user must be pre-authorized for that app, the key must match its certificate, and the instance must be reachable from this machine.',
};

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Saves the org's auth in the session's HOME (process.env.HOME, set by TestSession) under ALIAS, as the default org. */
async function authorize(env: NutEnv, homeDir: string): Promise<AuthInfo> {
  const source =
    env.strategy === 'JWT'
      ? 'the JWT variables (TESTKIT_HUB_USERNAME, TESTKIT_JWT_CLIENT_ID, TESTKIT_JWT_KEY)'
      : 'TESTKIT_AUTH_URL';
  try {
    const created =
      env.strategy === 'JWT'
        ? AuthInfo.create({
            username: env.jwt!.username,
            oauth2Options: {
              clientId: env.jwt!.clientId,
              privateKeyFile: prepareForJwt(homeDir),
              loginUrl: env.jwt!.instanceUrl,
            },
          })
        : AuthInfo.create({ oauth2Options: AuthInfo.parseSfdxAuthUrl(env.authUrl!) });
    const authInfo = await withTimeout(created, AUTHORIZE_TIMEOUT_MS, 'The org');
    await authInfo.save();
    await authInfo.handleAliasAndDefaultSettings({ alias: ALIAS, setDefault: true, setDefaultDevHub: false });
    return authInfo;
  } catch (error) {
    // The message of @salesforce/core never holds the auth URL or the key; this one does not either.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Authorizing the org with ${source} failed: ${reason}\n${AUTHORIZE_HINT[env.strategy]}`);
  }
}

export async function startNut(env: NutEnv): Promise<Nut> {
  // This process logs nothing to a file: its log would land in the session's HOME after the folder is removed.
  process.env.SF_DISABLE_LOG_FILE = 'true';
  const root = mkdtempSync(join(tmpdir(), 'eca-nut-'));
  const keep = process.env.TESTKIT_SAVE_ARTIFACTS === 'true';
  const remove = (): void => {
    if (keep) console.log(`      » TESTKIT_SAVE_ARTIFACTS: the session (HOME, project, CLI logs) is kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
  let session: TestSession | undefined;
  try {
    // The project TestSession copies into its folder (it would otherwise need `sf project generate`).
    const source = join(root, 'source', PROJECT_NAME);
    mkdirSync(source, { recursive: true });
    writeFileSync(
      join(source, 'sfdx-project.json'),
      `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], name: PROJECT_NAME }, null, 2)}\n`,
    );
    // A session folder of our own (the default is inside the repository); the testkit leaves it to us to remove.
    session = await TestSession.create({
      sessionDir: join(root, 'session'),
      project: { sourceDir: source },
      devhubAuthStrategy: 'NONE',
    });
    const scratchDir = join(root, 'scratch');
    mkdirSync(scratchDir, { recursive: true });

    const authInfo = await authorize(env, session.homeDir);
    const fields = authInfo.getFields();
    const org = await Org.create({ aliasOrUsername: fields.username });
    const connection = org.getConnection();
    const started = session;
    return {
      env,
      session: started,
      projectDir: started.project!.dir,
      scratchDir,
      org: {
        username: fields.username ?? '',
        orgId: org.getOrgId(),
        instanceUrl: connection.instanceUrl,
        loginUrl: fields.loginUrl ?? '',
      },
      connection,
      dispose: async (): Promise<void> => {
        await started.clean();
        remove();
      },
    };
  } catch (error) {
    await session?.clean();
    remove();
    throw error;
  }
}

export type CliRun = { command: string; code: number; stdout: string; stderr: string; ms: number };

/** The `--json` envelope: { status, result } on success, { status, name, message, actions, data } on failure. */
export type Envelope<T> = {
  status: number;
  result: T;
  name?: string;
  message?: string;
  actions?: string[];
  warnings?: string[];
};

/** Variables the commands must not inherit: the org's credentials, and a secret meant for another app. */
const WITHHELD = [
  'TESTKIT_AUTH_URL',
  'TESTKIT_JWT_KEY',
  'SF_ECA_CLIENT_SECRET',
  'SF_TARGET_ORG',
  'SF_ACCESS_TOKEN',
  'SFDX_ACCESS_TOKEN',
];

function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  for (const name of WITHHELD) delete env[name];
  if (LOG_FILE_SETTING === undefined) delete env.SF_DISABLE_LOG_FILE;
  else env.SF_DISABLE_LOG_FILE = LOG_FILE_SETTING;
  return { ...env, ...extra };
}

/**
 * Runs the CLI under test (`<cli> ...args`) in the project with the session's HOME. Never throws on an exit code:
 * tests assert it. Killed after timeoutMs.
 */
export function runCli(
  nut: Nut,
  args: string[],
  options: { timeoutMs: number; env?: Record<string, string> },
): Promise<CliRun> {
  const bin = determineExecutable('inherit');
  const [command, argv] = bin.endsWith('.js') ? [process.execPath, [bin, ...args]] : [bin, args];
  const label = `sf ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, argv, {
      cwd: nut.projectDir,
      env: cliEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs / 1000} s]`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command: label, code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The parsed `--json` envelope of a run; throws with the whole run when stdout is not JSON. */
export function envelopeOf<T>(run: CliRun): Envelope<T> {
  try {
    return JSON.parse(run.stdout) as Envelope<T>;
  } catch {
    throw new Error(`${run.command}: stdout is not JSON\n${explain(run)}`);
  }
}

/** A run, for an assertion message. The commands print no secret or token without --show-secrets, which no NUT passes. */
export const explain = (run: CliRun): string =>
  `${run.command}\nexit ${run.code} after ${Math.round(run.ms / 1000)} s\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;

/** A line in the test output that records what the real org did. */
export const note = (text: string): void => console.log(`      » ${text}`);

/** A run stamp for unique API names: the UTC time, to the second (yyyymmddhhmmss). */
export const runStamp = (date = new Date()): string => date.toISOString().replace(/\D/g, '').slice(0, 14);
