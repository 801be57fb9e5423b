/*
 * The table of bad input and hand edits (issue 15's fault matrix, its file and flag half): the built bin/run.js, one
 * hostile flag value or one hand edit at a time. Each row asserts the exit code, the message (the flag, or the file
 * at path:line:column), that no control character reaches the terminal, and that nothing was written: no file in the
 * project for generate, no deploy request and no app in the org for deploy.
 */
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { authorizeEmulator, type Emulator, startEmulator } from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const ALIAS = 'emu';
const APP = 'Bad_Input';
const DEFAULT = 'force-app/main/default';
const APP_FILE = `${DEFAULT}/externalClientApps/${APP}.eca-meta.xml`;
const GLOBAL_FILE = `${DEFAULT}/extlClntAppGlobalOauthSets/${APP}_glbloauth.ecaGlblOauth-meta.xml`;
const OAUTH_FILE = `${DEFAULT}/extlClntAppOauthSettings/${APP}_oauth.ecaOauth-meta.xml`;
const SECRET = 'NOT-A-REAL-SECRET-4242';

const GENERATE = [
  'eca',
  'generate',
  '--name',
  'Bad Input',
  '--contact-email',
  'integrations@example.com',
  '--flow',
  'client-credentials',
  '--run-as-user',
  'integration@eca-emulator.test',
  '--callback-url',
  'https://integration.example.com/oauth/callback',
  '--permission-set',
  'ECA_Integration',
];

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(filesUnder(dir).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const describeRun = (result: CliResult): string =>
  `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

/** A DX project with only sfdx-project.json. */
function emptyProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'eca-e2e-badinput-'));
  writeFileSync(
    join(project, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }),
  );
  return project;
}

type FlagRow = {
  what: string;
  /** Replaces or adds flags of GENERATE. */
  args: string[];
  /** Prepares the project (a file in the way, a folder where a file goes). */
  setUp?: (project: string) => void;
  name: string;
  message: RegExp;
};

const flagRows: FlagRow[] = [
  {
    what: 'a BEL in --name',
    args: ['--name', 'Bad\u0007Input'],
    name: 'InvalidFlagError',
    message: /^--name: The value holds the control character U\+0007 \(character 4\)/,
  },
  {
    what: 'an ESC sequence in --description',
    args: ['--description', 'Syncs \u001b]0;pwned\u0007 invoices'],
    name: 'InvalidFlagError',
    message: /^--description: The value holds the control character U\+001B \(character 7\)/,
  },
  {
    what: 'a vertical tab in --contact-email',
    args: ['--contact-email', 'integrations@\u000bexample.com'],
    name: 'InvalidFlagError',
    message: /^--contact-email: The value holds the control character U\+000B/,
  },
  {
    what: 'a control character in --output-dir',
    args: ['--output-dir', 'out\u0007dir'],
    name: 'InvalidFlagError',
    message: /^--output-dir: The value holds the control character U\+0007/,
  },
  {
    what: 'a callback URL with a fragment',
    args: ['--callback-url', 'https://example.com/cb#frag'],
    name: 'InvalidFlagError',
    message: /^--callback-url: The callback URL "https:\/\/example.com\/cb#frag" has a fragment \(#frag\).*RFC 6749/,
  },
  {
    what: '--output-dir naming a file',
    args: ['--output-dir', 'taken'],
    setUp: (project) => writeFileSync(join(project, 'taken'), 'not a folder'),
    name: 'OutputDirNotFolderError',
    message:
      /^The files cannot go to .*taken \(--output-dir\): .*taken is a file, not a folder\. Nothing was written\./,
  },
  {
    what: '--output-dir under a file',
    args: ['--output-dir', 'taken/deeper'],
    setUp: (project) => writeFileSync(join(project, 'taken'), 'not a folder'),
    name: 'OutputDirNotFolderError',
    message: /\(--output-dir\): .*taken is a file, not a folder/,
  },
  {
    what: '--force onto a folder where a file goes',
    args: ['--force'],
    setUp: (project) => mkdirSync(join(project, APP_FILE), { recursive: true }),
    name: 'TargetIsFolderError',
    message: /^These targets are folders, not files, so neither the files nor --force can replace them/,
  },
];

/** GENERATE with each flag of `args` replacing its value there, or added. */
function withArgs(args: readonly string[]): string[] {
  const out = [...GENERATE];
  for (let index = 0; index < args.length; index++) {
    const flag = args[index];
    const value = args[index + 1]?.startsWith('--') === false ? args[++index] : undefined;
    const at = out.indexOf(flag);
    if (at !== -1 && value !== undefined) out[at + 1] = value;
    else out.push(flag, ...(value === undefined ? [] : [value]));
  }
  return out;
}

describe('e2e: bad flag values for eca generate', function () {
  this.timeout(60_000);
  let home: string;
  const made: string[] = [];
  before(() => {
    home = isolatedHome();
  });
  after(() => {
    for (const dir of [home, ...made]) {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const row of flagRows) {
    it(`refuses ${row.what}: exit 1, the flag named, nothing written`, async () => {
      const project = emptyProject();
      made.push(project);
      row.setUp?.(project);
      const before = snapshot(project);
      const human = await runCli(withArgs(row.args), { cwd: project, home });
      expect(human.code, describeRun(human)).to.equal(1);
      expect(human.stderr).to.match(new RegExp(`Error \\(${row.name}\\): `));
      expect(human.stdout + human.stderr, 'no control character on the terminal').not.to.match(CONTROL);
      expect(human.stderr).to.include('Try this:');
      const json = parseJson<{ status: number; name: string; message: string }>(
        await runCli([...withArgs(row.args), '--json'], { cwd: project, home }),
      );
      expect([json.status, json.name]).to.deep.equal([1, row.name]);
      expect(json.message).to.match(row.message);
      expect(snapshot(project), 'nothing written').to.deep.equal(before);
      expect(filesUnder(project).filter((path) => path.endsWith('.tmp'))).to.deep.equal([]);
    });
  }

  it('reports a read-only --output-dir naming the flag', async function () {
    // The superuser writes into read-only folders: there is nothing to refuse then.
    if (process.getuid?.() === 0) this.skip();
    const project = emptyProject();
    made.push(project);
    mkdirSync(join(project, 'locked'));
    chmodSync(join(project, 'locked'), 0o555);
    const result = await runCli(withArgs(['--output-dir', 'locked/out']), { cwd: project, home });
    chmodSync(join(project, 'locked'), 0o755);
    expect(result.code, describeRun(result)).to.equal(1);
    expect(result.stderr).to.match(/OutputDirNotWritableError.*\(--output-dir\): .*locked cannot be written to/);
    expect(filesUnder(project)).to.deep.equal(['sfdx-project.json']);
  });

  it('honours --flags-dir: a flag per file, the command line first', async () => {
    const project = emptyProject();
    made.push(project);
    const flags = join(project, 'flags');
    mkdirSync(flags);
    writeFileSync(join(flags, 'name'), 'From Flags Dir\n');
    writeFileSync(join(flags, 'contact-email'), 'integrations@example.com\n');
    writeFileSync(join(flags, 'flow'), 'client-credentials\n');
    writeFileSync(join(flags, 'run-as-user'), 'integration@eca-emulator.test\n');
    writeFileSync(join(flags, 'callback-url'), 'https://a.example.com/cb\nhttps://b.example.com/cb\n');
    writeFileSync(join(flags, 'api-name'), 'Ignored_Name\n');
    const result = await runCli(['eca', 'generate', '--flags-dir', 'flags', '--api-name', 'From_Cli', '--json'], {
      cwd: project,
      home,
    });
    const json = parseJson<{ status: number; result: { appName: string; apiName: string } }>(result);
    expect([json.status, json.result.appName, json.result.apiName]).to.deep.equal([0, 'From Flags Dir', 'From_Cli']);
    const global = readFileSync(
      join(project, DEFAULT, 'extlClntAppGlobalOauthSets/From_Cli_glbloauth.ecaGlblOauth-meta.xml'),
      'utf8',
    );
    expect(global).to.include('https://a.example.com/cb\nhttps://b.example.com/cb');
  });
});

type EditRow = {
  what: string;
  /** Relative path of the file edited, and the edit. */
  file: string;
  edit: (xml: string) => string;
  name: string;
  /** What stderr says, place included. */
  message: RegExp;
  /** Words that must not be said: the misleading diagnoses of before. */
  notSaid?: RegExp;
};

const editRows: EditRow[] = [
  {
    what: 'a BEL in the label',
    file: APP_FILE,
    edit: (xml) => xml.replace('<label>Bad Input</label>', '<label>Bad\u0007Input</label>'),
    name: 'InvalidAppError',
    message: new RegExp(`${APP_FILE}:\\d+:\\d+ holds the character U\\+0007, which XML does not allow`),
  },
  {
    what: 'an unclosed element (malformed XML)',
    file: APP_FILE,
    edit: (xml) => xml.replace('</label>', '</labl>'),
    name: 'InvalidAppError',
    message: new RegExp(`${APP_FILE}:\\d+:\\d+ is not well-formed XML: </labl> does not close <label>`),
    notSaid: /Line: \d+|Column: \d+|There is no|file is missing/,
  },
  {
    what: 'a Global OAuth settings file cut short',
    file: GLOBAL_FILE,
    edit: (xml) => xml.slice(0, 160),
    name: 'InvalidAppError',
    message: new RegExp(`${GLOBAL_FILE}:\\d+:\\d+ is not well-formed XML: .*it looks cut short`),
    notSaid: /There is no|SeveralApps/,
  },
  {
    what: 'an empty Global OAuth settings file',
    file: GLOBAL_FILE,
    edit: () => '',
    name: 'InvalidAppError',
    message: new RegExp(`${GLOBAL_FILE}:1:1 holds no XML element`),
    notSaid: /There is no|several External Client Apps/,
  },
  {
    what: 'a DOCTYPE in the app file',
    file: APP_FILE,
    edit: (xml) => xml.replace('?>\n', '?>\n<!DOCTYPE ExternalClientApplication>\n'),
    name: 'InvalidAppError',
    message: new RegExp(`${APP_FILE}:2:\\d+ holds a DOCTYPE, which metadata files never have`),
    notSaid: /file is missing|no ExternalClientApplication file/,
  },
  {
    what: 'a satellite naming another app',
    file: OAUTH_FILE,
    edit: (xml) => xml.replace(`>${APP}<`, '>Other_App<'),
    name: 'InvalidAppError',
    message: new RegExp(`${OAUTH_FILE}:\\d+:5 names the app "Other_App" in externalClientApplication`),
    notSaid: /There is no ExtlClntAppOauthSettings/,
  },
  {
    what: 'a reference in another case',
    file: OAUTH_FILE,
    edit: (xml) => xml.replace(`>${APP}<`, `>${APP.toLowerCase()}<`),
    name: 'InvalidAppError',
    message: new RegExp(
      `${OAUTH_FILE}:\\d+:5 names the app "bad_input", which differs from the app's API name ${APP} only in case[^]*Write externalClientApplication as ${APP}`,
    ),
    notSaid: /%s/,
  },
  {
    what: 'a consumer secret written into the Global OAuth settings',
    file: GLOBAL_FILE,
    edit: (xml) => xml.replace(/(\n<\/[A-Za-z]+>\s*)$/, `\n    <consumerSecret>${SECRET}</consumerSecret>$1`),
    name: 'SecretInSourceError',
    message: /carries a consumerSecret[^]*rotate the secret/,
  },
];

