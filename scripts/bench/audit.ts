/*
 * The scale of `sf eca audit` (issue 11), measured with the built CLI (bin/run.js) in an isolated HOME:
 *   - org mode against the emulator seeded with 10, 100 and 500 apps (four External Client Apps in five, one
 *     Connected App in five, as copies of a real one): wall time and requests; targets: the same requests for every
 *     size, 500 apps in under 2x the time of 10;
 *   - source mode over a project of 10, 100 and 500 apps: wall time of the command (start-up included) and of the
 *     reading and judging alone (in process); target: 500 apps read in under 2 s.
 * Run alone with `npx tsx scripts/bench/audit.ts [--reps 3]`, or as part of `npm run bench`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  addConnectedApp,
  appFiles,
  authorizeEmulator,
  type Emulator,
  seedAuditOrg,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';
import { REPO_ROOT } from '@plugin-eca/dev-kit/sfCli';
import { type Measured, type Verdict, describe, interleaved, summarize } from '@plugin-eca/dev-kit/benchMeasure';

export const SIZES = [10, 100, 500] as const;
const CONNECTED_APP = join(
  REPO_ROOT,
  'test/fixtures/corpus/connectedapp/sarath16581__AP-Backup/force-app/main/default/connectedApps/SumoLogic.connectedApp-meta.xml',
);

type Out = (line?: string) => void;

/** An org of `size` apps: the seeded insecure cases and secure apps (4 in 5), copies of a real Connected App (1 in 5). */
async function seededOrg(size: number, home: string): Promise<Emulator> {
  const emulator = await startEmulator();
  const connectedApps = Math.floor(size / 5);
  seedAuditOrg(emulator.state, size - connectedApps);
  const xml = readFileSync(CONNECTED_APP, 'utf8');
  for (let i = 0; i < connectedApps; i++) addConnectedApp(emulator.state, `Legacy_App_${i}`, xml);
  await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'emu' });
  return emulator;
}

/** A DX project of `size` apps in source form, in a folder under `work`. */
function project(size: number, work: string): string {
  const dir = join(work, `project-${size}`);
  const base = join(dir, 'force-app', 'main', 'default');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sfdx-project.json'), '{"packageDirectories":[{"path":"force-app","default":true}]}');
  const connectedApps = Math.floor(size / 5);
  for (let i = 0; i < size - connectedApps; i++) {
    for (const file of appFiles({ appName: `Bench_App_${i}` })) {
      mkdirSync(join(base, file.folder), { recursive: true });
      writeFileSync(join(base, file.folder, `${file.fullName}.${file.suffix}-meta.xml`), file.xml);
    }
  }
  mkdirSync(join(base, 'connectedApps'), { recursive: true });
  const xml = readFileSync(CONNECTED_APP, 'utf8');
  for (let i = 0; i < connectedApps; i++)
    writeFileSync(join(base, 'connectedApps', `Legacy_App_${i}.connectedApp-meta.xml`), xml);
  return dir;
}

const ratio = (a: Measured, b: Measured): string => (a.ms / b.ms).toFixed(2);

