/*
 * The `sf` integration script's login steps: an app the plugin generated and deployed, then the official CLI
 * signed in through it. `sf eca verify` prints the `sf org login jwt` command for the app, which is run exactly as
 * printed; `sf eca verify --login` does the same through @salesforce/core; both orgs then show in `sf org list`.
 */
import { type Emulator } from '@plugin-eca/org-emulator';
import { INTEGRATION_USERNAME } from '@plugin-eca/org-emulator';
import { type TimedResult } from '@plugin-eca/dev-kit/sfCli';
import { JWT_BEARER_FLAGS, StepFailure, expectJsonSuccess } from '@plugin-eca/dev-kit/sfSteps';

type Run = (args: string[], cwd?: string, env?: Record<string, string>) => Promise<TimedResult>;
type Step = <T>(title: string, body: () => Promise<T>) => Promise<T>;

export const JWT_APP = 'SF_Jwt_Check';

/** The words of a command as a POSIX shell reads them (plain words and '…' quoting, as verify prints them). */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g))
    words.push(match[1]?.replace(/'\\''/g, "'") ?? match[2]);
  return words;
}

/** The aliases `sf org list --json` shows, with the usernames they name. */
async function orgList(run: Run, cwd: string): Promise<Array<{ alias?: string; username?: string }>> {
  const result = await run(['org', 'list', '--json'], cwd);
  const listed = expectJsonSuccess<Record<string, Array<{ alias?: string; username?: string }>>>(result);
  return Object.values(listed).flat();
}

export async function loginSteps(step: Step, run: Run, project: string, emulator: Emulator): Promise<void> {
  await step(
    `sf eca generate --name "SF Jwt Check" --flow jwt-bearer --generate-certificate, then sf eca deploy`,
    async () => {
      const generated = await run(
        [
          'eca',
          'generate',
          '--name',
          'SF Jwt Check',
          '--contact-email',
          'integrations@example.com',
          ...JWT_BEARER_FLAGS,
          '--json',
        ],
        project,
      );
      expectJsonSuccess(generated);
      expectJsonSuccess(await run(['eca', 'deploy', '--name', JWT_APP, '--target-org', 'emu', '--json'], project));
    },
  );

  const printed = await step(
    `sf eca verify --name ${JWT_APP} --username ${INTEGRATION_USERNAME}: the printed sf org login jwt`,
    async () => {
      const result = await run(
        ['eca', 'verify', '--name', JWT_APP, '--target-org', 'emu', '--username', INTEGRATION_USERNAME],
        project,
      );
      if (result.code !== 0) throw StepFailure.of(result);
      const line = result.stdout.split('\n').find((l) => l.startsWith('  sf org login jwt '));
      if (!line) throw StepFailure.of(result, 'no sf org login jwt command in the output');
      return line.trim();
    },
  );

  await step(`${printed} (run as printed, with the official CLI)`, async () => {
    const [sf, ...args] = shellSplit(printed);
    if (sf !== 'sf') throw new StepFailure(`not an sf command: ${printed}`);
    const result = await run(args, project);
    if (result.code !== 0) throw StepFailure.of(result);
    const listed = await orgList(run, project);
    if (!listed.some((org) => org.alias === JWT_APP && org.username === INTEGRATION_USERNAME))
      throw StepFailure.of(result, `sf org list does not show ${JWT_APP} (${INTEGRATION_USERNAME})`);
    return result;
  });

  await step(
    `sf eca verify --name ${JWT_APP} --login --alias jwt-login: sf org list shows it, sf data query works with it`,
    async () => {
      const result = await run(
        [
          'eca',
          'verify',
          '--name',
          JWT_APP,
          '--target-org',
          'emu',
          '--username',
          INTEGRATION_USERNAME,
          '--login',
          '--alias',
          'jwt-login',
          '--json',
        ],
        project,
      );
      expectJsonSuccess(result);
      const listed = await orgList(run, project);
      if (!listed.some((org) => org.alias === 'jwt-login' && org.username === INTEGRATION_USERNAME))
        throw StepFailure.of(result, 'sf org list does not show jwt-login');
      const display = await run(['org', 'display', '--target-org', 'jwt-login', '--json'], project);
      expectJsonSuccess(display);
      // The org sf now holds works for sf's own commands too.
      const query = await run(
        ['data', 'query', '--query', 'SELECT Id, Username FROM User', '--target-org', 'jwt-login', '--json'],
        project,
      );
      const rows = expectJsonSuccess<{ records?: unknown[] }>(query);
      if (!Array.isArray(rows.records) || rows.records.length === 0)
        throw StepFailure.of(query, 'sf data query --target-org jwt-login returned no records');
      return `${emulator.requests.length} requests to the emulator so far`;
    },
  );
}
