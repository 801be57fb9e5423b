/*
 * What follows `sf eca verify`: the printed `sf org login …` command for the app's flow (the real consumer key, key
 * file, username and My Domain URL; on a line of its own, nothing glued to it), the CI recipe, and --login, which
 * leaves the CLI authorized through the new app with @salesforce/core's own auth (the JWT bearer flow; a client
 * credentials app's token as an access token). The official CLI runs the printed commands in scripts/sf-integration.ts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { INTEGRATION_USERNAME, STANDARD_USERNAME, findApp } from '@plugin-eca/org-emulator';
import { startAwaitingLogin } from '../helpers/awaitingLogin.js';
import {
  ALIAS,
  APP,
  CLIENT_CREDENTIALS_APP,
  JWT_BEARER_APP,
  type World,
  explain,
  expectNoSecrets,
  deployedWorld,
  liveAppTokens,
  secretsOf,
  webServerApp,
  endWorld,
  verify,
} from './verifySetup.js';

/** The aliases of the isolated HOME, as sf keeps them. */
function aliases(world: World): Record<string, string> {
  const file = join(world.home, '.sfdx', 'alias.json');
  return existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { orgs?: Record<string, string> }).orgs ?? {})
    : {};
}

/** The indented command lines verify printed after its report. */
const printedCommands = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => /^ {2}(?:\S+=\S* ?)*(?:SF_ACCESS_TOKEN=\S.*|sf )/.test(line))
    .map((line) => line.trim());