describe('e2e: hand-edited files for eca deploy', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let home: string;
  let template: string;
  const made: string[] = [];
  const deployRequests = (): number =>
    emulator.countRequests('POST', /\/services\/Soap\/m\/|\/metadata\/deployRequest/);

  before(async function () {
    this.timeout(120_000);
    emulator = await startEmulator();
    home = isolatedHome();
    await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    template = emptyProject();
    const generated = await runCli(GENERATE, { cwd: template, home });
    expect(generated.code, describeRun(generated)).to.equal(0);
  });
  after(async () => {
    await emulator.close();
    for (const dir of [home, template, ...made]) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the generated project, with one file edited. */
  function editedProject(file: string, edit: (xml: string) => string): string {
    const project = mkdtempSync(join(tmpdir(), 'eca-e2e-badinput-'));
    made.push(project);
    cpSync(template, project, { recursive: true });
    writeFileSync(join(project, file), edit(readFileSync(join(project, file), 'utf8')));
    return project;
  }

  for (const row of editRows) {
    it(`refuses ${row.what} before any request: exit 1, the file at its place, the org unchanged`, async () => {
      const project = editedProject(row.file, row.edit);
      const before = snapshot(project);
      const requests = deployRequests();
      const result = await runCli(['eca', 'deploy', '--target-org', ALIAS], { cwd: project, home });
      expect(result.code, describeRun(result)).to.equal(1);
      expect(result.stderr).to.include(`Error (${row.name}): `);
      expect(result.stderr).to.match(row.message);
      if (row.notSaid) expect(result.stdout + result.stderr).not.to.match(row.notSaid);
      expect(result.stdout + result.stderr, 'no control character on the terminal').not.to.match(CONTROL);
      expect(result.stdout + result.stderr).not.to.include(SECRET);
      const json = parseJson<{ status: number; name: string }>(
        await runCli(['eca', 'deploy', '--target-org', ALIAS, '--json'], { cwd: project, home }),
      );
      expect([json.status, json.name]).to.deep.equal([1, row.name]);
      expect(JSON.stringify(json)).not.to.include(SECRET);
      expect(deployRequests(), 'no deploy request').to.equal(requests);
      expect(emulator.state.apps.map((app) => app.developerName)).not.to.include(APP);
      expect(snapshot(project), 'the files as they were').to.deep.equal(before);
      expect(statSync(join(project, row.file)).isFile()).to.equal(true);
    });
  }

  it('refuses a control character in --name, naming the flag, before any request', async () => {
    const requests = deployRequests();
    const result = await runCli(['eca', 'deploy', '--target-org', ALIAS, '--name', 'Bad\u001b]0;x\u0007Input'], {
      cwd: template,
      home,
    });
    expect(result.code, describeRun(result)).to.equal(1);
    expect(result.stderr).to.include('Error (NameControlCharacterError): --name holds the control character U+001B');
    expect(result.stdout + result.stderr).not.to.match(CONTROL);
    expect(deployRequests()).to.equal(requests);
  });

  it('deploys an app whose satellite names another app only inside a comment', async () => {
    const project = editedProject(OAUTH_FILE, (xml) =>
      xml.replace(
        '    <externalClientApplication>',
        '    <!-- <externalClientApplication>Other_App</externalClientApplication> -->\n    <externalClientApplication>',
      ),
    );
    const result = await runCli(['eca', 'deploy', '--target-org', ALIAS], { cwd: project, home });
    expect(result.code, describeRun(result)).to.equal(0);
    expect(emulator.state.apps.map((app) => app.developerName)).to.include(APP);
  });
});
