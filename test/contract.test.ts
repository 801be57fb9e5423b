/*
 * The public contract: command-snapshot.json and schemas/*.json must match the code (the manifest written by
 * `npm run build` and the result types of the commands), and the schemas must describe what the commands
 * really print with --json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'chai';
import {
  type CommandSnapshot,
  type Manifest,
  SCHEMA_DIR,
  compareContract,
  driftMessage,
  firstDifference,
  readManifest,
  schemaFileName,
  snapshotDrifts,
  snapshotOf,
} from '@plugin-eca/dev-kit/contract';
import { GENERATE_FLAGS } from '@plugin-eca/dev-kit/sfSteps';
import { type Emulator, authorizeEmulator, startEmulator } from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const manifest: Manifest = {
  commands: {
    'eca:verify': { aliases: [], flags: { json: {}, 'target-org': { char: 'o' }, wait: { char: 'w', charAliases: ['W'] } } },
    'eca:deploy': { aliases: ['eca:push'], flags: { 'target-org': { char: 'o', aliases: ['targetusername'] }, name: { char: 'n' }, json: {} } },
  },
};

const entry = (overrides: Partial<CommandSnapshot>): CommandSnapshot => ({
  alias: [],
  command: 'eca:deploy',
  flagAliases: [],
  flagChars: [],
  flags: ['json'],
  plugin: 'plugin-eca',
  ...overrides,
});

describe('public contract: command snapshot', () => {
  it('lists each command sorted by id, with sorted flags, flag aliases and flag characters', () => {
    expect(snapshotOf(manifest)).to.deep.equal([
      { alias: ['eca:push'], command: 'eca:deploy', flagAliases: ['targetusername'], flagChars: ['n', 'o'], flags: ['json', 'name', 'target-org'], plugin: 'plugin-eca' },
      { alias: [], command: 'eca:verify', flagAliases: [], flagChars: ['W', 'o', 'w'], flags: ['json', 'target-org', 'wait'], plugin: 'plugin-eca' },
    ]);
  });

  const cases: Array<{ what: string; before: CommandSnapshot[]; now: CommandSnapshot[]; problems: string[] }> = [
    { what: 'nothing changed', before: [entry({})], now: [entry({})], problems: [] },
    { what: 'a flag added', before: [entry({})], now: [entry({ flags: ['json', 'wait'] })], problems: ['eca:deploy flags: added wait'] },
    { what: 'a flag removed', before: [entry({ flags: ['json', 'wait'] })], now: [entry({})], problems: ['eca:deploy flags: removed wait'] },
    { what: 'a flag character changed', before: [entry({ flagChars: ['w'] })], now: [entry({ flagChars: ['W'] })], problems: ['eca:deploy flagChars: added W; removed w'] },
    { what: 'an alias added', before: [entry({})], now: [entry({ alias: ['eca:push'] })], problems: ['eca:deploy alias: added eca:push'] },
    { what: 'a command added', before: [], now: [entry({})], problems: ['new command eca:deploy'] },
    { what: 'a command removed', before: [entry({})], now: [], problems: ['command eca:deploy is gone'] },
  ];
  for (const { what, before, now, problems } of cases) {
    it(`reports drift when ${what}`, () => {
      expect(snapshotDrifts(before, now).map((d) => d.problem)).to.deep.equal(problems);
    });
  }

  it('names the first difference between two schemas by its JSON path', () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).to.equal('$.a.b.1: 2 → 3');
    expect(firstDifference({ a: 1 }, { a: 1, c: 'x' })).to.equal('$.c: undefined → "x"');
  });

  it('tells how to update the files when the change is intended', () => {
    expect(driftMessage([{ file: 'schemas/eca-deploy.json', problem: 'missing' }])).to.include('npx tsx scripts/contract.ts --update');
  });
});

describe('public contract: committed files match the code', () => {
  it('command-snapshot.json and schemas/ agree with oclif.manifest.json and the result types', () => {
    const drifts = compareContract();
    expect(drifts, drifts.length ? driftMessage(drifts) : '').to.deep.equal([]);
  });
});

describe('public contract: schemas describe the real --json output', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validatorFor = (commandId: string): ValidateFunction =>
    ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, schemaFileName(commandId)), 'utf8')) as object);
  const expectValid = (commandId: string, result: unknown): void => {
    const validate = validatorFor(commandId);
    const valid = validate(result);
    expect(valid, `${commandId} --json does not match schemas/${schemaFileName(commandId)}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`).to.equal(true);
  };

  it('has one schema per command of the manifest', () => {
    const commands = Object.keys(readManifest().commands);
    expect(commands.map(schemaFileName).every((name) => readFileSync(join(SCHEMA_DIR, name)).length > 0)).to.equal(true);
  });

  describe('generate, deploy and verify against the org emulator', () => {
    let emulator: Emulator;
    let home: string;
    let project: string;

    before(async () => {
      emulator = await startEmulator();
      home = isolatedHome();
      await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'emu' });
      project = mkdtempSync(join(tmpdir(), 'eca-contract-'));
      writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }));
    });
    after(() => emulator.close());

    const runJson = async (args: string[], env: Record<string, string | undefined> = {}): Promise<Record<string, unknown>> => {
      const run = await runCli([...args, '--json'], { cwd: project, home, env });
      const envelope = parseJson<{ status: number; result: Record<string, unknown> }>(run);
      expect(envelope.status, `${args.join(' ')}:\n${run.stdout}\n${run.stderr}`).to.equal(0);
      return envelope.result;
    };

    it('sf eca generate --json matches schemas/eca-generate.json, and the schema refuses undeclared fields', async () => {
      const result = await runJson(['eca', 'generate', ...GENERATE_FLAGS]);
      expectValid('eca:generate', result);
      expect(validatorFor('eca:generate')({ ...result, undeclared: true })).to.equal(false);
    });

    it('sf eca deploy --json matches schemas/eca-deploy.json', async () => {
      expectValid('eca:deploy', await runJson(['eca', 'deploy', '--target-org', 'emu']));
    });

    it('sf eca verify --json matches schemas/eca-verify.json', async () => {
      const app = emulator.state.apps[0];
      expect(app, 'the deploy created no app in the emulator').to.not.equal(undefined);
      expectValid('eca:verify', await runJson(['eca', 'verify', '--target-org', 'emu'], { SF_ECA_CLIENT_SECRET: app.consumerSecret }));
    });
  });
});
