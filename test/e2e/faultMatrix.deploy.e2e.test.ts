/*
 * The fault matrix of `sf eca deploy` (the BUILT bin/run.js against the emulator): for each request deploy makes
 * (the pre-flight Composite, the deploy call, the status polls; over SOAP, and the REST deploy's own requests) and
 * each fault (a 503 HTML page, a 500 REST error, a dropped connection, a slow answer, a session expired at that
 * request), one run: its exit code, no HTML and no stack trace, the deploy id when the org had accepted one, the
 * org's state afterwards, and a re-run that completes (picking up the deploy the first run left, never a second).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  authorizeEmulator,
  findApp,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';
import { renderAppFiles } from '../../src/metadata/render.js';
import { clientCredentialsSpec } from '../helpers/appSpecs.js';
import {
  type FaultKind,
  type TargetRequest,
  deployIdsIn,
  expectNothingRaw,
  explainRun,
  inject,
} from '../helpers/faultMatrix.js';

const ALIAS = 'emu';
const SOAP = '/services/Soap/m';

/** SOAP: the deploy call is the first Metadata request of a new app, the status checks follow on the same path. */
const COMPOSITE: TargetRequest = { name: 'pre-flight Composite', pattern: '/composite', skip: 0 };
const SOAP_DEPLOY: TargetRequest = { name: 'SOAP deploy', pattern: SOAP, skip: 0 };
const SOAP_POLL: TargetRequest = { name: 'SOAP first status poll', pattern: SOAP, skip: 1 };
const SOAP_LAST_POLL: TargetRequest = { name: 'SOAP last status poll (with the details)', pattern: SOAP, skip: 2 };
const REST_DEPLOY: TargetRequest = { name: 'REST deployRequest', pattern: /\/metadata\/deployRequest$/, skip: 0 };
const REST_POLL: TargetRequest = { name: 'REST status poll', pattern: /\/metadata\/deployRequest\/\w+$/, skip: 0 };

type Expected = {
  code: number;
  /** The org had accepted a deploy: the run names it and how to follow it. */
  deployId: boolean;
  /** What the first run left in the org: the app deployed, or not (yet). */
  deployed: boolean;
  /** The error names this (the request, what to do). */
  says?: RegExp;
};

type Row = {
  target: TargetRequest;
  fault: FaultKind;
  count?: number;
  rest?: boolean;
  wait?: string;
  expected: Expected;
};

const ok: Expected = { code: 0, deployId: true, deployed: true };
const unreachableBeforeDeploy: Expected = {
  code: 70,
  deployId: false,
  deployed: false,
  says: /deploy request .* got no usable answer/,
};
const expiredBeforeDeploy: Expected = { code: 1, deployId: false, deployed: false, says: /Log in to the org again/ };

const ROWS: Row[] = [
  { target: COMPOSITE, fault: '503 html', expected: ok },
  { target: COMPOSITE, fault: '500 json', expected: ok },
  { target: COMPOSITE, fault: 'drop', expected: ok },
  { target: COMPOSITE, fault: 'delay', expected: ok },
  { target: COMPOSITE, fault: 'expired', expected: expiredBeforeDeploy },
  {
    target: COMPOSITE,
    fault: '503 html',
    count: 10,
    expected: {
      code: 70,
      deployId: false,
      deployed: false,
      says: /pre-flight queries \(Composite\): HTTP 503 \(Service Unavailable\)/,
    },
  },
  { target: SOAP_DEPLOY, fault: '503 html', expected: unreachableBeforeDeploy },
  { target: SOAP_DEPLOY, fault: '500 json', expected: unreachableBeforeDeploy },
  { target: SOAP_DEPLOY, fault: 'drop', expected: unreachableBeforeDeploy },
  { target: SOAP_DEPLOY, fault: 'delay', expected: ok },
  { target: SOAP_DEPLOY, fault: 'expired', expected: expiredBeforeDeploy },
  { target: SOAP_POLL, fault: '503 html', expected: ok },
  { target: SOAP_POLL, fault: '500 json', expected: ok },
  { target: SOAP_POLL, fault: 'drop', expected: ok },
  { target: SOAP_POLL, fault: 'delay', expected: ok },
  {
    target: SOAP_POLL,
    fault: 'expired',
    expected: { code: 1, deployId: true, deployed: false, says: /expired while the org was deploying/ },
  },
  { target: SOAP_LAST_POLL, fault: '503 html', expected: ok },
  { target: SOAP_LAST_POLL, fault: 'drop', expected: ok },
  {
    target: SOAP_POLL,
    fault: '503 html',
    count: 1000,
    wait: '4s',
    expected: { code: 70, deployId: true, deployed: false, says: /past the retries within --wait/ },
  },
  { target: REST_DEPLOY, fault: '503 html', rest: true, expected: unreachableBeforeDeploy },
  { target: REST_POLL, fault: '503 html', rest: true, expected: ok },
  { target: REST_POLL, fault: 'drop', rest: true, expected: ok },
  {
    target: REST_POLL,
    fault: 'expired',
    rest: true,
    expected: { code: 1, deployId: true, deployed: false, says: /expired while the org was deploying/ },
  },
];

