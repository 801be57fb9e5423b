/*
 * `eca generate` then `eca deploy` with the BUILT CLI (bin/run.js, run `npm run build` first) against the local org
 * emulator, in an isolated HOME, over SOAP and over REST deploys (SF_ORG_METADATA_REST_DEPLOY=true).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { authorizeEmulator, type Emulator, MAX_API_VERSION, startEmulator } from '@plugin-eca/org-emulator';
import { type CliResult, isolatedHome, parseJson, runCli } from '@plugin-eca/dev-kit/runCli';

const INTEGRATION_USER = 'integration@eca-emulator.test';
const ADMIN_USER = 'admin@eca-emulator.test';
const ALIAS = 'emu';

type DeployJson = {
  status: number;
  result: {
    app: string;
    targetOrg: string;
    deployId: string;
    status: string;
    checkOnly: boolean;
    files: Array<{ type: string; path: string }>;
    preflight: Array<{ check: string; subject: string; status: string; message: string }>;
    componentFailures: Array<{
      type: string;
      fullName: string;
      file?: string;
      line?: number;
      column?: number;
      problem: string;
    }>;
    consumerKey?: string;
    warnings: string[];
    twoPhase: boolean;
    leftOut: Array<{ path: string; field: string; reason: string; namedOrg?: string }>;
    apiVersion: string;
    metadataApi: string;
    certificateCheck: string;
  };
};

type ErrorJson = {
  status: number;
  name: string;
  message: string;
  actions?: string[];
  data?: { preflight?: Array<{ check: string; status: string }> };
};

/** The projects generatedProject made: removed by each suite's after hook. */
const projects: string[] = [];

/** A new DX project with an app generated into it by the built CLI. */
async function generatedProject(home: string, apiName: string, runAsUser = INTEGRATION_USER): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'eca-e2e-project-'));
  projects.push(project);
  writeFileSync(
    join(project, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '64.0' }, null, 2),
  );
  const generated = await runCli(
    [
      'eca',
      'generate',
      '--name',
      apiName.replace(/_/g, ' '),
      '--api-name',
      apiName,
      '--contact-email',
      'integrations@example.com',
      '--flow',
      'client-credentials',
      '--run-as-user',
      runAsUser,
      '--callback-url',
      'https://integration.example.com/oauth/callback',
      '--permission-set',
      'ECA_Integration',
    ],
    { cwd: project, home },
  );
  expect(generated.code, `generate failed:\n${generated.stdout}\n${generated.stderr}`).to.equal(0);
  return project;
}

const appFile = (project: string, folder: string, fileName: string): string =>
  join(project, 'force-app/main/default', folder, fileName);

/** The one file of a type folder, whatever the writer named it. */
const onlyFileIn = (project: string, folder: string): string => {
  const dir = join(project, 'force-app/main/default', folder);
  const [name] = readdirSync(dir).filter((file) => file.endsWith('-meta.xml'));
  return join(dir, name);
};

/** Add an element before the root's end tag. */
const addElement = (path: string, element: string): void => {
  const xml = readFileSync(path, 'utf8');
  writeFileSync(path, xml.replace(/(\n<\/[A-Za-z]+>\s*)$/, `\n    ${element}$1`));
};

