/*
 * Authorizes the Salesforce CLI against the emulator, as `sf org login access-token` would: saves an org
 * auth (AuthInfo with access-token options) with an alias in the given HOME. It runs in a child process
 * with HOME set to that directory, so the calling process's own HOME and config are never touched.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliEnv } from './cliEnv.js';

export type AuthorizeOptions = {
  /** The HOME that receives the auth files (~/.sfdx, ~/.sf). */
  home: string;
  /** The emulator's URL. */
  instanceUrl: string;
  /** Default: a new session for the admin, asked of the emulator. */
  accessToken?: string;
  /** The user to open a session for when no accessToken is given (default admin@eca-emulator.test). */
  username?: string;
  alias?: string;
  /** Make it the default org (target-org) in the HOME's global config. */
  setDefault?: boolean;
};

export type AuthorizeResult = { username: string; orgId: string; alias?: string };

const CHILD = fileURLToPath(new URL('./cliAuthChild.ts', import.meta.url));

async function openRemoteSession(instanceUrl: string, username?: string): Promise<string> {
  const response = await fetch(`${instanceUrl}/_emulator/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(username ? { username } : {}).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`the emulator refused a session: ${body.error_description ?? response.status}`);
  return body.access_token;
}

export async function authorizeEmulator(options: AuthorizeOptions): Promise<AuthorizeResult> {
  const accessToken = options.accessToken ?? (await openRemoteSession(options.instanceUrl, options.username));
  const input = JSON.stringify({
    accessToken,
    instanceUrl: options.instanceUrl,
    alias: options.alias,
    setDefault: options.setDefault ?? false,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD], {
      cwd: options.home,
      env: cliEnv(options.home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`authorizing the emulator failed (exit ${code ?? -1}): ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as AuthorizeResult);
      } catch {
        reject(new Error(`authorizing the emulator printed no result: ${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(input);
  });
}
