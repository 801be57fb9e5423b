import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  assertDestination,
  checkSecretFile,
  handOver,
  runSecretCommand,
  secretFileContent,
  writeSecretFile,
} from '../../../src/jobs/rotateHandover.js';
import { expectRejection, expectThrows } from '../../helpers/expectError.js';

const CREDENTIALS = { key: '3MVGnewkey0000000000', secret: 'NEWSECRET0000000000000000000000000' };

describe('rotate hand-over', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'wt-rotate-handover-'));
    mkdirSync(join(folder, 'project', 'force-app'), { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const project = (): string => join(folder, 'project');

  it('needs somewhere to put the secret', () => {
    expect(expectThrows(() => assertDestination({ showSecrets: false })).name).to.equal('NoSecretDestinationError');
    for (const choice of [
      { showSecrets: true },
      { showSecrets: false, secretFile: 'f' },
      { showSecrets: false, secretCommand: 'c' },
    ])
      expect(() => assertDestination(choice)).not.to.throw();
  });

  describe('checkSecretFile', () => {
    const table: Array<[string, (p: string) => string, string | undefined]> = [
      ['inside a package directory', (p) => join(p, 'force-app', 'app.env'), 'SecretFileInPackageError'],
      ['the package directory itself', (p) => join(p, 'force-app'), 'SecretFileInPackageError'],
      ['a relative path into a package directory', () => 'force-app/nested/app.env', 'SecretFileInPackageError'],
      ['a missing folder', (p) => join(p, 'nowhere', 'app.env'), 'SecretFileFolderMissingError'],
      ['a folder', (p) => p, 'SecretFileIsFolderError'],
      ['beside the package directory', (p) => join(p, 'app.env'), undefined],
      ['outside the project', (p) => join(p, '..', 'app.env'), undefined],
    ];
    for (const [name, path, refusal] of table)
      it(`${refusal ? 'refuses' : 'takes'} a file ${name}`, () => {
        const check = (): ReturnType<typeof checkSecretFile> =>
          checkSecretFile(path(project()), project(), [join(project(), 'force-app')]);
        if (refusal) expect(expectThrows(check).name).to.equal(refusal);
        else expect(check().path).to.match(/app\.env$/);
      });

    it('refuses a file git tracks, warns about one git would pick up, is quiet about an ignored one', () => {
      spawnSync('git', ['init', '-q', project()]);
      writeFileSync(join(project(), 'tracked.env'), 'x');
      writeFileSync(join(project(), '.gitignore'), 'ignored.env\n');
      spawnSync('git', ['add', 'tracked.env'], { cwd: project() });
      const check = (name: string): ReturnType<typeof checkSecretFile> =>
        checkSecretFile(name, project(), ['force-app']);
      const tracked = expectThrows(() => check('tracked.env'));
      expect(tracked.name).to.equal('SecretFileTrackedError');
      expect((tracked as Error & { actions: string[] }).actions.join('\n')).to.include('git rm --cached');
      expect(check('untracked.env').warnings.join('\n')).to.include('add it to .gitignore');
      expect(check('ignored.env').warnings).to.deep.equal([]);
    });
  });

  it('writes the file 0600 with the key and secret as environment assignments, leaving nothing beside it', async () => {
    const path = join(folder, 'app.env');
    writeFileSync(path, 'old content', { mode: 0o644 });
    await writeSecretFile(path, secretFileContent('Billing_Sync', 'my-org', CREDENTIALS));
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).to.match(/^# .*Billing_Sync.*my-org/);
    expect(text).to.include(`SF_ECA_CONSUMER_KEY=${CREDENTIALS.key}\nSF_ECA_CLIENT_SECRET=${CREDENTIALS.secret}\n`);
    expect(readdirSync(folder)).to.deep.equal(['app.env', 'project']);
  });

  it('gives the secret to the command on stdin and the key in SF_ECA_CONSUMER_KEY', async () => {
    const out = join(folder, 'out');
    await runSecretCommand(
      `cat > ${out}.secret; printf %s "$SF_ECA_CONSUMER_KEY:$SF_ECA_APP" > ${out}.key`,
      CREDENTIALS,
      'Billing_Sync',
    );
    expect(readFileSync(`${out}.secret`, 'utf8')).to.equal(CREDENTIALS.secret);
    expect(readFileSync(`${out}.key`, 'utf8')).to.equal(`${CREDENTIALS.key}:Billing_Sync`);
  });

  it('a failing command is an error with its exit code and its stderr, the secret and key masked', async () => {
    const error = await expectRejection(
      runSecretCommand('read s; echo "refused $s $SF_ECA_CONSUMER_KEY" >&2; exit 3', CREDENTIALS, 'Billing_Sync'),
    );
    expect(error.name).to.equal('SecretCommandFailedError');
    expect(error.message).to.include('exit 3: refused *** ***');
    expect(error.message).not.to.include(CREDENTIALS.secret);
    expect(error.message).not.to.include(CREDENTIALS.key);
  });

  it('Ctrl-C ends the command', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runSecretCommand('sleep 5', CREDENTIALS, 'Billing_Sync', controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expectRejection(running);
    expect(Date.now() - started).to.be.below(3000);
  });

  it('hands over every way chosen, and says which', async () => {
    const shown: string[][] = [];
    const delivered = await handOver({
      app: 'Billing_Sync',
      org: 'my-org',
      credentials: CREDENTIALS,
      choice: { showSecrets: true, secretFile: 'x', secretCommand: 'cat > /dev/null' },
      secretFilePath: join(folder, 'x.env'),
      showOnTerminal: (lines) => shown.push(lines),
    });
    expect(delivered).to.deep.equal(['file', 'command', 'terminal']);
    expect(shown[0].join('\n')).to.include(CREDENTIALS.secret);
    const none = await handOver({
      app: 'A',
      org: 'o',
      credentials: CREDENTIALS,
      choice: { showSecrets: false },
      showOnTerminal: () => expect.fail('shown'),
    });
    expect(none).to.deep.equal([]);
  });
});
