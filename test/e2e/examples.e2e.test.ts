/*
 * Every example of `sf eca deploy --help` and `sf eca verify --help` (messages/eca.deploy.md, messages/eca.verify.md),
 * run as written with the built CLI (bin/run.js, after `npm run build`) against the local org emulator: one emulator
 * authorized as "my-org", one isolated HOME and one DX project holding the app Billing_Sync the examples name, generated
 * with `sf eca generate` so that every example's flow works (client credentials, JWT bearer with a generated
 * certificate, web server on a loopback callback). An edit of the examples that breaks one turns this test red.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  STANDARD_USERNAME,
  authorizeEmulator,
  findApp,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type HelpExample, parseHelpExample, readHelpExamples } from '../helpers/helpExamples.js';
import { startAwaitingLogin } from '../helpers/awaitingLogin.js';
import { launchHeadlessChromium } from '../helpers/chromium.js';
import { type CliResult, isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';
import { freePort } from '../helpers/stubServer.js';
import { expectNoSecrets, liveAppTokens, secretsOf } from './verifySetup.js';

/** The alias and the app the examples name. */
const ALIAS = 'my-org';
const APP = 'Billing_Sync';

/**
 * Values of the examples that can't exist in the emulated org, and what the example runs with instead; every other
 * argument is used as written.
 */
const SUBSTITUTIONS: Record<string, string> = {
  // The JWT bearer examples sign in as integration@acme.com; the emulator's users are @eca-emulator.test. Its API Only
  // integration user holds the permission set ECA_Integration, which the app pre-authorizes below.
  'integration@acme.com': INTEGRATION_USERNAME,
};

/** Well inside mocha's timeout, so that a run that hangs fails with its own output. */
const RUN_TIMEOUT_MS = 90_000;

/** The examples are parsed with the test's HOME (for `~/`), known only once it exists; their text is known now. */
const DEPLOY_EXAMPLES = readHelpExamples('eca.deploy');
const VERIFY_EXAMPLES = readHelpExamples('eca.verify');
/** Dry runs first: a validation of the app before the org has it must leave the org without it. */
const isDryRun = (text: string): boolean => /(^|\s)--dry-run(\s|=|$)/.test(text);
const DEPLOY_ORDER = [...DEPLOY_EXAMPLES].sort((a, b) => Number(isDryRun(b)) - Number(isDryRun(a)));

const explain = (command: string, example: HelpExample, args: string[], result: CliResult): string =>
  [
    `the example of sf ${command} does not run: sf ${command} ${example.text}`,
    `ran: bin/run.js ${command} ${args.join(' ')}${example.stdinFile === undefined ? '' : ` < ${example.stdinFile}`}`,
    `exit ${result.code}`,
    `stdout:\n${result.stdout}`,
    `stderr:\n${result.stderr}`,
  ].join('\n');

