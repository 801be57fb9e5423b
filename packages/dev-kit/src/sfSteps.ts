/*
 * The pieces of the `sf` integration script: a step runner that prints each step and stops at the first
 * failure with the command's output, and the checks the steps share (JSON envelope, ECA files on disk,
 * schema validation, the plugin's commands from its manifest).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTEGRATION_USERNAME, appFiles as fixtureAppFiles } from '@plugin-eca/org-emulator';
import { REPO_ROOT, type TimedResult, npmCommand, run } from './sfCli.js';
import { validateAgainstEcaSchema } from './xsd.js';

const TAIL = 6000;

/** generate's flags for a client credentials app run as the emulator's API-only user (the tests, scripts and bench). */
export const CLIENT_CREDENTIALS_FLAGS: readonly string[] = [
  '--flow',
  'client-credentials',
  '--run-as-user',
  INTEGRATION_USERNAME,
  '--callback-url',
  'https://app.example.com/oauth/callback',
];

/** generate's flags for a JWT bearer app with a generated key pair, pre-authorized through ECA_Integration. */
export const JWT_BEARER_FLAGS: readonly string[] = [
  '--flow',
  'jwt-bearer',
  '--generate-certificate',
  '--permission-set',
  'ECA_Integration',
  '--callback-url',
  'https://app.example.com/oauth/callback',
];

/** The app the integration script and the benchmark generate: a headless client-credentials integration run as the emulator's API-only user. */
export const GENERATE_FLAGS = [
  '--name',
  'SF Integration Check',
  '--contact-email',
  'integrations@example.com',
  ...CLIENT_CREDENTIALS_FLAGS,
  '--scopes',
  'api',
];

export class StepFailure extends Error {
  /** Requests the emulator answered with 404/405/5xx while the step ran. */
  public gaps: string[] = [];
  public constructor(
    message: string,
    public readonly result?: TimedResult,
  ) {
    super(message);
  }

  public static of(result: TimedResult, reason?: string): StepFailure {
    return new StepFailure(`${result.command} exited ${result.code}${reason ? `: ${reason}` : ''}`, result);
  }
}

