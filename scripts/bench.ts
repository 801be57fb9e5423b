/*
 * npm run bench: the plugin measured against the official commands, in one run, medians of several repetitions.
 *   1. cold start: `sf eca generate` vs `sf template generate apex class` (same sf install, same HOME), and
 *      `./bin/run.js eca generate` vs `./bin/run.js --version` (the floor);
 *   2. `sf eca deploy` vs `sf project deploy start --source-dir` of the same files on the same org emulator with
 *      50 ms added to every request, with the number of HTTP requests each made;
 *   3. `sf eca verify` once the app is live: start to confirmed API call; 3b. the verify lag after propagation
 *      (scripts/bench/verifyLag.ts: token within 5 s of the app going live, one request per 5 s);
 *   4. the installed size of the production dependencies;
 *   5. `sf eca audit` with 10, 100 and 500 apps, in org and in source mode (scripts/bench/audit.ts);
 *   6. `sf eca convert --all --target-org` with 10 and 100 Connected Apps, and 100 conversions in process
 *      (scripts/bench/convert.ts).
 * Targets: generate ≤ 0.6× template; deploy ≤ 0.7× project deploy with no more requests; bin/run generate ≤ 1.5× --version.
 *
 * `sf plugins link` of a development checkout makes oclif register tsx in front of every module load (the
 * checkout has a tsconfig.json and tsx); an installed plugin has neither. Each `sf eca` figure is therefore
 * measured twice: as linked, and as installed (scripts/oclif-no-autotranspile.mjs preloaded). The verdicts use
 * the installed figure, which is what users run. Wall time is the target; CPU time (user + system, from
 * /usr/bin/time) is printed next to it because it is far steadier on a busy machine.
 *
 *   npm run bench                      # build first, 7 repetitions (5 for the deploys, 3 for verify)
 *   npm run bench -- --reps 3 --skip-build
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Emulator, authorizeEmulator, findApp, startEmulator } from '@plugin-eca/org-emulator';
import { BIN } from '@plugin-eca/dev-kit/runCli';
import {
  REPO_ROOT,
  SF_CLI_VERSION,
  type RunOptions,
  ensureSfCli,
  linkPlugin,
  npmCommand,
  runNode,
} from '@plugin-eca/dev-kit/sfCli';
import {
  type Measured,
  type RunOutcome,
  type Verdict,
  cpuTimer,
  describe,
  interleaved,
  productionDependencySize,
  ratioVerdict,
  requestVerdict,
  summarize,
} from '@plugin-eca/dev-kit/benchMeasure';
import {
  GENERATE_FLAGS,
  buildPlugin,
  findAppFiles,
  pluginCommands,
  writeFixtureApp,
} from '@plugin-eca/dev-kit/sfSteps';
import { benchAudit } from './bench/audit.js';
import { benchConvert } from './bench/convert.js';
import { describeLag, lagVerdicts, measureLags } from './bench/verifyLag.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '7' },
    'deploy-reps': { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    latency: { type: 'string', default: '50' },
  },
});
const reps = Number(values.reps);
const deployReps = Number(values['deploy-reps'] ?? Math.min(reps, 5));
const latencyMs = Number(values.latency);
const AS_INSTALLED = ['--import', fileURLToPath(new URL('./oclif-no-autotranspile.mjs', import.meta.url))];

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const verdicts: Array<{ what: string } & Verdict> = [];
const report = (what: string, verdict: Verdict): void => {
  verdicts.push({ what, ...verdict });
  out(`  ${verdict.line}`);
};
const show = (list: Measured[]): void => list.forEach((m) => out(`  ${describe(m)}`));

const work = mkdtempSync(join(tmpdir(), 'plugin-eca-bench-'));
const home = join(work, 'home');
const project = join(work, 'project');
mkdirSync(home);
mkdirSync(project);
writeFileSync(
  join(project, 'sfdx-project.json'),
  JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
);
let emulator: Emulator | undefined;
let counter = 0;
const fresh = (): string => {
  const dir = join(work, `out-${++counter}`);
  mkdirSync(dir);
  return dir;
};

try {
  if (!values['skip-build']) await buildPlugin();
  const commands = pluginCommands();
  const sf = await ensureSfCli(SF_CLI_VERSION, out);
  const linked = await linkPlugin(sf, home);
  if (linked.code !== 0) throw new Error(`sf plugins link failed: ${linked.stderr}`);

  /** One timed run of `node <argv>` in the project with the isolated HOME; CPU time when /usr/bin/time exists. */
  const timed =
    (label: string, argv: () => string[], extra: Partial<RunOptions> = {}) =>
    async (): Promise<RunOutcome> => {
      const timer = cpuTimer(join(work, `cpu-${++counter}.txt`));
      const result = await runNode(argv(), { cwd: project, home, wrapper: timer.wrapper, ...extra }, label);
      return { ...result, cpuMs: timer.read() };
    };
  const sfArgs = (...args: string[]): string[] => [sf.runJs, ...args];
  const generateArgs = (): string[] => ['eca', 'generate', ...GENERATE_FLAGS, '--output-dir', fresh()];
  const hasGenerate = commands.includes('eca:generate');
  const missing = (label: string) => async (): Promise<RunOutcome> => ({
    code: 127,
    stdout: '',
    stderr: 'the plugin has no eca generate command yet',
    ms: NaN,
    command: label,
  });

  out(`\n1. cold start (${reps} repetitions, interleaved; @salesforce/cli ${SF_CLI_VERSION}; Node ${process.version})`);
  // --json leaves out the human output (the settings table, rendered through ink): the difference is its cost.
  const [generateLinked, generateInstalled, generateJson, template] = (
    await interleaved(reps, [
      {
        label: 'sf eca generate (linked checkout)',
        run: hasGenerate ? timed('sf eca generate', () => sfArgs(...generateArgs())) : missing('sf eca generate'),
      },
      {
        label: 'sf eca generate (as installed)',
        run: hasGenerate
          ? timed('sf eca generate', () => sfArgs(...generateArgs()), { nodeOptions: AS_INSTALLED })
          : missing('sf eca generate'),
      },
      {
        label: 'sf eca generate --json (as installed)',
        run: hasGenerate
          ? timed('sf eca generate --json', () => sfArgs(...generateArgs(), '--json'), { nodeOptions: AS_INSTALLED })
          : missing('sf eca generate'),
      },
      {
        label: 'sf template generate apex class',
        run: timed('sf template generate apex class', () =>
          sfArgs('template', 'generate', 'apex', 'class', '--name', 'BenchClass', '--output-dir', fresh()),
        ),
      },
    ])
  ).map(summarize);
  show([generateLinked, generateInstalled, generateJson, template]);
  report('sf eca generate ≤ 0.6× sf template generate apex class', ratioVerdict(generateInstalled, template, 0.6));

  const [binGenerate, binVersion] = (
    await interleaved(reps, [
      {
        label: './bin/run.js eca generate',
        run: hasGenerate
          ? timed('./bin/run.js eca generate', () => [BIN, ...generateArgs()])
          : missing('./bin/run.js eca generate'),
      },
      { label: './bin/run.js --version', run: timed('./bin/run.js --version', () => [BIN, '--version']) },
    ])
  ).map(summarize);
  show([binGenerate, binVersion]);
  report('./bin/run.js eca generate ≤ 1.5× ./bin/run.js --version', ratioVerdict(binGenerate, binVersion, 1.5));

  out(`\n   what start-up is made of (${reps} repetitions): the CLI alone, then the imports each kind of command pays`);
  const importOf =
    (...specifiers: string[]): (() => string[]) =>
    () => ['--input-type=module', '-e', specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(' ')];
  show(
    (
      await interleaved(reps, [
        { label: 'sf --version (the CLI alone)', run: timed('sf --version', () => sfArgs('--version')) },
        {
          label: "import('@oclif/core') (eca generate: oclif only)",
          run: timed('import @oclif/core', importOf('@oclif/core'), { cwd: REPO_ROOT }),
        },
        {
          label: '+ @salesforce/core and sf-plugins-core/Flags (eca deploy, eca verify)',
          run: timed('import core', importOf('@oclif/core', '@salesforce/core', '@salesforce/sf-plugins-core/Flags'), {
            cwd: REPO_ROOT,
          }),
        },
        {
          label: "import('@salesforce/sf-plugins-core') (what SfCommand loads)",
          run: timed('import @salesforce/sf-plugins-core', importOf('@salesforce/sf-plugins-core'), { cwd: REPO_ROOT }),
        },
      ])
    ).map(summarize),
  );

  out(
    `\n2. deploy of the same five files, ${latencyMs} ms added to every request (${deployReps} repetitions, interleaved)`,
  );
  emulator = await startEmulator();
  const emu = emulator;
  await authorizeEmulator({ home, instanceUrl: emu.url, alias: 'emu' });
  const files = hasGenerate
    ? await generateInto(() => timed('sf eca generate', () => sfArgs('eca', 'generate', ...GENERATE_FLAGS))())
    : writeFixtureApp(project, (l) => out(`  (${l})`));
  emu.faults.latencyMs = latencyMs;
  const lastRequests = new Map<string, string[]>();
  const counted = (run: () => Promise<RunOutcome>) => async (): Promise<RunOutcome> => {
    const before = emu.requests.length;
    const result = await run();
    lastRequests.set(result.command, emu.requests.slice(before).map(describeRequest));
    return { ...result, requests: emu.requests.length - before };
  };
  const ecaDeploy = (): string[] => sfArgs('eca', 'deploy', '--target-org', 'emu', '--json');
  const [deployLinked, deployInstalled, projectDeploy] = (
    await interleaved(deployReps, [
      { label: 'sf eca deploy (linked checkout)', run: counted(timed('sf eca deploy', ecaDeploy)) },
      {
        label: 'sf eca deploy (as installed)',
        run: counted(timed('sf eca deploy', ecaDeploy, { nodeOptions: AS_INSTALLED })),
      },
      {
        label: 'sf project deploy start --source-dir',
        run: counted(
          timed('sf project deploy start', () =>
            sfArgs(
              'project',
              'deploy',
              'start',
              ...files.flatMap((f) => ['--source-dir', f]),
              '--target-org',
              'emu',
              '--json',
            ),
          ),
        ),
      },
    ])
  ).map(summarize);
  show([deployLinked, deployInstalled, projectDeploy]);
  for (const command of ['sf eca deploy', 'sf project deploy start'])
    out(`  requests of one ${command}: ${(lastRequests.get(command) ?? []).join(', ')}`);
  report('sf eca deploy ≤ 0.7× sf project deploy start', ratioVerdict(deployInstalled, projectDeploy, 0.7));
  report(
    'sf eca deploy makes no more requests than sf project deploy start',
    requestVerdict(deployInstalled, projectDeploy),
  );

  const verifyReps = Math.min(reps, 3);
  out(`\n3. verify once the app is live (${latencyMs} ms per request; ${verifyReps} repetitions)`);
  if (commands.includes('eca:verify')) {
    const app = emu.state.apps[0];
    const env = { SF_ECA_CLIENT_SECRET: app ? findApp(emu.state, app.developerName)?.consumerSecret : undefined };
    const verify = (): string[] => sfArgs('eca', 'verify', '--target-org', 'emu', '--json');
    /** The same run, timed from its start to the org's answer to the API call made with the new token. */
    const untilApiCall = (run: () => Promise<RunOutcome>) => async (): Promise<RunOutcome> => {
      const before = emu.requests.length;
      const started = Date.now();
      const result = await run();
      const call = emu.requests
        .slice(before)
        .find((r) => r.method === 'GET' && /^\/services\/data\/v\d+\.\d\/?$/.test(r.path));
      return { ...result, ms: call ? call.at.getTime() + latencyMs - started : NaN, code: call ? result.code : 1 };
    };
    show(
      (
        await interleaved(verifyReps, [
          {
            label: 'sf eca verify, start to confirmed API call (as installed)',
            run: untilApiCall(timed('sf eca verify', verify, { env, nodeOptions: AS_INSTALLED })),
          },
          {
            label: 'sf eca verify, the whole command (as installed)',
            run: counted(timed('sf eca verify', verify, { env, nodeOptions: AS_INSTALLED })),
          },
          {
            label: 'sf eca verify, the whole command (linked checkout)',
            run: counted(timed('sf eca verify', verify, { env })),
          },
        ])
      ).map(summarize),
    );
    out(`  requests of one sf eca verify: ${(lastRequests.get('sf eca verify') ?? []).join(', ')}`);
  } else out('  n/a: the plugin has no eca verify command yet');

  out('\n3b. verify lag: from the app going live to the token (./bin/run.js, propagation delay 30 s and 120 s)');
  const lags = await measureLags();
  lags.forEach((figure) => out(`  ${describeLag(figure)}`));
  lagVerdicts(lags).forEach(({ what, ...verdict }) => report(what, verdict));

  out('\n4. installed size of the production dependencies');
  const size = productionDependencySize(REPO_ROOT, npmCommand());
  out(
    `  ${(size.bytes / 1024 / 1024).toFixed(1)} MB in ${size.packages} packages (npm ls --omit=dev --all --parseable, each package's own files)`,
  );

  // 5. sf eca audit at scale (scripts/bench/audit.ts).
  verdicts.push(...(await benchAudit({ reps: Math.min(reps, 3), out })));

  // 6. sf eca convert at scale (scripts/bench/convert.ts).
  verdicts.push(...(await benchConvert({ reps: Math.min(reps, 3), out })));

  const missed = verdicts.filter((v) => v.pass === false);
  const unmeasured = verdicts.filter((v) => v.pass === undefined);
  out(`\n${verdicts.length - missed.length - unmeasured.length} of ${verdicts.length} targets met`);
  missed.forEach((v) => out(`  MISS ${v.what}`));
  unmeasured.forEach((v) => out(`  NOT MEASURED ${v.what}`));
} finally {
  await emulator?.close();
  rmSync(work, { recursive: true, force: true });
}

async function generateInto(generate: () => Promise<RunOutcome>): Promise<string[]> {
  const result = await generate();
  if (result.code !== 0) throw new Error(`sf eca generate failed: ${result.stdout}\n${result.stderr}`);
  return findAppFiles(project);
}

/** `GET query (FROM User)`, `POST /services/Soap/m/66.0`: what a request asked, short enough to list. */
function describeRequest(request: { method: string; path: string; query: string }): string {
  const soql = new URLSearchParams(request.query).get('q');
  const from = soql ? / FROM (\w+)/i.exec(soql)?.[1] : undefined;
  return from
    ? `${request.method} query(${from})`
    : `${request.method} ${request.path.replace(/\/services\/data\/v[\d.]+/, '…')}`;
}
