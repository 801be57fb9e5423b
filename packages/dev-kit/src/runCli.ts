/*
 * Runs the built CLI (bin/run.js) as a user would, in a child process with its own HOME, so that no test
 * reads or writes the developer's Salesforce config. The tests run on Node 22 (npm scripts put the
 * project's `node` package first on PATH), so process.execPath is the right interpreter.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv as emulatorCliEnv } from '@plugin-eca/org-emulator';
import { REPO_ROOT } from './repoRoot.js';

export const BIN = join(REPO_ROOT, 'bin', 'run.js');

export type CliResult = { code: number; stdout: string; stderr: string };

export type CliOptions = {
  cwd: string;
  home: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
};

/** A fresh, empty HOME for one test. */
export const isolatedHome = (): string => mkdtempSync(join(tmpdir(), 'eca-home-'));

/** The environment every CLI run gets: isolated HOME and config, no colour, no update checks or telemetry. */
export function cliEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = emulatorCliEnv(home);
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Run `bin/run.js ...args` and collect its output. Never throws on a non-zero exit: tests assert the code. */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: cliEnv(options.home, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Parse the `--json` envelope ({ status, result } or { status, name, message, ... }) of a run. */
export function parseJson<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
