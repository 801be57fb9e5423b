/*
 * The public contract's schemas (schemas/*.json, written by `npm run contract:update` with
 * @oclif/plugin-command-snapshot's schema:generate) describe what the commands really print with --json.
 * That the committed files match the code is `npm run test:snapshot` and `npm run test:json-schema`
 * (the plugin's snapshot:compare and schema:compare), both under `npm test`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'chai';
import { GENERATE_FLAGS } from '@plugin-eca/dev-kit/sfSteps';
import { type Emulator, authorizeEmulator, startEmulator } from '@plugin-eca/org-emulator';
import { isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA_DIR = join(ROOT, 'schemas');

/** `eca:generate` → `eca-generate.json`, as the plugin's schema:generate names the files. */
const schemaFileName = (commandId: string): string => `${commandId.replaceAll('-', '__').replaceAll(':', '-')}.json`;

const readManifest = (): { commands: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };

describe('public contract: schemas describe the real --json output', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validatorFor = (commandId: string): ValidateFunction =>
    ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, schemaFileName(commandId)), 'utf8')) as object);
  const expectValid = (commandId: string, result: unknown): void => {
    const validate = validatorFor(commandId);
    const valid = validate(result);
    expect(
      valid,
      `${commandId} --json does not match schemas/${schemaFileName(commandId)}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`,
    ).to.equal(true);
  };

  it('has one schema per command of the manifest', () => {
    const commands = Object.keys(readManifest().commands);
    expect(commands.map(schemaFileName).every((name) => readFileSync(join(SCHEMA_DIR, name)).length > 0)).to.equal(
      true,
    );
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
      writeFileSync(
        join(project, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
      );
    });
    after(async () => {
      await emulator.close();
      for (const dir of [home, project]) rmSync(dir, { recursive: true, force: true });
    });

    const runJson = async (
      args: string[],
      env: Record<string, string | undefined> = {},
    ): Promise<Record<string, unknown>> => {
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
      expectValid(
        'eca:verify',
        await runJson(['eca', 'verify', '--target-org', 'emu'], { SF_ECA_CLIENT_SECRET: app.consumerSecret }),
      );
    });

    it('sf eca rotate --json matches schemas/eca-rotate.json', async () => {
      emulator.state.settings.enableClientSecretInRestApiAccess = true;
      const secrets = mkdtempSync(join(tmpdir(), 'eca-contract-secrets-'));
      try {
        const file = join(secrets, 'rotated.env');
        expectValid(
          'eca:rotate',
          await runJson(['eca', 'rotate', '--target-org', 'emu', '--secret-file', file, '--no-prompt']),
        );
      } finally {
        rmSync(secrets, { recursive: true, force: true });
      }
    });
  });
});
