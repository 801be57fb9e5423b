/*
 * sf eca rotate on a web server flow app: the proof is a browser login with the staged consumer key (headless
 * chromium on the emulator's authorize page, as in browser.e2e.test.ts); the rotation goes on once it worked. Without
 * a person at hand, --skip-proof rotates with a warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { STANDARD_USERNAME, findApp } from '@plugin-eca/org-emulator';
import { startAwaitingLogin } from '../helpers/awaitingLogin.js';
import { launchHeadlessChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/stubServer.js';
import { ALIAS, APP, type World, deployedWorld, endWorld, explain, webServerApp } from './verifySetup.js';
import { currentCredentials, removeAll, rotate, secretsFolder, stepsOf } from './rotateSetup.js';

describe('sf eca rotate, web server flow in a real browser (e2e)', function () {
  this.timeout(40_000);
  let world: World;
  let callback: string;
  let folder: string;

  before(async function () {
    callback = `http://localhost:${await freePort()}/OauthRedirect`;
    world = await deployedWorld(this, webServerApp(callback));
    world.emulator.state.settings.enableClientSecretInRestApiAccess = true;
    folder = secretsFolder();
  });
  after(async () => {
    await endWorld(world);
    removeAll([folder].filter(Boolean));
  });

  it('proves the staged key with a browser login, then rotates', async () => {
    const old = currentCredentials(world.emulator);
    const run = startAwaitingLogin({
      args: [
        'eca',
        'rotate',
        '--target-org',
        ALIAS,
        '--no-browser',
        '--secret-file',
        join(folder, 'web.env'),
        '--no-prompt',
      ],
      cwd: world.projectDir,
      home: world.home,
      describe: explain,
    });
    const url = new URL(await run.authorizeUrl);
    expect(url.searchParams.get('client_id'), 'the staged key, not the current one').to.equal(
      findApp(world.emulator.state, APP)!.staged!.key,
    );
    const profile = mkdtempSync(join(tmpdir(), 'wt-rotate-chromium-'));
    try {
      const browser = await launchHeadlessChromium(profile);
      try {
        const page = await browser.newPage();
        await page.goto(url.toString());
        await page.fill('#username', STANDARD_USERNAME);
        await Promise.all([
          page.waitForURL((target) => target.origin === new URL(callback).origin),
          page.click('#allow'),
        ]);
        await page.waitForSelector('h1[data-result]');
        expect(await page.getAttribute('h1[data-result]', 'data-result')).to.equal('ok');
      } finally {
        await browser.close();
      }
    } catch (error) {
      run.kill();
      throw error;
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const result = await run.done;
    expect(result.code, explain(result)).to.equal(0);
    expect(result.stdout).to.include(`as ${STANDARD_USERNAME}`);
    expect(currentCredentials(world.emulator).key).not.to.equal(old.key);
    for (const secret of [old.secret, currentCredentials(world.emulator).secret]) {
      expect(result.stdout).not.to.include(secret);
      expect(result.stderr).not.to.include(secret);
    }
  });

  it('--skip-proof rotates without a login, with a warning', async () => {
    delete findApp(world.emulator.state, APP)!.staged;
    const old = currentCredentials(world.emulator);
    const outcome = await rotate(world, [
      '--skip-proof',
      '--secret-file',
      join(folder, 'skip.env'),
      '--no-prompt',
      '--json',
    ]);
    expect(outcome.code, explain(outcome)).to.equal(0);
    expect(stepsOf(outcome)).to.deep.include({ prove: 'skipped', rotate: 'done' });
    expect(JSON.stringify(outcome.json!.warnings)).to.include('--skip-proof');
    expect(currentCredentials(world.emulator).key).not.to.equal(old.key);
  });
});