export async function benchAudit(options: { reps: number; out: Out }): Promise<Array<{ what: string } & Verdict>> {
  const { reps, out } = options;
  const verdicts: Array<{ what: string } & Verdict> = [];
  const work = mkdtempSync(join(tmpdir(), 'plugin-eca-bench-audit-'));
  const emulators: Emulator[] = [];
  try {
    out(`\n5. sf eca audit at scale (${reps} repetitions, built CLI)`);
    const orgRuns = [];
    const lastRequests = new Map<number, string[]>();
    for (const size of SIZES) {
      const home = join(work, `home-${size}`);
      mkdirSync(home);
      const emulator = await seededOrg(size, home);
      emulators.push(emulator);
      orgRuns.push({
        label: `org mode, ${size} apps`,
        run: async () => {
          const before = emulator.requests.length;
          const started = Date.now();
          const result = await runCli(['eca', 'audit', '--target-org', 'emu', '--json', '--fail-on', 'never'], {
            cwd: work,
            home,
          });
          const ms = Date.now() - started;
          const requests = emulator.requests
            .slice(before)
            .map((r) => `${r.method} ${r.path.replace(/\/services\/data\/v[\d.]+/, '…')}`);
          lastRequests.set(size, requests);
          return { ...result, command: `sf eca audit (${size} apps)`, ms, requests: requests.length };
        },
      });
    }
    const org = (await interleaved(reps, orgRuns)).map(summarize);
    org.forEach((m) => out(`  ${describe(m)}`));
    out(`  requests of one audit of 500 apps: ${(lastRequests.get(500) ?? []).join(', ')}`);
    out(`  ratios: 100/10 apps ${ratio(org[1], org[0])}×, 500/10 apps ${ratio(org[2], org[0])}×`);
    const sameRequests = org.every((m) => m.requests !== undefined && m.requests === org[0].requests);
    verdicts.push({
      what: 'sf eca audit --target-org: the same requests for 10, 100 and 500 apps',
      line: `requests ${org.map((m) => m.requests).join(' / ')} ${sameRequests ? 'PASS' : 'MISS'}`,
      pass: org.some((m) => m.failure) ? undefined : sameRequests,
    });
    const orgRatio = org[2].ms / org[0].ms;
    verdicts.push({
      what: 'sf eca audit --target-org: 500 apps in under 2× the time of 10',
      line: `ratio ${orgRatio.toFixed(2)}× (target < 2.00×) ${orgRatio < 2 ? 'PASS' : 'MISS'}`,
      pass: org.some((m) => m.failure) ? undefined : orgRatio < 2,
    });
    verdicts.slice(-2).forEach((v) => out(`  ${v.line}`));

    const home = isolatedHome();
    const projects = SIZES.map((size) => project(size, work));
    const sourceRuns = SIZES.map((size, index) => ({
      label: `source mode, ${size} apps (the command)`,
      run: async () => {
        const started = Date.now();
        const result = await runCli(['eca', 'audit', '--json', '--fail-on', 'never'], { cwd: projects[index], home });
        return { ...result, command: `sf eca audit (source, ${size} apps)`, ms: Date.now() - started };
      },
    }));
    const { auditSource } = await import('../../src/jobs/auditSource.js');
    const { defaultAuditConfig } = await import('../../src/model/auditConfig.js');
    const inProcess = SIZES.map((size, index) => ({
      label: `source mode, ${size} apps (reading and judging)`,
      run: async () => {
        const dir = join(projects[index], 'force-app');
        const started = Date.now();
        const apps = await auditSource({ dirs: [dir], baseDir: projects[index], config: defaultAuditConfig() });
        const ms = Date.now() - started;
        const ok = apps.length === size;
        return {
          code: ok ? 0 : 1,
          stdout: ok ? '' : `${apps.length} apps read`,
          stderr: '',
          command: 'auditSource',
          ms,
        };
      },
    }));
    const source = (await interleaved(reps, [...sourceRuns, ...inProcess])).map(summarize);
    source.forEach((m) => out(`  ${describe(m)}`));
    out(
      `  ratios: 100/10 apps ${ratio(source[1], source[0])}×, 500/10 apps ${ratio(source[2], source[0])}× (the command)`,
    );
    const reading = source[5];
    verdicts.push({
      what: 'sf eca audit (source mode) reads 500 apps in under 2 s',
      line: `${(reading.ms / 1000).toFixed(2)} s reading and judging, ${(source[2].ms / 1000).toFixed(2)} s the whole command (target < 2 s) ${reading.ms < 2000 ? 'PASS' : 'MISS'}`,
      pass: reading.failure ? undefined : reading.ms < 2000,
    });
    out(`  ${verdicts.at(-1)!.line}`);
    rmSync(home, { recursive: true, force: true });
  } finally {
    await Promise.all(emulators.map((e) => e.close()));
    rmSync(work, { recursive: true, force: true });
  }
  return verdicts;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' } } });
  const out: Out = (line = '') => void process.stdout.write(`${line}\n`);
  const verdicts = await benchAudit({ reps: Number(values.reps), out });
  const missed = verdicts.filter((v) => v.pass === false);
  out(`\n${verdicts.length - missed.length} of ${verdicts.length} audit targets met`);
  missed.forEach((v) => out(`  MISS ${v.what}`));
}
