/*
 * The verify lag: how long after a new app goes live `sf eca verify` reports the token, and how often it asks
 * meanwhile. The built ./bin/run.js against the org emulator with its propagation delay at 30 s and at 120 s (the
 * app refused as "not yet" until then): live = the app's creation + the delay; obtained = the emulator's arrival
 * time of the token request that succeeded. Targets: a lag of at most 5 s, at most one token request per 5 s on
 * average over the wait.
 *
 *   npx tsx scripts/bench/verifyLag.ts        # alone; npm run bench runs it too
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { authorizeEmulator, findApp, startEmulator } from '@plugin-eca/org-emulator';
import { type Verdict } from '@plugin-eca/dev-kit/benchMeasure';
import { runCli } from '@plugin-eca/dev-kit/runCli';
import { CLIENT_CREDENTIALS_FLAGS } from '@plugin-eca/dev-kit/sfSteps';

export const LAG_TARGET_MS = 5000;
export const INTERVAL_TARGET_MS = 5000;

export type LagFigure = {
  delayMs: number;
  lagMs: number;
  tokenRequests: number;
  /** The mean time between token requests, from the first to the one that succeeded. */
  meanIntervalMs: number;
  exitCode: number;
};

const APP = 'Lag_Check';

/** One measured run: a fresh emulator, a client credentials app deployed, verify while the app propagates. */
export async function measureLag(delayMs: number): Promise<LagFigure> {
  const emulator = await startEmulator();
  const home = mkdtempSync(join(tmpdir(), 'eca-bench-lag-home-'));
  const project = mkdtempSync(join(tmpdir(), 'eca-bench-lag-project-'));
  try {
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'emu' });
    const cli = (args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> =>
      runCli(args, { cwd: project, home, env, timeoutMs: delayMs + 120_000 });
    const generated = await cli([
      'eca',
      'generate',
      '--name',
      'Lag Check',
      '--contact-email',
      'integrations@example.com',
      ...CLIENT_CREDENTIALS_FLAGS,
    ]);
    if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
    const deployed = await cli(['eca', 'deploy', '--target-org', 'emu', '--json']);
    if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stdout}`);
    const app = findApp(emulator.state, APP)!;
    // The app is deployed now and goes live after the delay.
    app.createdAt = new Date();
    emulator.faults.propagationDelayMs = delayMs;
    const liveAt = app.createdAt.getTime() + delayMs;
    const before = emulator.requests.length;
    const verified = await cli(['eca', 'verify', '--target-org', 'emu', '--wait', '10', '--json'], {
      SF_ECA_CLIENT_SECRET: app.consumerSecret,
    });
    const tokenRequests = emulator.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path === '/services/oauth2/token');
    const success = tokenRequests.at(-1);
    const first = tokenRequests[0];
    return {
      delayMs,
      lagMs: success ? success.at.getTime() - liveAt : Number.NaN,
      tokenRequests: tokenRequests.length,
      meanIntervalMs:
        first && success && tokenRequests.length > 1
          ? (success.at.getTime() - first.at.getTime()) / (tokenRequests.length - 1)
          : Number.NaN,
      exitCode: verified.code,
    };
  } finally {
    await emulator.close();
    for (const folder of [home, project]) rmSync(folder, { recursive: true, force: true });
  }
}

export const describeLag = (figure: LagFigure): string =>
  `propagation ${figure.delayMs / 1000} s: token ${(figure.lagMs / 1000).toFixed(2)} s after the app went live; ` +
  `${figure.tokenRequests} token requests, one every ${(figure.meanIntervalMs / 1000).toFixed(2)} s; exit ${figure.exitCode}`;

export function lagVerdicts(figures: LagFigure[]): Array<{ what: string } & Verdict> {
  return figures.flatMap((f) => [
    {
      what: `verify reports the token within 5 s of the app going live (propagation ${f.delayMs / 1000} s)`,
      line: `lag ${(f.lagMs / 1000).toFixed(2)} s (target ≤ ${LAG_TARGET_MS / 1000} s)`,
      pass: f.exitCode === 0 && f.lagMs <= LAG_TARGET_MS,
    },
    {
      what: `verify asks at most once per 5 s on average (propagation ${f.delayMs / 1000} s)`,
      line: `one token request every ${(f.meanIntervalMs / 1000).toFixed(2)} s (target ≥ ${INTERVAL_TARGET_MS / 1000} s)`,
      // A few milliseconds of timer slack either way.
      pass: f.meanIntervalMs >= INTERVAL_TARGET_MS - 50,
    },
  ]);
}

/** Both delays, side by side (each its own emulator; the runs mostly wait). */
export const measureLags = (delays: number[] = [30_000, 120_000]): Promise<LagFigure[]> =>
  Promise.all(delays.map((delay) => measureLag(delay)));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await measureLags();
  for (const figure of figures) process.stdout.write(`  ${describeLag(figure)}\n`);
  for (const verdict of lagVerdicts(figures))
    process.stdout.write(`  ${verdict.pass ? 'OK  ' : 'MISS'} ${verdict.what}: ${verdict.line}\n`);
}
