/*
 * The `sf` integration script's steps for the two other login commands `sf eca verify` prints, each run exactly as
 * printed with the official CLI:
 * - a web server app: `sf org login web --client-id … --instance-url … --alias …`. sf opens the authorize URL
 *   through the `open` package (xdg-open, which with no desktop runs `$BROWSER <url>`); BROWSER is
 *   ./browser.mjs, which logs in and allows access as a person would. sf asks for the consumer secret on stdin, and
 *   is given it as a person types it. verify's own browser step goes through the same BROWSER.
 * - a client credentials app: the workaround line (curl for a token, jq for the field, `sf org login access-token`),
 *   through `bash -c` with SF_ECA_CLIENT_SECRET set and a PATH where `sf` is the installed official CLI; then the CI
 *   recipe's lines, as a pipeline runs them.
 * Then `sf org list` / `sf org display` show the org signed in through the app; and `sf eca verify --login` signs sf
 * in through the web server app itself (sf's own web login as verify's browser step).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, INTEGRATION_USERNAME, STANDARD_USERNAME } from '@plugin-eca/org-emulator';
import { cliEnv } from '@plugin-eca/dev-kit/runCli';
import { type SfInstall, type TimedResult, run as runProgram, runSf } from '@plugin-eca/dev-kit/sfCli';
import { CLIENT_CREDENTIALS_FLAGS, StepFailure, expectJsonSuccess, missingPrograms } from '@plugin-eca/dev-kit/sfSteps';
import { shellSplit } from './loginSteps.js';

type Step = <T>(title: string, body: () => Promise<T>) => Promise<T>;

export const WEB_APP = 'SF_Web_Check';
export const CC_APP = 'SF_CC_Check';

const BROWSER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'browser.mjs');

export type PrintedLoginContext = {
  sf: SfInstall;
  home: string;
  /** A folder of the run's own (removed with it). */
  work: string;
  project: string;
  emulator: Emulator;
};

/** The line of the output that starts (after its indentation) with `start`, trimmed. */
function printedLine(result: TimedResult, start: string, what: string): string {
  const line = result.stdout.split('\n').find((l) => l.trimStart().startsWith(start));
  if (!line) throw StepFailure.of(result, `no ${what} in the output`);
  return line.trim();
}

