/*
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would, and types an
 * answer once the output shows a prompt: for the commands that ask before they change something.
 */
import { spawn } from 'node:child_process';
import { BIN, type CliResult, cliEnv } from '@plugin-eca/dev-kit/runCli';

export type TerminalOptions = {
  cwd: string;
  home: string;
  /** Typed (with Enter) once the output matches `prompt`. */
  answer: string;
  prompt: RegExp;
  timeoutMs?: number;
};

const quote = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`;

/** stdout holds everything the terminal showed (stdout and stderr both), with \r\n line ends. */
export function runCliOnTerminal(args: string[], options: TerminalOptions): Promise<CliResult & { answered: boolean }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: cliEnv(options.home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!answered && options.prompt.test(stdout)) {
        answered = true;
        child.stdin.write(`${options.answer}\r`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, answered });
    });
  });
}
