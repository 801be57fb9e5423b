/*
 * The fault matrix, verify's half: for each request `sf eca verify` makes (the credentials read, the token, the API
 * probe, introspect, revoke) and each fault (a 503 HTML page, a 500 REST error, a dropped connection, a short
 * delay, a login that expires right before it), the built CLI against the emulator must end with the exit code the
 * fault calls for, print no HTML and no stack trace, leak no secret, and a re-run must complete. Persistent
 * failures end with the org reported unavailable (exit 70) within --wait. Seconds-level waits throughout.
 */
import { expect } from 'chai';
import { authorizeEmulator, findApp } from '@plugin-eca/org-emulator';
import {
  ALIAS,
  APP,
  CLIENT_CREDENTIALS_APP,
  type Outcome,
  type World,
  explain,
  expectNoSecrets,
  secretsOf,
  deployedWorld,
  endWorld,
  verify,
} from './verifySetup.js';

type Request = 'credentials' | 'token' | 'apiProbe' | 'introspect' | 'revoke';
type Fault = '503 html' | '500 json' | 'dropped' | 'delay' | 'expired session';

/** The path of each request (a pattern the emulator's faults match). */
const PATHS: Record<Request, RegExp> = {
  credentials: /\/apps\/oauth\/credentials\//,
  token: /^\/services\/oauth2\/token$/,
  apiProbe: /^\/services\/data\/v\d+\.\d\/?$/,
  introspect: /^\/services\/oauth2\/introspect$/,
  revoke: /^\/services\/oauth2\/revoke$/,
};

const REQUESTS = Object.keys(PATHS) as Request[];
const FAULTS: Fault[] = ['503 html', '500 json', 'dropped', 'delay', 'expired session'];

/**
 * The exit code each single fault calls for. A single 5xx or dropped connection is repeated (by jsforce for the
 * credentials read, by the retry loop for the token, twice for the API probe, introspect and revoke), a delay is
 * waited out. An expired login before the credentials read is the user's to renew (exit 1, "log in again"); later
 * requests use the new token or the app's own credentials, except the API probe, whose token it ends.
 */
function expectedExit(request: Request, fault: Fault): number {
  if (fault !== 'expired session') return 0;
  return request === 'credentials' || request === 'apiProbe' ? 1 : 0;
}

const HTML = /<!doctype|<html|<body|<title|<h1/i;
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

function expectClean(outcome: Outcome, world: World): void {
  const all = `${outcome.stdout}\n${outcome.stderr}`;
  expect(all, explain(outcome)).not.to.match(HTML);
  expect(all, explain(outcome)).not.to.match(STACK);
  expectNoSecrets(outcome, secretsOf(world.emulator));
}

describe('fault matrix: sf eca verify (e2e)', function () {
  this.timeout(60_000);
  let world: World;

  before(async function () {
    world = await deployedWorld(this, CLIENT_CREDENTIALS_APP);
    // The secret comes from the org, so the credentials read includes it.
    world.emulator.state.settings.enableClientSecretInRestApiAccess = true;
  });
  after(() => endWorld(world));
  beforeEach(() => world.emulator.faults.reset());

  function arm(request: Request, fault: Fault): void {
    const faults = world.emulator.faults;
    const path = PATHS[request];
    switch (fault) {
      case '503 html':
        return faults.failNext(path, 1, 503, 0, 'html');
      case '500 json':
        return faults.failNext(path, 1, 500, 0, 'json');
      case 'dropped':
        return faults.dropNext(path, 1);
      case 'delay':
        return faults.delayNext(path, 1500, 1);
      case 'expired session':
        return faults.expireSessionsAt(path);
    }
  }

  /** A fresh login of the CLI, as the user does after "log in again". */
  const logInAgain = (): Promise<unknown> =>
    authorizeEmulator({ home: world.home, instanceUrl: world.emulator.url, alias: ALIAS });

  for (const request of REQUESTS) {
    for (const fault of FAULTS) {
      const exit = expectedExit(request, fault);
      it(`${request} × ${fault}: exit ${exit}, no HTML, no stack trace, and a re-run completes`, async () => {
        arm(request, fault);
        const outcome = await verify(world, ['--name', APP, '--wait', '20s']);
        expect(outcome.code, explain(outcome)).to.equal(exit);
        expectClean(outcome, world);
        if (fault === 'expired session' && request === 'credentials') {
          expect(outcome.stderr).to.match(/expired or is no longer valid/);
          expect(outcome.stderr).to.match(/Log in to the org again/);
        }
        // The fault ended the CLI's own login too: the user logs in again before anything else.
        if (fault === 'expired session') await logInAgain();
        if (exit !== 0) {
          const rerun = await verify(world, ['--name', APP, '--wait', '20s']);
          expect(rerun.code, explain(rerun)).to.equal(0);
          expectClean(rerun, world);
        }
      });
    }
  }

  it('a token endpoint failing for the whole --wait ends with exit 70 (the org unavailable), not 69', async () => {
    world.emulator.faults.failNext(PATHS.token, 100, 503, 0, 'html');
    const outcome = await verify(world, ['--name', APP, '--wait', '8s', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(70);
    const error = outcome.json as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('OrgUnavailableError');
    expect(error.message).to.include('HTTP 503 with an HTML page ("Service Unavailable")');
    expectClean(outcome, world);
  });

  it('an API probe failing past its repeats ends with exit 70, naming the request and the status', async () => {
    world.emulator.faults.failNext(PATHS.apiProbe, 3, 503, 0, 'html');
    const outcome = await verify(world, ['--name', APP, '--wait', '8s', '--json']);
    expect(outcome.code, explain(outcome)).to.equal(70);
    const error = outcome.json as { name: string; message: string };
    expect(error.message).to.match(/API call http:\S+\/services\/data\/v\d+\.0\/ kept failing \(HTTP 503/);
    expectClean(outcome, world);
    // The token was still revoked.
    expect(world.emulator.countRequests('POST', PATHS.revoke)).to.be.greaterThan(0);
  });

  it('an introspect 503 is reported as not done because the org failed, not as "not available for this app"', async () => {
    world.emulator.faults.failNext(PATHS.introspect, 3, 503, 0, 'html');
    const outcome = await verify(world, ['--name', APP, '--wait', '8s']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    expect(`${outcome.stdout}${outcome.stderr}`).not.to.include('not available for this app');
    expect(outcome.stderr).to.match(/introspection could not be done: POST \S+ answered HTTP 503/i);
    expectClean(outcome, world);
  });

  it('a revoke failing past its repeats is a note naming the request, and the token is left to expire', async () => {
    world.emulator.faults.failNext(PATHS.revoke, 3, 500, 0, 'json');
    const outcome = await verify(world, ['--name', APP, '--wait', '8s']);
    expect(outcome.code, explain(outcome)).to.equal(0);
    expect(outcome.stderr).to.match(/could not be revoked \(POST \S+\/services\/oauth2\/revoke answered HTTP 500/);
    expectClean(outcome, world);
    expect(findApp(world.emulator.state, APP)).to.not.equal(undefined);
  });
});