/** One emulator, HOME and project: rows of one lane run one after the other, lanes side by side. */
type Lane = { emulator: Emulator; home: string; projectDir: string; tmpDir: string };

/** What a row's runs showed, observed as they ran (the org's state between the runs included). */
type Observation = {
  run: CliResult;
  jobsStarted: Array<{ id: string }>;
  deployedAfterRun: boolean;
  tmpLeft: string[];
  again?: CliResult;
  jobsAfterAgain?: Array<{ id: string }>;
  deployedAfterAgain?: boolean;
};

const LANES = 4;

async function openLane(): Promise<Lane> {
  const emulator = await startEmulator();
  const lane = {
    emulator,
    home: isolatedHome(),
    projectDir: mkdtempSync(join(tmpdir(), 'eca-faults-project-')),
    tmpDir: mkdtempSync(join(tmpdir(), 'eca-faults-tmp-')),
  };
  writeFileSync(
    join(lane.projectDir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
  );
  await login(lane);
  return lane;
}

const login = async (lane: Lane): Promise<void> =>
  void (await authorizeEmulator({ home: lane.home, instanceUrl: lane.emulator.url, alias: ALIAS }));

/** A new client-credentials app's five files, written in-process (generate's own renderer). */
function writeApp(lane: Lane, apiName: string): void {
  for (const file of renderAppFiles(clientCredentialsSpec(INTEGRATION_USERNAME, apiName))) {
    const path = join(lane.projectDir, 'force-app/main/default', file.relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.xml);
  }
}

const deploy = (lane: Lane, apiName: string, row: Row): Promise<CliResult> =>
  runCli(['eca', 'deploy', '--name', apiName, '--target-org', ALIAS, '--wait', row.wait ?? '30s', '--json'], {
    cwd: lane.projectDir,
    home: lane.home,
    env: {
      TMPDIR: lane.tmpDir,
      NODE_DISABLE_COMPILE_CACHE: '1',
      ...(row.rest ? { SF_ORG_METADATA_REST_DEPLOY: 'true' } : {}),
    },
  });

async function runRow(lane: Lane, row: Row, apiName: string): Promise<Observation> {
  const { emulator } = lane;
  emulator.faults.reset();
  // A status check that says "in progress" before the one that says done: every poll of the table exists.
  emulator.faults.slowDeployPolls = 1;
  writeApp(lane, apiName);
  const before = emulator.deployJobs().length;
  inject(emulator, row.target, row.fault, row.count);
  const run = await deploy(lane, apiName, row);
  const observed: Observation = {
    run,
    jobsStarted: emulator.deployJobs().slice(before),
    deployedAfterRun: findApp(emulator.state, apiName) !== undefined,
    tmpLeft: readdirSync(lane.tmpDir),
  };
  if (run.code === 0) return observed;
  // The re-run: after logging in again when the session ended, with the org answering again.
  emulator.faults.reset();
  if (row.fault === 'expired') await login(lane);
  const again = await deploy(lane, apiName, { ...row, wait: '30s' });
  return {
    ...observed,
    again,
    jobsAfterAgain: emulator.deployJobs().slice(before),
    deployedAfterAgain: findApp(emulator.state, apiName) !== undefined,
  };
}

describe('fault matrix: sf eca deploy under one fault at a time (e2e)', function () {
  const lanes: Lane[] = [];
  const observations = new Map<number, Observation>();

  before(async function () {
    // Every row runs here, four lanes side by side (each row is one or two runs of a few seconds); the tests
    // below read what each row showed.
    this.timeout(150_000);
    lanes.push(...(await Promise.all(Array.from({ length: LANES }, openLane))));
    await Promise.all(
      lanes.map(async (lane, laneIndex) => {
        for (let index = laneIndex; index < ROWS.length; index += LANES)
          observations.set(index, await runRow(lane, ROWS[index], `Fault_App_${index}`));
      }),
    );
  });
  after(async () => {
    for (const lane of lanes) {
      await lane.emulator.close();
      for (const dir of [lane.home, lane.projectDir, lane.tmpDir]) rmSync(dir, { recursive: true, force: true });
    }
  });

  ROWS.forEach((row, index) => {
    const count = row.count ? ` x${row.count}` : '';
    it(`${row.target.name}, ${row.fault}${count}${row.rest ? ' (REST)' : ''}: exit ${row.expected.code}`, () => {
      const apiName = `Fault_App_${index}`;
      const observed = observations.get(index);
      expect(observed, 'the row ran').not.to.equal(undefined);
      const { run } = observed!;
      const context = explainRun(run);
      expect(run.code, context).to.equal(row.expected.code);
      expectNothingRaw(run, context);
      const envelope = JSON.parse(run.stdout) as {
        message?: string;
        actions?: string[];
        result?: { deployId: string; nextCommand: string };
        data?: { deployId?: string; nextCommand?: string };
      };
      const deployId = envelope.result?.deployId ?? envelope.data?.deployId;
      if (row.expected.deployId) {
        expect(deployId, context).to.match(/^0Af/);
        expect(observed!.jobsStarted.map((job) => job.id)).to.include(deployId);
        if (row.expected.code !== 0) {
          expect(envelope.data?.nextCommand).to.equal(
            `sf project deploy report --job-id ${deployId} --target-org ${ALIAS}`,
          );
          expect(envelope.actions?.join('\n')).to.include(`sf eca deploy --name ${apiName} --target-org ${ALIAS}`);
        }
      } else {
        expect(deployId, context).to.equal(undefined);
        expect(deployIdsIn(run.stdout + run.stderr), context).to.deep.equal([]);
      }
      if (row.expected.says)
        expect(`${envelope.message}\n${envelope.actions?.join('\n')}`, context).to.match(row.expected.says);
      expect(observed!.deployedAfterRun, 'the app in the org').to.equal(row.expected.deployed);
      expect(observed!.tmpLeft, 'temporary files left behind').to.deep.equal([]);
      if (row.expected.code === 0) return expect(observed!.again).to.equal(undefined);

      const again = observed!.again!;
      expect(again.code, explainRun(again)).to.equal(0);
      expectNothingRaw(again, explainRun(again));
      expect(observed!.deployedAfterAgain, 'the app after the re-run').to.equal(true);
      const rerun = JSON.parse(again.stdout) as { result: { deployId: string; resumed?: string } };
      if (row.expected.deployId) {
        // Picked up, not deployed a second time.
        expect(observed!.jobsAfterAgain!.map((job) => job.id)).to.deep.equal([deployId]);
        expect(rerun.result).to.deep.include({ deployId, resumed: deployId });
      } else {
        expect(observed!.jobsAfterAgain).to.have.length(1);
      }
    });
  });
});