type Step = {
  <T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Runs the step only when the plugin has the command; otherwise records it as missing (which fails the run). */
  ifCommand<T>(commands: string[], id: string, title: string, body: () => Promise<T>): Promise<T | undefined>;
  note(line: string): void;
  summary(): void;
  fail(error: unknown): void;
};

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function stepRunner(): Step {
  const started = performance.now();
  const missing: string[] = [];
  let count = 0;
  const step = (async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    count += 1;
    out(`\n▶ [${count}] ${title}`);
    const t0 = performance.now();
    const value = await body();
    out(`  ✔ ${seconds(performance.now() - t0)}`);
    return value;
  }) as Step;
  step.ifCommand = async <T>(
    commands: string[],
    id: string,
    title: string,
    body: () => Promise<T>,
  ): Promise<T | undefined> => {
    if (commands.includes(id)) return step(title, body);
    missing.push(id.replace(/:/g, ' '));
    out(`\n▷ SKIPPED ${title}: the plugin has no \`sf ${id.replace(/:/g, ' ')}\` command yet (oclif.manifest.json)`);
    return undefined;
  };
  step.note = (line: string): void => out(`  · ${line}`);
  step.summary = (): void => {
    if (missing.length > 0) {
      out(
        `\n✖ ${count} steps passed, but these commands are missing, so their steps did not run: ${missing.map((m) => `sf ${m}`).join(', ')}`,
      );
      process.exitCode = 1;
      return;
    }
    out(`\n✔ all ${count} steps passed in ${seconds(performance.now() - started)}`);
  };
  step.fail = (error: unknown): void => {
    const failure = error instanceof StepFailure ? error : undefined;
    out(`  ✖ ${failure ? failure.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (failure?.result) {
      out(`  command: ${failure.result.command}\n  exit code: ${failure.result.code}`);
      out(
        `  --- stdout ---\n${failure.result.stdout.slice(-TAIL)}\n  --- stderr ---\n${failure.result.stderr.slice(-TAIL)}`,
      );
    }
    if (failure && failure.gaps.length > 0) {
      out(
        '  requests the emulator could not answer (emulator gaps: what the official CLI asked, and the answer it got):',
      );
      failure.gaps.forEach((gap) => out(`    ${gap}`));
      if (failure.gaps.some((gap) => / \/\/services\//.test(gap))) {
        out(
          "  hint: `sf org login access-token` stores the instance URL with a trailing slash, so the CLI asks for '//services/…'; an org answers it as '/services/…'.",
        );
      }
    }
    out('\n✖ sf integration failed');
  };
  return step;
}

export async function buildPlugin(): Promise<void> {
  const npm = npmCommand();
  const result = await run(npm.command, [...npm.prefix, 'run', 'build'], {
    cwd: REPO_ROOT,
    env: process.env,
    timeoutMs: 300_000,
  });
  if (result.code !== 0) throw StepFailure.of({ ...result, command: 'npm run build' });
}

/** The plugin's command ids (`eca:generate`, …) from oclif.manifest.json. */
export function pluginCommands(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, unknown>;
  };
  return Object.keys(manifest.commands);
}

type Envelope<T> = { status?: number; result?: T; name?: string; message?: string };

/** The `result` of a `--json` run that exited 0 with status 0; otherwise a StepFailure naming the error. */
export function expectJsonSuccess<T = unknown>(result: TimedResult): T {
  let envelope: Envelope<T>;
  try {
    envelope = JSON.parse(result.stdout) as Envelope<T>;
  } catch {
    throw StepFailure.of(result, 'stdout is not a JSON envelope');
  }
  if (result.code !== 0 || envelope.status !== 0) {
    throw StepFailure.of(
      result,
      `${envelope.name ?? 'error'}: ${envelope.message ?? `status ${String(envelope.status)}`}`,
    );
  }
  return envelope.result as T;
}

/** The five suffixes of an OAuth External Client App in source format. */
export const ECA_SUFFIXES = [
  '.eca-meta.xml',
  '.ecaGlblOauth-meta.xml',
  '.ecaOauth-meta.xml',
  '.ecaOauthPlcy-meta.xml',
  '.ecaPlcy-meta.xml',
];

/** Every ECA file under a project (node_modules and dot-folders left out), sorted. */
export function findAppFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findAppFiles(path));
    else if (ECA_SUFFIXES.some((suffix) => name.endsWith(suffix))) found.push(path);
  }
  return found.sort();
}

export async function checkSchemaOfFiles(files: string[]): Promise<void> {
  const problems: string[] = [];
  for (const file of files) {
    const result = await validateAgainstEcaSchema(readFileSync(file, 'utf8'), file.split('/').pop());
    problems.push(...result.problems.map((p) => `${file}:${p.line ?? '?'}: ${p.message}`));
  }
  if (problems.length > 0)
    throw new StepFailure(
      `generated files do not validate against the ECA schema (packages/org-emulator/schema/eca-metadata.xsd):\n${problems.join('\n')}`,
    );
}

/** Writes the emulator's hand-written app into a project (used while `eca generate` is missing); returns its files. */
export function writeFixtureApp(project: string, note: (line: string) => void): string[] {
  for (const file of fixtureAppFiles()) {
    const folder = join(project, 'force-app', 'main', 'default', file.folder);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${file.fullName}.${file.suffix}-meta.xml`), file.xml);
  }
  note("no eca generate yet: using the emulator's fixture app (packages/org-emulator/src/fixtures.ts)");
  return findAppFiles(project);
}

// The sf integration script's client credentials workaround: the programs it runs besides sf.

/** The programs the client credentials workaround runs, and where this machine has them (undefined: missing). */
export function findPrograms(
  names: readonly string[],
  path = process.env.PATH ?? '',
): Record<string, string | undefined> {
  return Object.fromEntries(
    names.map((name) => {
      const found = spawnSync('/bin/sh', ['-c', `command -v ${name}`], { env: { PATH: path }, encoding: 'utf8' });
      return [name, found.status === 0 ? found.stdout.trim() : undefined];
    }),
  );
}

/** What the client credentials workaround needs that this PATH lacks, as the step's failure; undefined when none. */
export function missingPrograms(path: string): string | undefined {
  const missing = Object.entries(findPrograms(['bash', 'curl', 'jq'], path))
    .filter(([, where]) => !where)
    .map(([name]) => name);
  if (missing.length === 0) return undefined;
  return `the printed workaround needs ${missing.join(' and ')}, which this machine lacks: install ${
    missing.length > 1 ? 'them' : 'it'
  } (sudo apt-get install ${missing.join(' ')}) and run npm run test:sf again`;
}
