/*
 * Every example of `sf eca rotate --help` (messages/eca.rotate.md), run as written with the built CLI against the
 * local org emulator, authorized as "my-org", on an app that enables the flows the examples prove with. An example
 * that asks for confirmation runs on a pseudo-terminal and is answered "y". Between examples the org forgets the
 * previous rotation (as if its grace period had ended), except for the example that only retires: it gets a rotation
 * to retire first.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  type Emulator,
  INTEGRATION_USERNAME,
  authorizeEmulator,
  findApp,
  startEmulator,
} from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, runCli } from '@plugin-eca/dev-kit/runCli';
import { parseHelpExample, readHelpExamples } from '../helpers/helpExamples.js';
import { runCliOnTerminal } from '../helpers/terminalCli.js';
import { clientCredentialsToken, readSecretFile } from './rotateSetup.js';

const ALIAS = 'my-org';
const APP = 'Billing_Sync';
const EXAMPLES = readHelpExamples('eca.rotate');
/** What the examples name that the emulated org or this machine lacks, and what runs instead. */
const SUBSTITUTIONS: Record<string, string> = {
  'integration@acme.com': INTEGRATION_USERNAME,
  // No secret manager here: a command that reads the secret on its standard input as one would.
  'vault kv put secret/billing consumer_secret=-': 'cat > /dev/null',
};

const explain = (text: string, result: CliResult): string =>
  `the example does not run: sf eca rotate ${text}\nexit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

describe('the examples of sf eca rotate (e2e)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let home: string;
  let project: string;

  before(async function () {
    this.timeout(120_000);
    emulator = await startEmulator();
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    home = isolatedHome();
    project = mkdtempSync(join(tmpdir(), 'wt-rotate-examples-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
    );
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    mkdirSync(join(home, '.secrets'));
    for (const args of [
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
        '--run-as-user',
        INTEGRATION_USERNAME,
        '--generate-certificate',
        '--permission-set',
        'ECA_Integration',
        '--callback-url',
        'https://billing.example.com/oauth/callback',
      ],
      ['eca', 'deploy', '--target-org', ALIAS],
    ]) {
      const done = await runCli(args, { cwd: project, home });
      expect(done.code, `${args.join(' ')}:\n${done.stdout}\n${done.stderr}`).to.equal(0);
    }
  });
  after(async () => {
    await emulator?.close();
    for (const folder of [home, project]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('reads the examples, among them a dry run and a run that only retires', () => {
    expect(EXAMPLES).to.have.length.greaterThan(3);
    expect(EXAMPLES.some((text) => text.includes('--dry-run'))).to.equal(true);
  });

  for (const text of EXAMPLES)
    it(`runs: ${text}`, async () => {
      const example = parseHelpExample(text, home);
      const args = ['eca', 'rotate', ...example.args.map((arg) => SUBSTITUTIONS[arg] ?? arg)];
      const app = (): NonNullable<ReturnType<typeof findApp>> => findApp(emulator.state, APP)!;
      const retiresOnly = !/--secret-|--show-secrets|--dry-run/.test(text);
      delete app().staged;
      if (retiresOnly) {
        const rotated = await runCli(
          ['eca', 'rotate', '--target-org', ALIAS, '--secret-file', join(home, '.secrets', 'first.env'), '--no-prompt'],
          { cwd: project, home },
        );
        expect(rotated.code, explain('(the rotation to retire)', rotated)).to.equal(0);
      }
      const before = { key: app().consumerKey, secret: app().consumerSecret };
      const asks = !text.includes('--no-prompt') && !retiresOnly && !text.includes('--dry-run');
      const result = asks
        ? await runCliOnTerminal(args, { cwd: project, home, answer: 'y', prompt: /\(y\/n\)/ })
        : await runCli(args, { cwd: project, home });
      expect(result.code, explain(text, result)).to.equal(0);
      const now = { key: app().consumerKey, secret: app().consumerSecret };
      if (text.includes('--dry-run')) expect(now).to.deep.equal(before);
      else if (retiresOnly) expect(result.stdout).to.include('The previous credentials were revoked');
      else {
        expect(now.key, 'rotated').not.to.equal(before.key);
        expect(await clientCredentialsToken(emulator, now)).to.equal('ok');
      }
      if (text.includes('--secret-file ~/.secrets/billing.env'))
        expect(readSecretFile(join(home, '.secrets', 'billing.env'))).to.deep.include(now);
      if (asks) expect(result.stdout).to.include('Make them current now');
    });

  it('at the prompt, an answer other than yes rotates nothing and keeps the staged credential', async () => {
    const app = findApp(emulator.state, APP)!;
    delete app.staged;
    const before = app.consumerKey;
    const file = join(home, '.secrets', 'declined.env');
    const result = await runCliOnTerminal(['eca', 'rotate', '--target-org', ALIAS, '--secret-file', file], {
      cwd: project,
      home,
      answer: 'n',
      prompt: /\(y\/n\)/,
    });
    expect(result.answered, result.stdout).to.equal(true);
    expect(result.code, result.stdout).to.equal(1);
    expect(result.stdout).to.include('Not rotated: the rotation was not confirmed');
    expect(app.consumerKey).to.equal(before);
    expect(findApp(emulator.state, APP)!.staged?.state).to.equal('Active');
  });
});
