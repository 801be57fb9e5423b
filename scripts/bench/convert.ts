/*
 * The scale of `sf eca convert` (issue 12), measured with the built CLI (bin/run.js) in an isolated HOME:
 *   - `--all --target-org --dry-run` against the emulator holding 10 and 100 Connected Apps (copies of a real one):
 *     wall time and requests; target: the same requests for both sizes (one list, one retrieve, one SOQL query);
 *   - the conversion alone (reading, mapping, rendering, parsing back, re-checking) of 100 apps in process;
 *     target: under 2 s.
 * Run alone with `npx tsx scripts/bench/convert.ts [--reps 3]`, or as part of `npm run bench`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { addConnectedApp, authorizeEmulator, type Emulator, startEmulator } from '@plugin-eca/org-emulator';
import { runCli } from '@plugin-eca/dev-kit/runCli';
import { REPO_ROOT } from '@plugin-eca/dev-kit/sfCli';
import { type Verdict, describe, interleaved, summarize } from '@plugin-eca/dev-kit/benchMeasure';

const SIZES = [10, 100] as const;
const CONNECTED_APP = join(
  REPO_ROOT,
  'test/fixtures/corpus/connectedapp/jxbambrick__Dreamforce-Advanced-CLI/force-app/main/default/connectedApps/GitHub_Actions.connectedApp-meta.xml',
);

type Out = (line?: string) => void;

export async function benchConvert(options: { reps: number; out: Out }): Promise<Array<{ what: string } & Verdict>> {
  const { reps, out } = options;
  const verdicts: Array<{ what: string } & Verdict> = [];
  const work = mkdtempSync(join(tmpdir(), 'plugin-eca-bench-convert-'));
  const emulators: Emulator[] = [];
  const xml = readFileSync(CONNECTED_APP, 'utf8');
  try {
    out(`\n6. sf eca convert at scale (${reps} repetitions, built CLI)`);
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'sfdx-project.json'), '{"packageDirectories":[{"path":"force-app","default":true}]}');
    const runs = [];
    for (const size of SIZES) {
      const home = join(work, `home-${size}`);
      mkdirSync(home);
      const emulator = await startEmulator();
      emulators.push(emulator);
      for (let i = 0; i < size; i++) addConnectedApp(emulator.state, `Legacy_App_${i}`, xml);
      await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'emu' });
      runs.push({
        label: `--all --target-org --dry-run, ${size} apps`,
        run: async () => {
          const before = emulator.requests.length;
          const started = Date.now();
          const result = await runCli(['eca', 'convert', '--all', '--target-org', 'emu', '--dry-run', '--json'], {
            cwd: project,
            home,
          });
          const ms = Date.now() - started;
          return {
            ...result,
            command: `sf eca convert (${size} apps)`,
            ms,
            requests: emulator.requests.length - before,
          };
        },
      });
    }
    const measured = (await interleaved(reps, runs)).map(summarize);
    measured.forEach((m) => out(`  ${describe(m)}`));
    const same = measured.every((m) => m.requests !== undefined && m.requests === measured[0].requests);
    verdicts.push({
      what: 'sf eca convert --target-org: the same requests for 10 and 100 apps',
      line: `requests ${measured.map((m) => m.requests).join(' / ')} ${same ? 'PASS' : 'MISS'}`,
      pass: measured.some((m) => m.failure) ? undefined : same,
    });

    const { parseConnectedApp } = await import('../../src/metadata/connectedApp.js');
    const { convertOne } = await import('../../src/jobs/convert.js');
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      const file = parseConnectedApp(xml, `Legacy_App_${i}.connectedApp-meta.xml`);
      if (convertOne(file, {}, join(work, 'out')).status !== 'converted')
        throw new Error(`Legacy_App_${i} not converted`);
    }
    const ms = Date.now() - started;
    out(`  conversion alone, 100 apps in process: ${(ms / 1000).toFixed(2)} s`);
    verdicts.push({
      what: 'sf eca convert: 100 apps mapped, rendered, parsed back and re-checked in under 2 s',
      line: `${(ms / 1000).toFixed(2)} s (target < 2.00 s) ${ms < 2000 ? 'PASS' : 'MISS'}`,
      pass: ms < 2000,
    });
    verdicts.forEach((v) => out(`  ${v.line}`));
    return verdicts;
  } finally {
    await Promise.all(emulators.map((e) => e.close()));
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' } } });
  const out: Out = (line = '') => void process.stdout.write(`${line}\n`);
  const verdicts = await benchConvert({ reps: Number(values.reps), out });
  process.exitCode = verdicts.every((v) => v.pass !== false) ? 0 : 1;
}
