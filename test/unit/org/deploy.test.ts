import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import type { Connection } from '@salesforce/core';
import type { Duration } from '@salesforce/kit';
import { ComponentSet, type FileResponse } from '@salesforce/source-deploy-retrieve';
import {
  type ComponentFailure,
  appIdFrom,
  componentFailuresFrom,
  deployApp,
  exitCodeFor,
  isCrossReferenceFailure,
} from '../../../src/org/deploy.js';
import type { AppFile } from '../../../src/org/stagingFolder.js';
import { type ScriptedAnswer, scriptedDeploy } from '../../helpers/scriptedDeploy.js';

const minutes = (value: number): Duration => ({ milliseconds: value * 60_000, minutes: value }) as unknown as Duration;

describe('exitCodeFor', () => {
  const table: Array<[string, boolean, number]> = [
    ['Succeeded', true, 0],
    ['SucceededPartial', true, 68],
    ['Failed', true, 1],
    ['Canceled', true, 1],
    ['InProgress', false, 69],
    ['Pending', false, 69],
  ];
  for (const [status, done, code] of table) {
    it(`${status} (done: ${String(done)}) exits ${code}`, () => {
      expect(exitCodeFor({ status: status as never, done })).to.equal(code);
    });
  }
});

describe('isCrossReferenceFailure', () => {
  const failure = (problem: string): ComponentFailure => ({ type: 'ExtlClntAppOauthSettings', fullName: 'A', problem });
  it('recognises the cross-reference problems the two-phase deploy fixes', () => {
    expect(
      isCrossReferenceFailure([failure('INVALID_CROSS_REFERENCE_KEY: no ExternalClientApplication named A')]),
    ).to.equal(true);
    expect(isCrossReferenceFailure([failure("A doesn't have a valid OAuth settings configuration")])).to.equal(true);
    expect(isCrossReferenceFailure([failure('invalid cross reference id')])).to.equal(true);
  });
  it('leaves every other failure alone', () => {
    expect(isCrossReferenceFailure([])).to.equal(false);
    expect(isCrossReferenceFailure([failure('Unknown OAuth scope token: Bogus')])).to.equal(false);
  });
});

describe('componentFailuresFrom', () => {
  it('keeps failures only, with the source path, line and column', () => {
    const responses = [
      { type: 'ExternalClientApplication', fullName: 'A', state: 'Created', filePath: '/tmp/s/0/a.eca-meta.xml' },
      {
        type: 'ExtlClntAppOauthSettings',
        fullName: 'A',
        state: 'Failed',
        filePath: '/tmp/s/1/a.ecaOauth-meta.xml',
        lineNumber: 4,
        columnNumber: 9,
        error: 'Unknown scope Bogus',
        problemType: 'Error',
      },
      { type: 'ExtlClntAppPolicies', fullName: 'A', state: 'Failed', error: 'no file', problemType: 'Error' },
    ] as unknown as FileResponse[];
    const failures = componentFailuresFrom(
      responses,
      new Map([['/tmp/s/1/a.ecaOauth-meta.xml', '/project/a.ecaOauth-meta.xml']]),
    );
    expect(failures).to.deep.equal([
      {
        type: 'ExtlClntAppOauthSettings',
        fullName: 'A',
        file: '/project/a.ecaOauth-meta.xml',
        line: 4,
        column: 9,
        problem: 'Unknown scope Bogus',
      },
      { type: 'ExtlClntAppPolicies', fullName: 'A', problem: 'no file' },
    ]);
  });
});

/** The folders appFiles made, removed after the tests. */
const roots: string[] = [];

