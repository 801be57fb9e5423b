/*
 * The official Salesforce CLI, pinned, for the `sf` integration script and the benchmark: installs
 * `@salesforce/cli@<version>` from npm into a folder outside the repository (reused when it is already there),
 * runs `sf` with the project's Node (process.execPath: Node 22 under npm scripts) in an isolated HOME, and
 * links this plugin into that HOME without touching the repository's node_modules.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './repoRoot.js';
import { type CliResult, cliEnv } from './runCli.js';

/** The `@salesforce/cli` version the integration script and the benchmark run against. */
export const SF_CLI_VERSION = '2.150.6';

export { REPO_ROOT };

export type SfInstall = { version: string; folder: string; runJs: string };

export type RunOptions = {
  cwd: string;
  home: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Options for Node itself (e.g. `--import x.mjs`), before the script. */
  nodeOptions?: string[];
  /** A program that runs Node (e.g. `/usr/bin/time -o file`), before it. */
  wrapper?: string[];
};

export type TimedResult = CliResult & { ms: number; command: string };

const installFolder = (version: string): string =>
  process.env.PLUGIN_ECA_SF_DIR ?? join(tmpdir(), `plugin-eca-sf-${version}`);

const runJsOf = (folder: string): string => join(folder, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');

function installedVersion(folder: string): string | undefined {
  try {
    const pjson = JSON.parse(
      readFileSync(join(folder, 'node_modules', '@salesforce', 'cli', 'package.json'), 'utf8'),
    ) as { version?: string };
    return existsSync(runJsOf(folder)) ? pjson.version : undefined;
  } catch {
    return undefined;
  }
}

/** The npm CLI that belongs to the running Node (npm_execpath under npm scripts), else `npm` on PATH. */
export function npmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath?.endsWith('.js') || execPath?.endsWith('.cjs')) return { command: process.execPath, prefix: [execPath] };
  return { command: 'npm', prefix: [] };
}

/**
 * Installs `@salesforce/cli@version` into `$TMPDIR/plugin-eca-sf-<version>` (or $PLUGIN_ECA_SF_DIR) unless that
 * folder already holds it. Installs into a sibling folder first and renames it, so an interrupted install is
 * never mistaken for a finished one.
 */
export async function ensureSfCli(
  version = SF_CLI_VERSION,
  log: (line: string) => void = () => {},
): Promise<SfInstall> {
  const folder = installFolder(version);
  if (installedVersion(folder) === version) return { version, folder, runJs: runJsOf(folder) };
  const partial = `${folder}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: 'plugin-eca-sf-cli', private: true }) + '\n');
  log(`installing @salesforce/cli@${version} into ${folder} (once; about a minute and 300 MB)`);
  const npm = npmCommand();
  const result = await run(
    npm.command,
    [...npm.prefix, 'install', '--no-audit', '--no-fund', '--no-save', `@salesforce/cli@${version}`],
    {
      cwd: partial,
      env: { ...process.env, npm_config_loglevel: 'error' },
      timeoutMs: 15 * 60_000,
    },
  );
  if (result.code !== 0 || installedVersion(partial) !== version) {
    throw new Error(
      `npm install @salesforce/cli@${version} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(dirname(folder), { recursive: true });
  renameSync(partial, folder);
  return { version, folder, runJs: runJsOf(folder) };
}

/** Runs `sf ...args` from the pinned install with the project's Node in an isolated HOME; never throws on exit codes. */
export function runSf(install: SfInstall, args: string[], options: RunOptions): Promise<TimedResult> {
  return runNode([install.runJs, ...args], options, `sf ${args.join(' ')}`);
}

/** Runs a Node script (e.g. ./bin/run.js) with the project's Node in an isolated HOME. */
export function runNode(argv: string[], options: RunOptions, label = `node ${argv.join(' ')}`): Promise<TimedResult> {
  const [command, ...args] = [...(options.wrapper ?? []), process.execPath, ...(options.nodeOptions ?? []), ...argv];
  return run(command, args, { ...options, env: cliEnv(options.home, options.env) }).then((r) => ({
    ...r,
    command: label,
  }));
}

/** `sf plugins link <repo> --no-install`: the repository's own node_modules are used as they are. */
export async function linkPlugin(install: SfInstall, home: string, repo = REPO_ROOT): Promise<TimedResult> {
  return runSf(install, ['plugins', 'link', repo, '--no-install'], { cwd: home, home });
}

export type SpawnOptions = { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number };

/** Runs any program; resolves with its exit code, output and duration (never rejects on a non-zero exit). */
export function run(command: string, args: string[], options: SpawnOptions): Promise<CliResult & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs ?? 180_000} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}
