/*
 * `sf eca deploy` (the BUILT bin/run.js against the emulator) where the org answers in ways that need a diagnosis:
 * the Metadata API's wording for a missing reference (the two-phase fallback starts), an API version without the
 * ECA types, a run-as user given by its email, an error page on the deploy call (one line, no page), and a human
 * run's list of the deployed components.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { INTEGRATION_USERNAME, addUser, findApp } from '@plugin-eca/org-emulator';
import { renderAppFiles } from '../../src/metadata/render.js';
import { clientCredentialsSpec } from '../helpers/appSpecs.js';
import { expectNothingRaw } from '../helpers/faultMatrix.js';
import { ALIAS, type World, cli, endWorld, explain, startWorld } from './verifySetup.js';

describe('sf eca deploy: diagnoses that fit what the org answered (e2e)', function () {
  this.timeout(60_000);
  let world: World;

  before(async function () {
    this.timeout(120_000);
    world = await startWorld();
  });
  after(() => endWorld(world));
  beforeEach(() => world.emulator.faults.reset());

  const writeApp = (apiName: string, runAsUser = INTEGRATION_USERNAME): void => {
    for (const file of renderAppFiles(clientCredentialsSpec(runAsUser, apiName))) {
      const path = join(world.projectDir, 'force-app/main/default', file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.xml);
    }
  };
  const deploy = (apiName: string, ...extra: string[]): ReturnType<typeof cli> =>
    cli(world, ['eca', 'deploy', '--name', apiName, '--target-org', ALIAS, ...extra]);

  it('"In field: externalClientApplication - no ExternalClientApplication named X found" starts the two-phase deploy', async () => {
    world.emulator.faults.crossReferenceOnNewApp = true;
    world.emulator.faults.crossReferenceWording = 'field';
    writeApp('Field_Wording');
    const run = await deploy('Field_Wording', '--json');
    expect(run.code, explain(run)).to.equal(0);
    const { result } = JSON.parse(run.stdout) as { result: { twoPhase: boolean; status: string } };
    expect(result).to.include({ twoPhase: true, status: 'Succeeded' });
    expect(Object.keys(findApp(world.emulator.state, 'Field_Wording')!.components)).to.have.length(5);
  });

  it('--api-version 58.0 is refused before any request, saying why and what to do', async () => {
    writeApp('Old_Version');
    const jobs = world.emulator.deployJobs().length;
    const run = await deploy('Old_Version', '--api-version', '58.0');
    expect(run.code, explain(run)).to.equal(1);
    expect(run.stderr).to.match(/API version 59\.0 and later .* but --api-version is 58\.0/);
    expect(run.stderr).to.match(/Try this:[\s\S]*without --api-version/);
    expect(world.emulator.deployJobs()).to.have.length(jobs);
  });

  it('a run-as user given by its email points to the username that owns the email', async () => {
    const profile = world.emulator.state.profiles.find((p) => p.name === 'Minimum Access - API Only Integrations')!;
    addUser(world.emulator.state, {
      username: 'integration@acme.test',
      email: 'integration.owner@acme.example',
      firstName: 'Acme',
      lastName: 'Integration',
      profileId: profile.id,
    });
    writeApp('By_Email', 'integration.owner@acme.example');
    const run = await deploy('By_Email');
    expect(run.code, explain(run)).to.equal(1);
    expect(run.stderr).to.include(
      'Run-as user integration.owner@acme.example is an email address, not a username: it is the email of integration@acme.test.',
    );
    expect(run.stderr).not.to.include('Create the integration user integration.owner@acme.example');
  });

  it('an HTML page on the deploy call: one line naming the request, the status and what to do; exit 70', async () => {
    world.emulator.faults.failNext('/services/Soap/m', 5, 503, 0, 'html');
    writeApp('Page_On_Deploy');
    const run = await deploy('Page_On_Deploy');
    expect(run.code, explain(run)).to.equal(70);
    expectNothingRaw(run, explain(run));
    expect(run.stderr).to.include(
      'The deploy request to emu got no usable answer (HTTP 503 (Service Unavailable)): the org didn',
    );
    expect(run.stderr).to.match(/Try this:[\s\S]*sf eca deploy --name Page_On_Deploy --target-org emu$/m);
  });

  it('a human run lists the deployed source and prints a next command that runs as printed', async () => {
    writeApp('Listed_App');
    const run = await deploy('Listed_App');
    expect(run.code, explain(run)).to.equal(0);
    expect(run.stdout).to.match(/Deployed Source\n\s+State\s+Name\s+Type\s+Path\n/);
    expect(run.stdout).to.match(
      /Created\s+Listed_App\s+ExternalClientApplication\s+force-app\/main\/default\/externalClientApps\/Listed_App\.eca-meta\.xml/,
    );
    const next = /^\s+(sf eca verify .*)$/m.exec(run.stdout)?.[1];
    expect(next).to.equal('sf eca verify --name Listed_App --target-org emu');
    // The command runs as printed: verify proves the app with it (the org hands out the secret through its API).
    world.emulator.state.settings.enableClientSecretInRestApiAccess = true;
    const verified = await cli(world, next!.split(' ').slice(1));
    expect(verified.code, explain(verified)).to.equal(0);
  });
});