const describeRun = (result: CliResult): string =>
  `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

for (const transport of ['SOAP', 'REST'] as const) {
  describe(`e2e: eca generate, then eca deploy over ${transport}`, function () {
    // Each test keeps within 15 s; the set-up (emulator, login, generate, deploy) gets longer in before().
    this.timeout(15_000);
    let emulator: Emulator;
    let home: string;
    const env =
      transport === 'REST' ? { SF_ORG_METADATA_REST_DEPLOY: 'true' } : { SF_ORG_METADATA_REST_DEPLOY: 'false' };
    const deployPath = transport === 'REST' ? /\/metadata\/deployRequest$/ : /\/services\/Soap\/m\//;
    const deployCalls = (): number => emulator.countRequests('POST', deployPath);
    const deploy = (project: string, ...args: string[]): Promise<CliResult> =>
      runCli(['eca', 'deploy', '--target-org', ALIAS, ...args], { cwd: project, home, env });
    const appNamed = (name: string): Emulator['state']['apps'][number] | undefined =>
      emulator.state.apps.find((app) => app.developerName === name);

    before(async function () {
      this.timeout(120_000);
      emulator = await startEmulator();
      home = isolatedHome();
      await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
    });
    afterEach(() => emulator.faults.reset());
    after(async () => {
      await emulator.close();
      for (const dir of [home, ...projects.splice(0)]) rmSync(dir, { recursive: true, force: true });
    });

    it('deploys the generated app, prints the consumer key and the verify command', async () => {
      const project = await generatedProject(home, `${transport}_Success`);
      const result = await deploy(project);
      expect(result.code, describeRun(result)).to.equal(0);
      const app = appNamed(`${transport}_Success`);
      expect(app, 'the org holds the app').not.to.equal(undefined);
      expect(result.stdout).to.include(`Consumer key: ${app!.consumerKey}`);
      expect(result.stdout).to.include(`sf eca verify --name ${transport}_Success --target-org ${ALIAS}`);
      expect(result.stdout + result.stderr).not.to.include(app!.consumerSecret);
      expect(result.stderr).to.include(`over the Metadata ${transport} API`);
      expect(deployCalls()).to.be.greaterThan(0);
    });

    it('--dry-run validates in the org and leaves it unchanged', async () => {
      const project = await generatedProject(home, `${transport}_DryRun`);
      const result = await deploy(project, '--dry-run');
      expect(result.code, describeRun(result)).to.equal(0);
      expect(result.stdout).to.include('nothing was deployed');
      expect(result.stdout).not.to.include('Consumer key');
      expect(appNamed(`${transport}_DryRun`)).to.equal(undefined);
    });

    it("leaves another org's orgScopedExternalApp and oauthLink out, says so, and leaves the files as they were", async () => {
      const name = `${transport}_Retrieved`;
      const project = await generatedProject(home, name);
      const appPath = onlyFileIn(project, 'externalClientApps');
      const oauthPath = onlyFileIn(project, 'extlClntAppOauthSettings');
      addElement(appPath, `<orgScopedExternalApp>00DIT000002Kg4l:${name}</orgScopedExternalApp>`);
      // prettier's way of splitting a long element (docs/salesforce-facts.md §8.10), and a comment that names one too.
      addElement(oauthPath, '<!-- <oauthLink>00DIT000002Kg4l:888IT0000004Cb1</oauthLink> -->');
      addElement(oauthPath, '<oauthLink\n    >00DIT000002Kg4l:888IT0000004Cb1</oauthLink>');
      const before = [readFileSync(appPath, 'utf8'), readFileSync(oauthPath, 'utf8')];
      const json = parseJson<DeployJson>(await deploy(project, '--json'));
      expect(json.status, JSON.stringify(json)).to.equal(0);
      expect(json.result.leftOut.map((item) => `${item.field}:${item.reason}:${item.namedOrg ?? ''}`)).to.deep.equal([
        'orgScopedExternalApp:names-another-org:00DIT000002Kg4l',
        'oauthLink:names-another-org:00DIT000002Kg4l',
      ]);
      expect(json.result.warnings.join('\n')).to.include('oauthLink names another org');
      expect(json.result.metadataApi).to.equal(transport);
      expect(json.result.certificateCheck).to.equal('not-needed');
      expect(appNamed(name), 'the org holds the app').not.to.equal(undefined);
      expect([readFileSync(appPath, 'utf8'), readFileSync(oauthPath, 'utf8')]).to.deep.equal(before);
    });

    it('refuses a consumer secret in source and a field newer than the org, before any deploy request', async () => {
      const name = `${transport}_Refused`;
      const project = await generatedProject(home, name);
      const globalPath = onlyFileIn(project, 'extlClntAppGlobalOauthSets');
      const generated = readFileSync(globalPath, 'utf8');
      const calls = deployCalls();
      addElement(globalPath, '<consumerSecret>NOT-A-REAL-SECRET-0001</consumerSecret>');
      const secret = parseJson<ErrorJson>(await deploy(project, '--json'));
      expect(secret.status).to.equal(1);
      expect(secret.name).to.equal('SecretInSourceError');
      expect(secret.message).to.include('carries a consumerSecret');
      expect(secret.message).not.to.include('NOT-A-REAL-SECRET-0001');
      expect(secret.actions?.join('\n')).to.include('--allow-secret-in-source');

      writeFileSync(globalPath, generated);
      addElement(globalPath, '<isEnforceRefreshTokenTTL>true</isEnforceRefreshTokenTTL>');
      // An org not yet on the release that brought the field (API 67): Spring '26, 66.0. @salesforce/core keeps the
      // org's newest version in the auth file for a day: left out, as after a login to such an org.
      emulator.state.apiVersion = 66;
      const authFile = join(home, '.sfdx', `${ADMIN_USER}.json`);
      const auth = readFileSync(authFile, 'utf8');
      const { instanceApiVersion, instanceApiVersionLastRetrieved, ...rest } = JSON.parse(auth) as Record<
        string,
        unknown
      >;
      expect(instanceApiVersion, 'the version sf keeps for the org').to.equal(`${MAX_API_VERSION}.0`);
      expect(instanceApiVersionLastRetrieved).to.be.a('string');
      writeFileSync(authFile, JSON.stringify(rest));
      try {
        const tooNew = await deploy(project);
        expect(tooNew.code, describeRun(tooNew)).to.equal(1);
        expect(tooNew.stderr, describeRun(tooNew)).to.match(
          /\.ecaGlblOauth-meta\.xml needs API version 67\.0 or later for isEnforceRefreshTokenTTL, but the target org offers 66\.0 at most/,
        );
      } finally {
        emulator.state.apiVersion = MAX_API_VERSION;
        writeFileSync(authFile, auth);
      }
      expect(deployCalls()).to.equal(calls);
      expect(appNamed(name)).to.equal(undefined);
    });

    it('shows a component problem the org finds with its file, line and column, and exits 1', async () => {
      const name = `${transport}_Rotate`;
      const project = await generatedProject(home, name);
      expect((await deploy(project)).code).to.equal(0);
      // Rotating the secret of an app the org already has: only the org can know the app exists.
      const global = appFile(project, 'extlClntAppGlobalOauthSets', `${name}_glbloauth.ecaGlblOauth-meta.xml`);
      const original = readFileSync(global, 'utf8');
      writeFileSync(
        global,
        original.replace(
          '<shouldRotateConsumerSecret>false</shouldRotateConsumerSecret>',
          '<shouldRotateConsumerSecret>true</shouldRotateConsumerSecret>',
        ),
      );
      const result = await deploy(project);
      expect(result.code, describeRun(result)).to.equal(1);
      expect(result.stderr).to.match(
        new RegExp(
          `ExtlClntAppGlobalOauthSettings ${name}_glbloauth \\(force-app/main/default/extlClntAppGlobalOauthSets/${name}_glbloauth\\.ecaGlblOauth-meta\\.xml:\\d+:\\d+\\): shouldRotateConsumerSecret rotates`,
        ),
      );

      const json = parseJson<DeployJson>(await deploy(project, '--json'));
      expect(json.status).to.equal(1);
      expect(json.result.status).to.equal('Failed');
      const failure = json.result.componentFailures.find((item) => item.type === 'ExtlClntAppGlobalOauthSettings');
      expect(failure?.file).to.equal(global);
      expect(failure?.line).to.be.a('number');
      expect(failure?.column).to.be.a('number');
      expect(failure?.problem).to.include('shouldRotateConsumerSecret');
    });

    it('refuses an administrator run-as user before any deploy request', async () => {
      const project = await generatedProject(home, `${transport}_Admin`, ADMIN_USER);
      const before = deployCalls();
      const result = await deploy(project, '--json');
      const json = parseJson<ErrorJson>(result);
      expect(result.code).to.equal(1);
      expect(json.name).to.equal('PreflightFailedError');
      expect(json.message).to.include(`Run-as user ${ADMIN_USER} is an administrator`);
      expect(json.actions).to.include(
        'Pair the app with a dedicated integration user, not an admin. Scopes cap what the app can request, but the running user decides what it can actually touch.',
      );
      expect(json.data?.preflight?.find((check) => check.check === 'run-as-user-not-admin')?.status).to.equal('fail');
      expect(deployCalls()).to.equal(before);
    });

    it('refuses a run-as user the org does not have before any deploy request', async () => {
      const project = await generatedProject(home, `${transport}_Missing`, 'nobody@eca-emulator.test');
      const before = deployCalls();
      const result = await deploy(project);
      expect(result.code, describeRun(result)).to.equal(1);
      expect(result.stderr).to.include("Run-as user nobody@eca-emulator.test doesn't exist in the target org");
      expect(deployCalls()).to.equal(before);
    });

    it('keeps polling through 5xx answers and finishes the deploy', async () => {
      const name = `${transport}_Flaky`;
      const project = await generatedProject(home, name);
      emulator.faults.slowDeployPolls = 6;
      // Status checks: REST polls GET …/deployRequest/<id>; SOAP polls with POSTs to the same endpoint as the deploy,
      // so over SOAP wait for the second status check of this deploy: by then its deploy request has been answered.
      const pollMethod = transport === 'REST' ? 'GET' : 'POST';
      const pollPath = transport === 'REST' ? /\/metadata\/deployRequest\/0Af/ : /\/services\/Soap\/m\//;
      const polls = (): number => emulator.countRequests(pollMethod, pollPath);
      const earlier = polls();
      let settled = false;
      const running = deploy(project).finally(() => (settled = true));
      const seen = transport === 'REST' ? 1 : 3;
      while (!settled && polls() - earlier < seen) await new Promise((resolve) => setTimeout(resolve, 20));
      const polledBefore = polls();
      emulator.faults.failNext(pollPath, 2, 503);
      const result = await running;
      expect(result.code, describeRun(result)).to.equal(0);
      expect(appNamed(name)).not.to.equal(undefined);
      expect(polls() - polledBefore, 'two failed checks, then more until done').to.be.greaterThan(2);
    });

    it('exits 69 with the deploy id and how to check on it when --wait runs out', async () => {
      const name = `${transport}_Slow`;
      const project = await generatedProject(home, name);
      emulator.faults.slowDeployPolls = 1000;
      const result = await deploy(project, '--wait', '0');
      expect(result.code, describeRun(result)).to.equal(69);
      const deployId = /deploy id (0Af\w+)/.exec(result.stdout)?.[1];
      expect(deployId, result.stdout).to.be.a('string');
      expect(result.stdout).to.include(`sf project deploy report --job-id ${deployId!} --target-org ${ALIAS}`);
      expect(appNamed(name)).to.equal(undefined);
    });

    it('deploys the app first and its satellites second when the org rejects the one-shot deploy on cross-references', async () => {
      const name = `${transport}_TwoPhase`;
      const project = await generatedProject(home, name);
      emulator.faults.crossReferenceOnNewApp = true;
      const result = await deploy(project, '--json');
      const json = parseJson<DeployJson>(result);
      expect(result.code, describeRun(result)).to.equal(0);
      expect(json.result).to.deep.include({ status: 'Succeeded', twoPhase: true });
      expect(json.result.consumerKey).to.equal(appNamed(name)?.consumerKey);
      expect(Object.keys(appNamed(name)?.components ?? {})).to.have.length(5);
    });

    it('--json: the result names the app, the org, the files, the checks, and never the secret', async () => {
      const name = `${transport}_Json`;
      const project = await generatedProject(home, name);
      const result = await deploy(project, '--json');
      const json = parseJson<DeployJson>(result);
      expect(result.code, describeRun(result)).to.equal(0);
      expect(json.status).to.equal(0);
      expect(json.result).to.include({
        app: name,
        targetOrg: ADMIN_USER,
        status: 'Succeeded',
        checkOnly: false,
        twoPhase: false,
      });
      expect(json.result.deployId).to.match(/^0Af/);
      expect(json.result.files.map((file) => file.type).sort()).to.deep.equal([
        'ExternalClientApplication',
        'ExtlClntAppConfigurablePolicies',
        'ExtlClntAppGlobalOauthSettings',
        'ExtlClntAppOauthConfigurablePolicies',
        'ExtlClntAppOauthSettings',
      ]);
      expect(json.result.preflight.every((check) => check.status === 'pass')).to.equal(true);
      expect(json.result.preflight.map((check) => check.check)).to.include.members([
        'run-as-user-not-admin',
        'run-as-user-api-only',
        'permission-set-exists',
      ]);
      expect(json.result.componentFailures).to.deep.equal([]);
      expect(json.result.consumerKey).to.equal(appNamed(name)?.consumerKey);
      expect(result.stdout).not.to.include(appNamed(name)!.consumerSecret);
    });

    // Last: it invalidates the HOME's session, then authorizes again for whatever runs next.
    it('says to log in again when the session has expired, before any deploy request', async () => {
      const project = await generatedProject(home, `${transport}_Expired`);
      const before = deployCalls();
      emulator.faults.expireSessions();
      try {
        const result = await deploy(project);
        expect(result.code, describeRun(result)).to.equal(1);
        expect(result.stderr).to.include(`The session for ${ALIAS} has expired`);
        expect(result.stderr).to.include(`sf org login web --alias ${ALIAS}`);
        expect(deployCalls()).to.equal(before);
      } finally {
        await authorizeEmulator({ home, instanceUrl: emulator.url, alias: ALIAS });
      }
    });
  });
}