export async function printedLoginSteps(step: Step, context: PrintedLoginContext): Promise<void> {
  const { sf, home, work, project, emulator } = context;
  const browserLog = join(work, 'browser.log');
  const run = (args: string[], env: Record<string, string> = {}, input?: string): Promise<TimedResult> =>
    runSf(sf, args, { cwd: project, home, env: { SF_ORG_INSTANCE_URL: emulator.url, ...env }, input });
  const secretOf = (app: string): string => {
    const found = emulator.state.apps.find((candidate) => candidate.developerName === app);
    if (!found) throw new StepFailure(`the emulator holds no app ${app}`);
    return found.consumerSecret;
  };
  const orgList = async (): Promise<Array<{ alias?: string; username?: string }>> => {
    const listed = expectJsonSuccess<Record<string, Array<{ alias?: string; username?: string }>>>(
      await run(['org', 'list', '--json']),
    );
    return Object.values(listed).flat();
  };
  const generateAndDeploy = async (name: string, apiName: string, flags: string[]): Promise<void> => {
    expectJsonSuccess(
      await run(['eca', 'generate', '--name', name, '--contact-email', 'integrations@example.com', ...flags, '--json']),
    );
    expectJsonSuccess(await run(['eca', 'deploy', '--name', apiName, '--target-org', 'emu', '--json']));
  };
  /** The person at the browser: the authorize page as this user. sf's container mode would refuse a browser login. */
  const browserEnv = (username: string): Record<string, string> => {
    const env = { BROWSER: `${process.execPath} ${BROWSER_SCRIPT}`, PLUGIN_ECA_BROWSER_USER: username };
    const inherited = cliEnv(home, env);
    if (inherited.SF_CONTAINER_MODE || inherited.SFDX_CONTAINER_MODE)
      throw new StepFailure('SF_CONTAINER_MODE is set: sf org login web refuses to open a browser');
    return { ...env, PLUGIN_ECA_BROWSER_LOG: browserLog };
  };
  const browserSaid = (): string => {
    try {
      return readFileSync(browserLog, 'utf8').trim() || '(the browser script wrote nothing)';
    } catch {
      return '(the browser script never ran)';
    }
  };

  // The web server flow: verify's browser step, then the printed sf org login web, each through BROWSER.
  await step(
    `sf eca generate --name "SF Web Check" --flow web-server --callback-url http://localhost:1717/OauthRedirect, then sf eca deploy`,
    () =>
      generateAndDeploy('SF Web Check', WEB_APP, [
        '--flow',
        'web-server',
        '--callback-url',
        'http://localhost:1717/OauthRedirect',
        '--profile',
        'Standard User',
      ]),
  );
  const webLogin = await step(
    `sf eca verify --name ${WEB_APP} (the browser through BROWSER=browser.mjs): the printed sf org login web`,
    async () => {
      const result = await run(['eca', 'verify', '--name', WEB_APP, '--target-org', 'emu'], {
        ...browserEnv(STANDARD_USERNAME),
        SF_ECA_CLIENT_SECRET: secretOf(WEB_APP),
      });
      if (result.code !== 0) throw StepFailure.of(result, `the browser: ${browserSaid()}`);
      return printedLine(result, 'sf org login web ', 'sf org login web command');
    },
  );
  await step(
    `${webLogin} (run as printed, with the official CLI; the consumer secret typed at its prompt)`,
    async () => {
      const [program, ...args] = shellSplit(webLogin);
      if (program !== 'sf') throw new StepFailure(`not an sf command: ${webLogin}`);
      rmSync(browserLog, { force: true });
      const result = await run(args, browserEnv(STANDARD_USERNAME), `${secretOf(WEB_APP)}\n`);
      if (result.code !== 0) throw StepFailure.of(result, `the browser: ${browserSaid()}`);
      const listed = await orgList();
      if (!listed.some((org) => org.alias === WEB_APP && org.username === STANDARD_USERNAME))
        throw StepFailure.of(result, `sf org list does not show ${WEB_APP} (${STANDARD_USERNAME})`);
      return result;
    },
  );

  // verify --login for the web server app: sf's own web login as verify's browser step, once, through the same
  // BROWSER; sf then holds the org under the alias (the JWT bearer one is in ./loginSteps.ts).
  await step(`sf eca verify --name ${WEB_APP} --login --alias web-login: sf org list shows it`, async () => {
    rmSync(browserLog, { force: true });
    const result = await run(
      ['eca', 'verify', '--name', WEB_APP, '--target-org', 'emu', '--login', '--alias', 'web-login', '--json'],
      {
        ...browserEnv(STANDARD_USERNAME),
        SF_ECA_CLIENT_SECRET: secretOf(WEB_APP),
      },
    );
    if (result.code !== 0) throw StepFailure.of(result, `the browser: ${browserSaid()}`);
    const login = expectJsonSuccess<{ login?: { username?: string; alias?: string } }>(result).login;
    if (login?.username !== STANDARD_USERNAME || login.alias !== 'web-login')
      throw StepFailure.of(result, `verify --login answered ${JSON.stringify(login)}`);
    const listed = await orgList();
    if (!listed.some((org) => org.alias === 'web-login' && org.username === STANDARD_USERNAME))
      throw StepFailure.of(result, `sf org list does not show web-login (${STANDARD_USERNAME})`);
    const display = await run(['org', 'display', '--target-org', 'web-login', '--json']);
    expectJsonSuccess(display);
    return result;
  });

  // The client credentials workaround, through bash, with sf on PATH as the installed official CLI.
  await step(
    `sf eca generate --name "SF CC Check" --flow client-credentials --run-as-user ${INTEGRATION_USERNAME}, then sf eca deploy`,
    () => generateAndDeploy('SF CC Check', CC_APP, [...CLIENT_CREDENTIALS_FLAGS]),
  );
  const verified = await step(`sf eca verify --name ${CC_APP}: the printed workaround and CI recipe`, async () => {
    const result = await run(['eca', 'verify', '--name', CC_APP, '--target-org', 'emu'], {
      SF_ECA_CLIENT_SECRET: secretOf(CC_APP),
    });
    if (result.code !== 0) throw StepFailure.of(result);
    if (!/needs curl and jq/.test(result.stdout))
      throw StepFailure.of(result, 'the workaround does not say it needs curl and jq');
    return result;
  });
  const workaround = printedLine(verified, 'SF_ACCESS_TOKEN="$(curl', 'access-token workaround');
  const bin = join(work, 'sf-bin');
  const shellEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    mkdirSync(bin, { recursive: true });
    const sfOnPath = join(bin, 'sf');
    writeFileSync(sfOnPath, `#!/bin/sh\nexec '${process.execPath}' '${sf.runJs}' "$@"\n`);
    chmodSync(sfOnPath, 0o755);
    const path = `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
    const missing = missingPrograms(path);
    if (missing) throw new StepFailure(missing);
    return cliEnv(home, {
      PATH: path,
      SF_ORG_INSTANCE_URL: emulator.url,
      SF_ECA_CLIENT_SECRET: secretOf(CC_APP),
      ...extra,
    });
  };
  const bash = async (script: string): Promise<TimedResult> => {
    const result = await runProgram('bash', ['-c', script], { cwd: project, env: shellEnv() });
    return { ...result, command: `bash -c '${script}'` };
  };
  await step(`${workaround} (run as printed through bash -c, with curl, jq and the official sf)`, async () => {
    const result = await bash(workaround);
    if (result.code !== 0) throw StepFailure.of(result);
    const listed = await orgList();
    if (!listed.some((org) => org.alias === CC_APP && org.username === INTEGRATION_USERNAME))
      throw StepFailure.of(result, `sf org list does not show ${CC_APP} (${INTEGRATION_USERNAME})`);
    const display = expectJsonSuccess<{ username?: string; instanceUrl?: string }>(
      await run(['org', 'display', '--target-org', CC_APP, '--json']),
    );
    if (display.username !== INTEGRATION_USERNAME)
      throw StepFailure.of(result, `sf org display shows ${String(display.username)}`);
    return result;
  });
  await step('the CI recipe of the client credentials app (its lines, as a pipeline runs them)', async () => {
    // The recipe: variable lines, the secret from the pipeline's store (SF_ECA_CLIENT_SECRET is set), the command.
    const lines = verified.stdout.split('\n').map((line) => line.trim());
    const start = lines.findIndex((line) => line.startsWith('SF_ECA_CONSUMER_KEY='));
    const recipe = lines.slice(start, start + 4);
    if (start < 0 || !recipe[3]?.startsWith('SF_ACCESS_TOKEN='))
      throw StepFailure.of(verified, 'no CI recipe of variables and a command in the output');
    const script = recipe.filter((line) => !line.startsWith('SF_ECA_CLIENT_SECRET=')).join('\n');
    const tokens = (): number => emulator.countRequests('POST', '/services/oauth2/token');
    const before = tokens();
    const result = await bash(script);
    if (result.code !== 0) throw StepFailure.of(result);
    // One token from the app, which sf took (it checks an access token with the org before it keeps it).
    if (tokens() !== before + 1) throw StepFailure.of(result, `${tokens() - before} token requests, expected 1`);
    const display = expectJsonSuccess<{ username?: string }>(
      await run(['org', 'display', '--target-org', INTEGRATION_USERNAME, '--json']),
    );
    if (display.username !== INTEGRATION_USERNAME)
      throw StepFailure.of(result, `sf org display shows ${String(display.username)}`);
    return result;
  });
}
