/*
 * Runs the built CLI for a command that prints an OAuth authorize URL and then waits for the browser login
 * (`sf eca verify --flow web-server --no-browser`): resolves the URL as soon as it is printed, and the command's
 * result when it ends. If it ends without printing the URL, the URL promise rejects with what it printed.
 */
import { spawn } from 'node:child_process';
import { BIN, type CliResult, cliEnv } from '@plugin-eca/dev-kit/runCli';

export type AwaitingLogin = { authorizeUrl: Promise<string>; done: Promise<CliResult>; kill: () => void };

export type AwaitingLoginOptions = {
  args: string[];
  cwd: string;
  home: string;
  input?: string;
  timeoutMs?: number;
  /** How to show the result when the command ended before printing the URL. */
  describe?: (result: CliResult) => string;
};

const AUTHORIZE_URL = /(https?:\/\/\S+\/services\/oauth2\/authorize\?\S+)/;

export function startAwaitingLogin(options: AwaitingLoginOptions): AwaitingLogin {
  const child = spawn(process.execPath, [BIN, ...options.args], {
    cwd: options.cwd,
    env: cliEnv(options.home),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.input ?? '');
  let stdout = '';
  let stderr = '';
  let found: (url: string) => void;
  const printed = new Promise<string>((resolve) => (found = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const match = AUTHORIZE_URL.exec(stdout);
    if (match) found(match[1]);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  const describe =
    options.describe ?? ((result: CliResult): string => `exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  const endedFirst = done.then((result) =>
    Promise.reject(new Error(`the command ended before printing the authorize URL\n${describe(result)}`)),
  );
  return { authorizeUrl: Promise.race([printed, endedFirst]), done, kill: () => child.kill('SIGKILL') };
}