describe('sf eca verify, signing sf in with the app (e2e)', function () {
  this.timeout(40_000);

  describe('JWT bearer', () => {
    let w: World;
    before(async function () {
      w = await deployedWorld(this, JWT_BEARER_APP);
    });
    after(() => endWorld(w));

    it('prints the ready-to-run sf org login jwt command and the CI recipe, with no placeholder and no period glued', async () => {
      const outcome = await verify(w, ['--username', INTEGRATION_USERNAME]);
      expect(outcome.code, explain(outcome)).to.equal(0);
      const key = findApp(w.emulator.state, APP)!.consumerKey;
      const commands = printedCommands(outcome.stdout);
      expect(commands[0]).to.equal(
        `sf org login jwt --client-id ${key} --jwt-key-file .eca-keys/${APP}/${APP}.key --username ${INTEGRATION_USERNAME} --instance-url ${w.emulator.url} --alias ${APP}`,
      );
      expect(commands).to.include(
        `sf eca verify --name ${APP} --target-org emu --username ${INTEGRATION_USERNAME} --jwt-key-file .eca-keys/${APP}/${APP}.key --login --alias ${APP}`,
      );
      expect(outcome.stdout).to.include(`SF_ECA_CONSUMER_KEY=${key}`);
      for (const command of commands) expect(command, command).not.to.match(/\.$|<your|%s/);
      expectNoSecrets(outcome, secretsOf(w.emulator));
    });

    it('--login --alias --set-default leaves sf authorized through the app as the JWT user', async () => {
      const outcome = await verify(w, [
        '--username',
        INTEGRATION_USERNAME,
        '--login',
        '--alias',
        'billing-ci',
        '--set-default',
        '--json',
      ]);
      expect(outcome.code, explain(outcome)).to.equal(0);
      const result = outcome.json!.result as { login: { username: string; alias: string }; nextCommand: string };
      expect(result.login).to.deep.include({ username: INTEGRATION_USERNAME, alias: 'billing-ci' });
      expect(aliases(w)['billing-ci']).to.equal(INTEGRATION_USERNAME);
      const auth = JSON.parse(readFileSync(join(w.home, '.sfdx', `${INTEGRATION_USERNAME}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(auth).to.deep.include({
        clientId: findApp(w.emulator.state, APP)!.consumerKey,
        instanceUrl: w.emulator.url,
      });
      expect(String(auth.privateKey)).to.match(/\.eca-keys/);
      const config = JSON.parse(readFileSync(join(w.projectDir, '.sf', 'config.json'), 'utf8')) as Record<
        string,
        string
      >;
      expect(config['target-org']).to.equal('billing-ci');
      // The session sf holds works: the org knows it as a live session of the app's user.
      expect(result.nextCommand).to.match(/^sf org login jwt /);
      expectNoSecrets(outcome, secretsOf(w.emulator));
      // Again, for a user sf already holds an auth for: made afresh, as sf org login jwt does.
      const again = await verify(w, ['--username', INTEGRATION_USERNAME, '--login', '--alias', 'billing-ci-2']);
      expect(again.code, explain(again)).to.equal(0);
      expect(again.stdout).to.include(`sf is now authorized in billing-ci-2 as ${INTEGRATION_USERNAME}`);
      expect(aliases(w)['billing-ci-2']).to.equal(INTEGRATION_USERNAME);
    });
  });

  describe('client credentials', () => {
    let w: World;
    before(async function () {
      w = await deployedWorld(this, CLIENT_CREDENTIALS_APP);
      w.emulator.state.settings.enableClientSecretInRestApiAccess = true;
    });
    after(() => endWorld(w));

    it('says sf cannot log in with client credentials, and prints the access-token workaround', async () => {
      const outcome = await verify(w, []);
      expect(outcome.code, explain(outcome)).to.equal(0);
      expect(outcome.stdout).to.include('sf CLI cannot log in with the client credentials flow');
      expect(outcome.stdout).to.include('forcedotcom/cli#2096');
      const [workaround] = printedCommands(outcome.stdout);
      expect(workaround).to.match(/^SF_ACCESS_TOKEN="\$\(curl -s http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/token /);
      expect(workaround).to.include(`client_id=${findApp(w.emulator.state, APP)!.consumerKey}`);
      expect(workaround).to.match(/sf org login access-token --instance-url \S+ --alias Billing_Sync --no-prompt$/);
    });

    it('--login hands the token to sf as an access-token login and keeps it', async () => {
      const outcome = await verify(w, ['--login', '--json']);
      expect(outcome.code, explain(outcome)).to.equal(0);
      const result = outcome.json!.result as { login: { username: string; alias: string }; revoked: boolean };
      expect(result.login).to.deep.include({ username: INTEGRATION_USERNAME, alias: APP });
      expect(result.revoked).to.equal(false);
      expect(aliases(w)[APP]).to.equal(INTEGRATION_USERNAME);
      expect(liveAppTokens(w.emulator)).to.have.length(1);
    });
  });

  describe('web server', () => {
    let w: World;
    before(async function () {
      // sf's own web login listens on http://localhost:1717/OauthRedirect: the app lists it.
      w = await deployedWorld(this, webServerApp('http://localhost:1717/OauthRedirect'));
      w.emulator.state.settings.enableClientSecretInRestApiAccess = true;
    });
    after(() => endWorld(w));

    /** What a person does in the browser: log in on the emulator's authorize page, allow, follow the redirect. */
    async function allowInBrowser(url: string): Promise<void> {
      const authorize = new URL(url);
      const form = new URLSearchParams(authorize.searchParams);
      form.set('username', STANDARD_USERNAME);
      form.set('decision', 'allow');
      const answer = await fetch(`${authorize.origin}${authorize.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        redirect: 'manual',
      });
      const callback = answer.headers.get('location');
      expect(callback, `the authorize page answered ${answer.status}: ${callback}`).to.match(
        /^http:\/\/localhost:1717\/OauthRedirect\?code=/,
      );
      // As a browser does: follow sf's redirect to its success page, and let go of the connection.
      const landed = await fetch(callback!, { headers: { connection: 'close' } });
      await landed.text();
    }

    it("--login runs sf's own web login as the browser step, once, and leaves sf authorized through the app", async () => {
      const run = startAwaitingLogin({
        args: ['eca', 'verify', '--target-org', ALIAS, '--no-browser', '--login', '--alias', 'web-login'],
        cwd: w.projectDir,
        home: w.home,
        describe: explain,
      });
      const url = await run.authorizeUrl;
      expect(new URL(url).searchParams.get('redirect_uri')).to.equal('http://localhost:1717/OauthRedirect');
      await allowInBrowser(url);
      const timer = setTimeout(() => run.kill(), 20_000);
      const result = await run.done;
      clearTimeout(timer);
      expect(result.code, explain(result)).to.equal(0);
      expect(result.stdout).to.include(`sf is now authorized in web-login as ${STANDARD_USERNAME} through this app`);
      expect(result.stdout).to.include('No browser was opened (--no-browser)');
      // The token sf holds was not revoked.
      expect(result.stdout).to.include('The token was not revoked');
      expect(aliases(w)['web-login']).to.equal(STANDARD_USERNAME);
      expect(w.emulator.countRequests('GET', '/services/oauth2/authorize')).to.equal(0);
    });

    it("--login refuses at once an app without sf's callback, naming the one to add", async () => {
      const files = readdirSync(join(w.projectDir, 'force-app'), { recursive: true, encoding: 'utf8' });
      const global = join(
        w.projectDir,
        'force-app',
        files.find((f) => f.endsWith('.ecaGlblOauth-meta.xml'))!,
      );
      const original = readFileSync(global, 'utf8');
      writeFileSync(
        global,
        original.replace('http://localhost:1717/OauthRedirect', 'http://localhost:1888/OauthRedirect'),
      );
      try {
        const tokenRequests = w.emulator.countRequests('POST', '/services/oauth2/token');
        const outcome = await verify(w, ['--no-browser', '--login', '--json']);
        expect(outcome.code, explain(outcome)).to.equal(1);
        const error = outcome.json as { name: string; actions: string[] };
        expect(error.name).to.equal('LoginCallbackMissingError');
        expect(error.actions.join('\n')).to.include('Add http://localhost:1717/OauthRedirect');
        expect(w.emulator.countRequests('POST', '/services/oauth2/token')).to.equal(tokenRequests);
      } finally {
        writeFileSync(global, original);
      }
    });
  });
});
