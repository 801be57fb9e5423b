/*
 * Measuring for `npm run bench`: repeated runs with medians, ratios against targets, and the installed size of
 * the production dependencies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type TimedResult } from './sfCli.js';

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export type Sample = { ms: number; cpuMs?: number; requests?: number };

export type RunOutcome = TimedResult & { cpuMs?: number; requests?: number };

export type Series = { label: string; samples: Sample[]; failure?: string };

export type Measured = { label: string; ms: number; cpuMs?: number; requests?: number; runs: number; failure?: string };

export const summarize = (series: Series): Measured => {
  const requests = series.samples.map((s) => s.requests).filter((r): r is number => r !== undefined);
  const cpu = series.samples.map((s) => s.cpuMs).filter((c): c is number => c !== undefined);
  return {
    label: series.label,
    ms: median(series.samples.map((s) => s.ms)),
    cpuMs: cpu.length ? median(cpu) : undefined,
    requests: requests.length ? median(requests) : undefined,
    runs: series.samples.length,
    failure: series.failure,
  };
};

/**
 * Runs the given commands `reps` times each, interleaved (A B A B …) so that a machine's changing load hits both
 * alike. A command that fails stops its series with the failure recorded.
 */
export async function interleaved(
  reps: number,
  runs: Array<{ label: string; run: () => Promise<RunOutcome> }>,
): Promise<Series[]> {
  const series: Series[] = runs.map((r) => ({ label: r.label, samples: [] }));
  for (let i = 0; i < reps; i++) {
    for (const [index, entry] of runs.entries()) {
      if (series[index].failure) continue;
      const result = await entry.run();
      if (result.code !== 0)
        series[index].failure =
          `${result.command} exited ${result.code}: ${(result.stdout + result.stderr).trim().slice(0, 1500)}`;
      else series[index].samples.push({ ms: result.ms, cpuMs: result.cpuMs, requests: result.requests });
    }
  }
  return series;
}

export const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

export type Verdict = { line: string; pass: boolean | undefined };

/** `ratio 0.52× (target ≤ 0.60×) PASS`; n/a when either side did not run. */
export function ratioVerdict(subject: Measured, baseline: Measured, target: number): Verdict {
  if (subject.failure || baseline.failure || !subject.runs || !baseline.runs)
    return { line: `ratio n/a (target ≤ ${target.toFixed(2)}×) NOT MEASURED`, pass: undefined };
  const ratio = subject.ms / baseline.ms;
  const pass = ratio <= target;
  const cpu =
    subject.cpuMs !== undefined && baseline.cpuMs ? `; CPU ${(subject.cpuMs / baseline.cpuMs).toFixed(2)}×` : '';
  return {
    line: `ratio ${ratio.toFixed(2)}× wall${cpu} (target ≤ ${target.toFixed(2)}×) ${pass ? 'PASS' : 'MISS'}`,
    pass,
  };
}

export function requestVerdict(subject: Measured, baseline: Measured): Verdict {
  if (subject.requests === undefined || baseline.requests === undefined)
    return { line: 'requests n/a NOT MEASURED', pass: undefined };
  const pass = subject.requests <= baseline.requests;
  return {
    line: `requests ${subject.requests} vs ${baseline.requests} (target: no more) ${pass ? 'PASS' : 'MISS'}`,
    pass,
  };
}

export const describe = (m: Measured): string =>
  m.failure
    ? `${m.label}: FAILED ${m.failure}`
    : `${m.label.padEnd(52)} ${seconds(m.ms).padStart(8)} wall${m.cpuMs !== undefined ? ` ${seconds(m.cpuMs).padStart(8)} CPU` : ''}${m.requests !== undefined ? `  ${m.requests} requests` : ''}  (median of ${m.runs})`;

const TIME = '/usr/bin/time';

/** `/usr/bin/time -f "%U %S" -o file` where it exists (user + system CPU of the child), else nothing. */
export function cpuTimer(file: string): { wrapper?: string[]; read: () => number | undefined } {
  if (!existsSync(TIME)) return { read: () => undefined };
  return {
    wrapper: [TIME, '-f', '%U %S', '-o', file],
    read: (): number | undefined => {
      try {
        const [user, system] = readFileSync(file, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        rmSync(file, { force: true });
        return Number.isFinite(user + system) ? (user + system) * 1000 : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Bytes on disk of a folder's files, its nested node_modules left out (they are counted as packages of their own). */
function ownSize(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      if (name !== 'node_modules') total += ownSize(path);
    } else if (stat.isFile()) total += stat.size;
  }
  return total;
}

/**
 * The installed size of the production dependency tree (`npm ls --omit=dev --all --parseable --workspaces=false`),
 * the project itself left out. `--workspaces=false`: npm counts the repository's private workspace packages
 * (packages/*, never shipped) and their dependencies as production ones; users install none of them.
 */
export function productionDependencySize(
  root: string,
  npm: { command: string; prefix: string[] },
): { bytes: number; packages: number } {
  let out: string;
  try {
    out = execFileSync(npm.command, [...npm.prefix, 'ls', '--omit=dev', '--all', '--parseable', '--workspaces=false'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // npm ls exits 1 on extraneous or invalid packages but still lists the tree
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const dirs = [
    ...new Set(
      out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && l !== root),
    ),
  ];
  return { bytes: dirs.reduce((sum, dir) => sum + ownSize(dir), 0), packages: dirs.length };
}
