/*
 * The pure parts of `npm run bench` and `npm run test:sf`: medians, verdicts against targets, the --json
 * envelope check, finding the app's files, and which HTTP answers count as emulator gaps.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type Measured, median, ratioVerdict, requestVerdict, summarize } from '../src/benchMeasure.js';
import { StepFailure, expectJsonSuccess, findAppFiles } from '../src/sfSteps.js';
import { describeAnswers, failedAnswers } from '../src/httpRecorder.js';
import { type TimedResult } from '../src/sfCli.js';

const measured = (ms: number, extra: Partial<Measured> = {}): Measured => ({ label: 'x', ms, runs: 5, ...extra });
const result = (code: number, stdout: string): TimedResult => ({
  code,
  stdout,
  stderr: '',
  ms: 1,
  command: 'sf eca deploy --json',
});

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
};

describe('bench: medians and verdicts', () => {
  const medians: Array<[number[], number]> = [
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[10, 1, 1, 1, 10, 10, 2], 2],
  ];
  for (const [values, expected] of medians) {
    it(`median of ${values.join(', ')} is ${expected}`, () => expect(median(values)).to.equal(expected));
  }

  it('summarizes wall time, CPU time and requests by their medians', () => {
    const summary = summarize({
      label: 'a',
      samples: [
        { ms: 30, cpuMs: 3, requests: 7 },
        { ms: 10, cpuMs: 1, requests: 7 },
        { ms: 20, cpuMs: 2, requests: 9 },
      ],
    });
    expect(summary).to.deep.equal({ label: 'a', ms: 20, cpuMs: 2, requests: 7, runs: 3, failure: undefined });
  });

  const ratios: Array<{ subject: number; baseline: number; target: number; pass: boolean; text: string }> = [
    { subject: 50, baseline: 100, target: 0.6, pass: true, text: 'ratio 0.50× wall' },
    { subject: 60, baseline: 100, target: 0.6, pass: true, text: 'ratio 0.60× wall' },
    { subject: 61, baseline: 100, target: 0.6, pass: false, text: 'ratio 0.61× wall' },
    { subject: 300, baseline: 100, target: 1.5, pass: false, text: 'ratio 3.00× wall' },
  ];
  for (const { subject, baseline, target, pass, text } of ratios) {
    it(`${subject} against ${baseline} with target ${target}× is ${pass ? 'PASS' : 'MISS'}`, () => {
      const verdict = ratioVerdict(measured(subject), measured(baseline), target);
      expect(verdict.pass).to.equal(pass);
      expect(verdict.line)
        .to.include(text)
        .and.to.include(pass ? 'PASS' : 'MISS');
    });
  }

  it('does not judge a pair when one side failed or never ran', () => {
    expect(ratioVerdict(measured(1, { failure: 'exit 1' }), measured(2), 0.6).pass).to.equal(undefined);
    expect(ratioVerdict(measured(NaN, { runs: 0 }), measured(2), 0.6).line).to.include('NOT MEASURED');
  });

  it('passes on requests only when the plugin makes no more than the official command', () => {
    expect(requestVerdict(measured(1, { requests: 2 }), measured(1, { requests: 2 })).pass).to.equal(true);
    expect(requestVerdict(measured(1, { requests: 7 }), measured(1, { requests: 2 })).pass).to.equal(false);
    expect(requestVerdict(measured(1), measured(1, { requests: 2 })).pass).to.equal(undefined);
  });
});

describe('sf integration: checks', () => {
  it('returns the result of a successful --json run', () => {
    expect(expectJsonSuccess(result(0, '{"status":0,"result":{"app":"A"}}'))).to.deep.equal({ app: 'A' });
  });

  const failures: Array<[string, TimedResult, string]> = [
    [
      'an error envelope',
      result(1, '{"status":1,"name":"NOT_FOUND","message":"The requested resource does not exist"}'),
      'NOT_FOUND: The requested resource does not exist',
    ],
    ['a zero exit with a non-zero status', result(0, '{"status":68,"result":{}}'), 'status 68'],
    ['output that is not JSON', result(0, 'Deploying…'), 'stdout is not a JSON envelope'],
  ];
  for (const [what, run, message] of failures) {
    it(`fails the step on ${what}, naming the command and the cause`, () => {
      const error = thrown(() => expectJsonSuccess(run));
      expect(error).to.be.instanceOf(StepFailure);
      expect(error.message).to.include('sf eca deploy --json').and.to.include(message);
    });
  }

  it('finds the five ECA files of a project, outside dot-folders and node_modules', () => {
    const project = mkdtempSync(join(tmpdir(), 'eca-find-'));
    const files = [
      'A.eca-meta.xml',
      'A.ecaGlblOauth-meta.xml',
      'A.ecaOauth-meta.xml',
      'A.ecaOauthPlcy-meta.xml',
      'A.ecaPlcy-meta.xml',
      'Other.cls-meta.xml',
    ];
    for (const [folder, name] of [
      ['force-app/main/default/x', files[0]],
      ...files.slice(1).map((f) => ['force-app/main/default/y', f]),
      ['.sf/cache', 'B.eca-meta.xml'],
      ['node_modules/p', 'C.eca-meta.xml'],
    ]) {
      mkdirSync(join(project, folder), { recursive: true });
      writeFileSync(join(project, folder, name), '<x/>');
    }
    expect(findAppFiles(project).map((f) => f.slice(project.length + 1))).to.deep.equal([
      'force-app/main/default/x/A.eca-meta.xml',
      ...files.slice(1, 5).map((f) => `force-app/main/default/y/${f}`),
    ]);
    rmSync(project, { recursive: true, force: true });
  });

  it('counts 404, 405 and 5xx answers as emulator gaps, not 400s or successes', () => {
    const answers = [
      { method: 'GET', url: '//services/data', status: 404, body: '[{"errorCode":"NOT_FOUND"}]' },
      {
        method: 'GET',
        url: '/services/data/v51.0/query?q=SELECT+Id+FROM+ScratchOrgInfo',
        status: 400,
        body: 'INVALID_TYPE',
      },
      { method: 'POST', url: '/services/Soap/m/66.0', status: 500, body: 'boom' },
      { method: 'GET', url: '/services/oauth2/userinfo', status: 200, body: '{}' },
    ];
    expect(describeAnswers(failedAnswers(answers))).to.deep.equal([
      'GET //services/data → 404 [{"errorCode":"NOT_FOUND"}]',
      'POST /services/Soap/m/66.0 → 500 boom',
    ]);
  });
});