describe('the examples of sf eca deploy and sf eca verify (e2e)', function () {
  // Each test keeps within 15 s; the set-up (emulator, login, generate, deploy) gets longer in before().
  this.timeout(15_000);
  let emulator: Emulator;
  let home: string;
  let project: string;
  let callback: string;

  const substituted = (args: string[]): string[] => args.map((arg) => SUBSTITUTIONS[arg] ?? arg);
  const parse = (text: string): HelpExample => parseHelpExample(text, home);

  function stdinOf(example: HelpExample): string | undefined {
    if (example.stdinFile === undefined) return undefined;
    try {
      return readFileSync(resolve(project, example.stdinFile), 'utf8');
    } catch (error) {
      throw new Error(
        `the example reads ${example.stdinFile} on standard input, which the test does not provide: ${example.text}\n${String(error)}`,
      );
    }
  }

  /** Runs one example in the project; the assertion message holds the example, the arguments run and the output. */
  async function runExample(command: 'eca deploy' | 'eca verify', example: HelpExample): Promise<CliResult> {
    const args = substituted(example.args);
    const result = await runCli([...command.split(' '), ...args], {
      cwd: project,
      home,
      input: stdinOf(example),
      timeoutMs: RUN_TIMEOUT_MS,
    });
    expect(result.code, explain(command, example, args, result)).to.equal(0);
    return result;
  }

  /**
   * Runs a web server flow example with --no-browser: the command prints the authorize URL, a headless chromium opens
   * it, logs in on the emulator's page as a user of the pre-authorized profile and allows access.
   */
  async function runBrowserExample(example: HelpExample): Promise<CliResult> {
    const args = substituted(example.args);
    const input = stdinOf(example) ?? '';
    const run = startAwaitingLogin({
      args: ['eca', 'verify', ...args],
      cwd: project,
      home,
      input,
      timeoutMs: RUN_TIMEOUT_MS,
      describe: (result) => explain('eca verify', example, args, result),
    });
    const url = await run.authorizeUrl;

    const profile = mkdtempSync(join(tmpdir(), 'eca-chromium-'));
    try {
      const browser = await launchHeadlessChromium(profile);
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.fill('#username', STANDARD_USERNAME);
        const loopback = new URL(callback).origin;
        await Promise.all([page.waitForURL((target) => target.origin === loopback), page.click('#allow')]);
        await page.waitForSelector('h1[data-result]');
        expect(await page.getAttribute('h1[data-result]', 'data-result'), 'the callback page').to.equal('ok');
      } finally {
        await browser.close();
      }
    } catch (error) {
      // The command still waits for the login: end it rather than leave it running until its timeout.
      run.kill();
      throw error;
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const result = await run.done;
    expect(result.code, explain('eca verify', example, args, result)).to.equal(0);
    return result;
  }

  before(async function () {
    this.timeout(120_000);
    // A free loopback port for the web server flow's callback (the verify example listens on the app's callback).
    callback = `http://localhost:${await freePort()}/OauthRedirect`;
    emulator = await startEmulator();
    home = isolatedHome();
    project = mkdtempSync(join(tmpdir(), 'eca-e2e-examples-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }, null, 2),
    );
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    // The one app of the project, enabling every flow the verify examples use: client credentials as the emulator's
    // integration user, JWT bearer with a generated key for the users of ECA_Integration, the web server flow for the
    // users of the Standard User profile (the browser logs in as one).
    const generated = await runCli(
      [
        'eca',
        'generate',
        '--name',
        'Billing Sync',
        '--contact-email',
        'integrations@example.com',
        '--flow',
        'client-credentials',
        '--flow',
        'jwt-bearer',
        '--flow',
        'web-server',
        '--run-as-user',
        INTEGRATION_USERNAME,
        '--generate-certificate',
        '--permission-set',
        'ECA_Integration',
        '--profile',
        'Standard User',
        '--callback-url',
        callback,
      ],
      { cwd: project, home },
    );
    expect(generated.code, `generate failed:\n${generated.stdout}\n${generated.stderr}`).to.equal(0);
    // The key "kept elsewhere" of the JWT bearer example: ~/keys/billing.key, in the test's HOME.
    mkdirSync(join(home, 'keys'), { recursive: true });
    copyFileSync(join(project, '.eca-keys', APP, `${APP}.key`), join(home, 'keys', 'billing.key'));
    // The emulator's default: a deployed app's credentials work at once, so no example waits for propagation.
    emulator.faults.reset();
  });
  after(async () => {
    await emulator?.close();
    for (const dir of [home, project]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the examples of both commands', () => {
    expect(DEPLOY_EXAMPLES, 'messages/eca.deploy.md').to.have.length.greaterThan(2);
    expect(VERIFY_EXAMPLES, 'messages/eca.verify.md').to.have.length.greaterThan(3);
    expect(DEPLOY_EXAMPLES.some(isDryRun), 'a --dry-run example of deploy').to.equal(true);
  });

  describe('sf eca deploy', () => {
    for (const text of DEPLOY_ORDER) {
      it(`runs: ${text}`, async () => {
        const example = parse(text);
        const appsBefore = emulator.state.apps.length;
        const deployedBefore = findApp(emulator.state, APP) !== undefined;
        const result = await runExample('eca deploy', example);
        if (isDryRun(text)) {
          expect(result.stdout).to.include('nothing was deployed');
          expect(emulator.state.apps, 'a validation creates no app').to.have.length(appsBefore);
          if (!deployedBefore) expect(findApp(emulator.state, APP), 'a validation creates no app').to.equal(undefined);
        } else {
          const app = findApp(emulator.state, APP);
          expect(app, 'the org holds the app').not.to.equal(undefined);
          expect(result.stdout).to.include(`Consumer key: ${app!.consumerKey}`);
        }
        expectNoSecrets(result, secretsOf(emulator));
      });
    }
  });

  describe('sf eca verify', () => {
    before(() => {
      // secret.txt of the standard input example: the consumer secret of the deployed app, in the project.
      const app = findApp(emulator.state, APP);
      expect(app, 'a deploy example deployed the app').not.to.equal(undefined);
      writeFileSync(join(project, 'secret.txt'), `${app!.consumerSecret}\n`);
    });
    afterEach(() => emulator.faults.reset());

    for (const text of VERIFY_EXAMPLES) {
      it(`runs: ${text}`, async () => {
        const example = parse(text);
        // Where no example gives the secret, verify reads it from the org's credentials REST API: switch the org
        // setting on. With standard input, leave it off, so that the secret can only come from the file.
        const fromStdin = example.stdinFile !== undefined && example.args.includes('--client-secret-stdin');
        emulator.state.settings.enableClientSecretInRestApiAccess = !fromStdin;
        const tokensBefore = liveAppTokens(emulator).length;
        const result = example.args.includes('--no-browser')
          ? await runBrowserExample(example)
          : await runExample('eca verify', example);
        expect(result.stdout).to.match(/Token obtained with the .+ flow/);
        if (fromStdin) expect(result.stdout).to.include('consumer secret from standard input');
        expect(liveAppTokens(emulator), '--keep-token keeps the token, else it is revoked').to.have.length(
          tokensBefore + (example.args.includes('--keep-token') ? 1 : 0),
        );
        expectNoSecrets(result, secretsOf(emulator));
      });
    }
  });
});
