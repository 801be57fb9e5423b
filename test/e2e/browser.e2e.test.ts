/*
 * The web server flow with a real browser: Debian's chromium (/usr/bin/chromium, installed by
 * scripts/ensure-chromium.sh) driven headless by playwright-core. `sf eca verify --no-browser` prints the authorize
 * URL; the browser opens it on the emulator's authorize page, logs in, allows (or denies) and lands on the plugin's
 * own success (or error) page served by the loopback callback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type BrowserContext, type Page } from 'playwright-core';
import { STANDARD_USERNAME } from '@plugin-eca/org-emulator';
import { type AwaitingLogin, startAwaitingLogin } from '../helpers/awaitingLogin.js';
import { launchHeadlessChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/stubServer.js';
import {
  ALIAS,
  type World,
  deployedWorld,
  explain,
  expectNoSecrets,
  liveAppTokens,
  secretsOf,
  webServerApp,
  endWorld,
  resetOrg,
} from './verifySetup.js';

/** Starts `sf eca verify --no-browser`; its authorize URL resolves as soon as it is printed. */
const startVerify = (world: World, args: string[]): AwaitingLogin =>
  startAwaitingLogin({
    args: ['eca', 'verify', '--target-org', ALIAS, '--no-browser', ...args],
    cwd: world.projectDir,
    home: world.home,
    describe: explain,
  });

describe('sf eca verify, web server flow in a real browser (e2e)', function () {
  // Each test keeps within 15 s; the set-up (emulator, login, generate, deploy) gets longer in before().
  this.timeout(15_000);
  // One app, generated and deployed once; a fresh browser profile for each test.
  let world: World;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let callback: string;

  before(async function () {
    callback = `http://localhost:${await freePort()}/OauthRedirect`;
    world = await deployedWorld(this, webServerApp(callback));
  });
  after(async () => endWorld(world));

  beforeEach(async () => {
    resetOrg(world);
    profileDir = mkdtempSync(join(tmpdir(), 'eca-chromium-'));
    context = await launchHeadlessChromium(profileDir);
  });

  afterEach(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  async function logIn(url: string, button: 'allow' | 'deny'): Promise<Page> {
    const page = await context!.newPage();
    await page.goto(url);
    await page.fill('#username', STANDARD_USERNAME);
    const loopback = new URL(callback).origin;
    await Promise.all([page.waitForURL((target) => target.origin === loopback), page.click(`#${button}`)]);
    await page.waitForSelector('h1[data-result]');
    return page;
  }

  it('allows access in the browser, lands on the success page, and the token works', async () => {
    // The org refuses the first two uses of the consumer key as "not propagated yet": verify waits for the app
    // before sending the person to the browser.
    world.emulator.faults.unpropagatedRequests = 2;
    const run = startVerify(world, ['--wait', '2']);
    const page = await logIn(await run.authorizeUrl, 'allow');
    expect(await page.getAttribute('h1[data-result]', 'data-result')).to.equal('ok');
    expect(await page.textContent('h1')).to.include('You are connected');
    const result = await run.done;
    expect(result.code, explain(result)).to.equal(0);
    expect(result.stdout).to.match(/Attempt 1 refused \(invalid_client_id/);
    expect(result.stdout).to.include('with the web server (PKCE) flow');
    expect(result.stdout).to.include(`User: ${STANDARD_USERNAME}`);
    expect(result.stdout).to.include('The token was revoked.');
    // The refresh token was revoked, and with it the access token: nothing of the run stays valid.
    expect(world.emulator.state.oauth.refreshTokens.size).to.equal(0);
    expect(liveAppTokens(world.emulator)).to.deep.equal([]);
    expectNoSecrets(result, secretsOf(world.emulator));
  });

  it('a denial lands on the error page and the command fails with the fix', async () => {
    const run = startVerify(world, []);
    const page = await logIn(await run.authorizeUrl, 'deny');
    expect(await page.getAttribute('h1[data-result]', 'data-result')).to.equal('fail');
    expect(await page.textContent('body')).to.include('Access was not granted');
    const result = await run.done;
    expect(result.code, explain(result)).to.equal(1);
    expect(result.stderr).to.include('The authorization was not granted');
    expect(result.stderr).to.include('choose Allow');
  });

  it('a PKCE mismatch (a tampered code challenge) fails at once with the fix', async () => {
    const run = startVerify(world, ['--wait', '10']);
    const url = new URL(await run.authorizeUrl);
    url.searchParams.set('code_challenge', 'A'.repeat(43));
    const started = Date.now();
    await logIn(url.href, 'allow');
    const result = await run.done;
    expect(result.code, explain(result)).to.equal(1);
    expect(result.stderr).to.include('code verifier');
    expect(result.stderr).to.include('Run the command again');
    expect(Date.now() - started).to.be.lessThan(20_000);
  });
});
