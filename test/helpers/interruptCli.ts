/*
 * Runs the built CLI as runCli does, and sends it a signal (Ctrl-C: SIGINT) once its output shows a given text,
 * as a person pressing Ctrl-C at that moment would. The child's TMPDIR is a folder of its own, so a test can check
 * that the command left no temporary files behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, type CliResult, cliEnv } from '@plugin-eca/dev-kit/runCli';

export type InterruptedRun = CliResult & { signalled: boolean; tmpDir: string };

export type InterruptOptions = {
  cwd: string;
  home: string;
  /**
   * Send the signal once stdout or stderr has matched this, after this many milliseconds, or once this function
   * (polled every 20 ms, e.g. on the emulator's request log) returns true.
   */
  when: RegExp | number | (() => boolean);
  signal?: NodeJS.Signals;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
};

export function runCliAndInterrupt(args: string[], options: InterruptOptions): Promise<InterruptedRun> {
  const tmpDir = mkdtempSync(join(tmpdir(), 'eca-interrupt-tmp-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      // No V8 compile cache in that folder: it is Node's, not the command's.
      env: cliEnv(options.home, { TMPDIR: tmpDir, NODE_DISABLE_COMPILE_CACHE: '1', ...options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const send = (): void => {
      if (signalled) return;
      signalled = true;
      child.kill(options.signal ?? 'SIGINT');
    };
    const check = (): void => {
      if (options.when instanceof RegExp && options.when.test(stdout + stderr)) send();
    };
    const delayed = typeof options.when === 'number' ? setTimeout(send, options.when) : undefined;
    const when = options.when;
    const polled = typeof when === 'function' ? setInterval(() => when() && send(), 20) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(delayed);
      clearInterval(polled);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr, signalled, tmpDir });
    });
    child.stdin.end('');
  });
}