/** Five real files, so that SDR's own resolver builds the component sets. */
function appFiles(): AppFile[] {
  const root = mkdtempSync(join(tmpdir(), 'eca-deployapp-test-'));
  roots.push(root);
  const files: Array<[string, string, string]> = [
    ['ExternalClientApplication', 'externalClientApps', 'A.eca-meta.xml'],
    ['ExtlClntAppGlobalOauthSettings', 'extlClntAppGlobalOauthSets', 'A.ecaGlblOauth-meta.xml'],
    ['ExtlClntAppOauthSettings', 'extlClntAppOauthSettings', 'A.ecaOauth-meta.xml'],
    ['ExtlClntAppOauthConfigurablePolicies', 'extlClntAppOauthPolicies', 'A.ecaOauthPlcy-meta.xml'],
    ['ExtlClntAppConfigurablePolicies', 'extlClntAppPolicies', 'A.ecaPlcy-meta.xml'],
  ];
  return files.map(([type, folder, name]) => {
    const path = join(root, 'force-app/main/default', folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>\n<${type} xmlns="http://soap.sforce.com/2006/04/metadata"/>\n`,
    );
    return { type, path };
  });
}

/** Replace ComponentSet#deploy with a scripted org: one answer per deploy call, recording the types of each. */
function scriptDeploys(answers: ScriptedAnswer[]): { calls: string[][]; options: unknown[] } {
  const calls: string[][] = [];
  const options: unknown[] = [];
  sinon.stub(ComponentSet.prototype, 'deploy').callsFake(async function (this: ComponentSet, given: unknown) {
    const index = calls.length;
    const components = this.getSourceComponents().toArray();
    calls.push(components.map((component) => component.type.name));
    options.push(given);
    return Promise.resolve(scriptedDeploy(components, answers[index], `0Af${index}`));
  });
  return { calls, options };
}

describe('deployApp', () => {
  afterEach(() => sinon.restore());
  after(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
  const base = { connection: {} as Connection, leftOut: [], rest: false, wait: minutes(10) };

  it('deploys the five files at once, with rollbackOnError and checkOnly as asked', async () => {
    const files = appFiles();
    const { calls, options } = scriptDeploys([{ status: 'Succeeded' }]);
    const outcome = await deployApp({ ...base, files, checkOnly: true, rest: true });
    expect(calls).to.have.length(1);
    expect(calls[0]).to.have.members(files.map((file) => file.type));
    expect(options[0]).to.deep.include({ apiOptions: { checkOnly: true, rollbackOnError: true, rest: true } });
    expect(outcome).to.deep.include({
      deployId: '0Af0',
      status: 'Succeeded',
      done: true,
      twoPhase: false,
      componentFailures: [],
    });
  });

  it('maps a component failure back to the source file', async () => {
    const files = appFiles();
    scriptDeploys([
      { status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'Unknown scope token Bogus' }] },
    ]);
    const outcome = await deployApp({ ...base, files, checkOnly: false });
    expect(outcome.status).to.equal('Failed');
    expect(outcome.twoPhase).to.equal(false);
    expect(outcome.componentFailures).to.deep.equal([
      { type: 'ExtlClntAppOauthSettings', fullName: 'A', file: files[2].path, problem: 'Unknown scope token Bogus' },
    ]);
  });

  it('falls back to the app first and the satellites second on a cross-reference rejection', async () => {
    const files = appFiles();
    const told: ComponentFailure[][] = [];
    const { calls } = scriptDeploys([
      { status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'INVALID_CROSS_REFERENCE_KEY: A' }] },
      { status: 'Succeeded' },
      { status: 'Succeeded' },
    ]);
    const outcome = await deployApp({
      ...base,
      files,
      checkOnly: false,
      onTwoPhase: (failures) => told.push(failures),
    });
    expect(calls.map((types) => types.length)).to.deep.equal([5, 1, 4]);
    expect(calls[1]).to.deep.equal(['ExternalClientApplication']);
    expect(calls[2]).not.to.include('ExternalClientApplication');
    expect(told).to.have.length(1);
    expect(outcome).to.deep.include({
      status: 'Succeeded',
      twoPhase: true,
      deployId: '0Af2',
      deployIds: ['0Af0', '0Af1', '0Af2'],
    });
  });

  it('stops after the first phase when the app itself fails', async () => {
    const files = appFiles();
    const { calls } = scriptDeploys([
      { status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'INVALID_CROSS_REFERENCE_KEY' }] },
      { status: 'Failed', failures: [{ type: 'ExternalClientApplication', problem: 'Bad label' }] },
    ]);
    const outcome = await deployApp({ ...base, files, checkOnly: false });
    expect(calls).to.have.length(2);
    expect(outcome).to.deep.include({ status: 'Failed', twoPhase: true });
    expect(outcome.componentFailures.map((failure) => failure.problem)).to.deep.equal(['Bad label']);
  });

  it('never falls back on a validation (--dry-run): the app does not exist for the second phase', async () => {
    const files = appFiles();
    const { calls } = scriptDeploys([
      { status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'INVALID_CROSS_REFERENCE_KEY' }] },
    ]);
    const outcome = await deployApp({ ...base, files, checkOnly: true });
    expect(calls).to.have.length(1);
    expect(outcome.twoPhase).to.equal(false);
  });

  it('reports a deploy still running when --wait runs out', async () => {
    const files = appFiles();
    scriptDeploys([{ status: 'InProgress', done: false }]);
    const outcome = await deployApp({ ...base, files, checkOnly: false, wait: minutes(1 / 40) });
    expect(outcome).to.deep.include({ deployId: '0Af0', status: 'InProgress', done: false });
    expect(exitCodeFor(outcome)).to.equal(69);
  });

  it('retries a dropped connection and a 503 page on the status checks, and finishes the deploy', async () => {
    const files = appFiles();
    const dropped = Object.assign(new TypeError('fetch failed'), { cause: new Error('read ECONNRESET') });
    const page = Object.assign(new Error('<!DOCTYPE html><html><head><title>Down</title></head></html>'), {
      name: 'ERROR_HTTP_503',
      errorCode: 'ERROR_HTTP_503',
    });
    scriptDeploys([{ status: 'Succeeded', checkFailures: [dropped, page] }]);
    const retries: string[] = [];
    const outcome = await deployApp({
      ...base,
      files,
      checkOnly: false,
      onRetry: (failure) => retries.push(failure.kind),
    });
    expect(retries).to.deep.equal(['network', 'unavailable']);
    expect(outcome).to.deep.include({ deployId: '0Af0', status: 'Succeeded', done: true });
    expect(outcome.components.map((item) => item.state)).to.deep.equal(Array(5).fill('Created'));
  });

  it('tells each accepted deploy id before it waits on it', async () => {
    const files = appFiles();
    scriptDeploys([
      { status: 'Failed', failures: [{ type: 'ExtlClntAppOauthSettings', problem: 'INVALID_CROSS_REFERENCE_KEY: A' }] },
      { status: 'Succeeded' },
      { status: 'Succeeded' },
    ]);
    const accepted: string[] = [];
    await deployApp({ ...base, files, checkOnly: false, onAccepted: (id, phase) => accepted.push(`${phase} ${id}`) });
    expect(accepted).to.deep.equal(['all 0Af0', 'app 0Af1', 'satellites 0Af2']);
  });

  it('starts the two-phase deploy on "In field: externalClientApplication - no ExternalClientApplication named A found"', async () => {
    const files = appFiles();
    const { calls } = scriptDeploys([
      {
        status: 'Failed',
        failures: [
          {
            type: 'ExtlClntAppOauthSettings',
            problem: 'In field: externalClientApplication - no ExternalClientApplication named A found',
          },
        ],
      },
      { status: 'Succeeded' },
      { status: 'Succeeded' },
    ]);
    const outcome = await deployApp({ ...base, files, checkOnly: false });
    expect(calls.map((types) => types.length)).to.deep.equal([5, 1, 4]);
    expect(outcome).to.deep.include({ status: 'Succeeded', twoPhase: true });
  });

  it('reports a failure on package.xml (an API version without ECAs), which no component answers for', async () => {
    const files = appFiles();
    scriptDeploys([
      { status: 'Failed', packageFailures: ["Unknown type name 'ExternalClientApplication' specified in package.xml"] },
    ]);
    const outcome = await deployApp({ ...base, files, checkOnly: false });
    expect(outcome.componentFailures).to.deep.equal([
      {
        type: '',
        fullName: 'package.xml',
        problem: "Unknown type name 'ExternalClientApplication' specified in package.xml",
      },
    ]);
  });

  it('with --wait 0, starts the deploy and returns after one look', async () => {
    const files = appFiles();
    scriptDeploys([{ status: 'Pending', done: false }]);
    const outcome = await deployApp({ ...base, files, checkOnly: false, wait: minutes(0) });
    expect(outcome).to.deep.include({ status: 'Pending', done: false });
  });
});

describe('appIdFrom: the app record id in a deploy result', () => {
  const success = (componentType: string, id?: string, ok: boolean | string = true): Record<string, unknown> => ({
    componentType,
    fullName: 'Billing_Sync',
    success: ok,
    ...(id === undefined ? {} : { id }),
  });
  const table: Array<{ what: string; successes: unknown; expected: string | undefined }> = [
    {
      what: 'the app among its satellites (18 characters)',
      successes: [
        success('ExtlClntAppOauthSettings', '0Hx000000000001AAA'),
        success('ExternalClientApplication', '0xI000000000001AAA'),
      ],
      expected: '0xI000000000001AAA',
    },
    {
      what: 'a single success, not a list (SOAP with one component)',
      successes: success('ExternalClientApplication', '0xI000000000001'),
      expected: '0xI000000000001',
    },
    {
      what: 'no id for the app (a validation)',
      successes: [success('ExternalClientApplication', '')],
      expected: undefined,
    },
    {
      what: 'an id that is not a Salesforce id',
      successes: [success('ExternalClientApplication', '../../etc')],
      expected: undefined,
    },
    {
      what: 'the app failed (success "false", as SOAP sends it)',
      successes: [success('ExternalClientApplication', '0xI000000000001AAA', 'false')],
      expected: undefined,
    },
    {
      what: 'satellites only',
      successes: [success('ExtlClntAppOauthSettings', '0Hx000000000001AAA')],
      expected: undefined,
    },
    { what: 'no successes at all', successes: undefined, expected: undefined },
  ];
  for (const { what, successes, expected } of table) {
    it(what, () => {
      const details = (successes === undefined ? {} : { componentSuccesses: successes }) as Parameters<
        typeof appIdFrom
      >[0];
      expect(appIdFrom(details)).to.equal(expected);
    });
  }
});
