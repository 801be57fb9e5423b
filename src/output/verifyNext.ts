/*
 * What follows a successful `sf eca verify`: signing `sf` in with the new app. The ready-to-run `sf org login`
 * command for the app's flow (the real consumer key, key file, username and My Domain URL), the CI recipe
 * (environment variables a pipeline sets), and for a client credentials app the truth: sf cannot log in with that
 * flow (forcedotcom/cli#2096), and the workaround that works (a token from the app, handed to
 * `sf org login access-token`). Every command is on a line of its own, with nothing glued to it, and runs as shown.
 */
import { isAbsolute, relative } from 'node:path';
import { Messages } from '../messages.js';
import type { TokenFlow } from '../oauth/loginHost.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

export type LoginContext = {
  flow: TokenFlow;
  app: string;
  clientId: string;
  /** The org's My Domain URL: the token endpoint's base. */
  instanceUrl: string;
  /** jwt-bearer: the user the token was for; client-credentials: the run-as user. */
  username?: string;
  /** jwt-bearer: the private key file. */
  keyFile?: string;
  /** How the user knows the target org (its alias): the verify command names it. */
  targetOrg: string;
};

/** A value as a POSIX shell word: as is when it is safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

const command = (...words: string[]): string => words.join(' ');

/** A path as the person would type it from where they ran the command: relative inside it, else absolute. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The `sf org login …` command for the app's flow, ready to run; for client credentials, the access-token workaround. */
export function loginCommand(context: LoginContext, cwd = process.cwd()): string {
  const alias = shellWord(context.app);
  const url = shellWord(context.instanceUrl);
  switch (context.flow) {
    case 'jwt-bearer':
      return command(
        'sf org login jwt --client-id',
        shellWord(context.clientId),
        '--jwt-key-file',
        shellWord(shownPath(context.keyFile ?? '', cwd)),
        '--username',
        shellWord(context.username ?? ''),
        '--instance-url',
        url,
        '--alias',
        alias,
      );
    case 'web-server':
      return command(
        'sf org login web --client-id',
        shellWord(context.clientId),
        '--instance-url',
        url,
        '--alias',
        alias,
      );
    case 'client-credentials':
      return command(
        `SF_ACCESS_TOKEN="$(curl -s ${url}/services/oauth2/token -d grant_type=client_credentials`,
        `-d client_id=${shellWord(context.clientId)} --data-urlencode client_secret="$SF_ECA_CLIENT_SECRET"`,
        '| jq -r .access_token)"',
        'sf org login access-token --instance-url',
        url,
        '--alias',
        alias,
        '--no-prompt',
      );
  }
}

/** The CI recipe: the environment variables a pipeline sets, and the command that uses them. */
export function ciLines(context: LoginContext): string[] {
  const url = shellWord(context.instanceUrl);
  switch (context.flow) {
    case 'jwt-bearer':
      return [
        messages.getMessage('next.ciJwt'),
        `  SF_ECA_CONSUMER_KEY=${shellWord(context.clientId)}`,
        `  SF_ECA_USERNAME=${shellWord(context.username ?? '')}`,
        `  SF_ECA_INSTANCE_URL=${url}`,
        '  SF_ECA_JWT_KEY_FILE=<the file the pipeline writes the key to>',
        '  sf org login jwt --client-id "$SF_ECA_CONSUMER_KEY" --jwt-key-file "$SF_ECA_JWT_KEY_FILE" --username "$SF_ECA_USERNAME" --instance-url "$SF_ECA_INSTANCE_URL"',
      ];
    case 'client-credentials':
      return [
        messages.getMessage('next.ciClientCredentials'),
        `  SF_ECA_CONSUMER_KEY=${shellWord(context.clientId)}`,
        "  SF_ECA_CLIENT_SECRET=<the consumer secret, from the pipeline's secret store>",
        `  SF_ECA_INSTANCE_URL=${url}`,
        '  SF_ACCESS_TOKEN="$(curl -s "$SF_ECA_INSTANCE_URL/services/oauth2/token" -d grant_type=client_credentials -d client_id="$SF_ECA_CONSUMER_KEY" --data-urlencode client_secret="$SF_ECA_CLIENT_SECRET" | jq -r .access_token)" sf org login access-token --instance-url "$SF_ECA_INSTANCE_URL" --no-prompt',
      ];
    case 'web-server':
      return [messages.getMessage('next.ciWebServer')];
  }
}

/** This command again, with --login: what it needs for the flow (the JWT user and key) included. */
export function verifyLoginCommand(context: LoginContext, cwd = process.cwd()): string {
  const jwt =
    context.flow === 'jwt-bearer'
      ? [
          '--username',
          shellWord(context.username ?? ''),
          '--jwt-key-file',
          shellWord(shownPath(context.keyFile ?? '', cwd)),
        ]
      : [];
  return command(
    'sf eca verify --name',
    shellWord(context.app),
    '--target-org',
    shellWord(context.targetOrg),
    ...jwt,
    '--login --alias',
    shellWord(context.app),
  );
}

/** The lines after the report: how to sign sf in with the app, unless --login just did. */
export function nextLines(context: LoginContext, cwd = process.cwd()): string[] {
  const intro =
    context.flow === 'client-credentials'
      ? messages.getMessage('next.clientCredentials')
      : messages.getMessage('next.login', [messages.getMessage(`flowName.${context.flow}`)]);
  return [
    '',
    intro,
    `  ${loginCommand(context, cwd)}`,
    ...(context.flow === 'web-server' ? [messages.getMessage('next.webSecretPrompt')] : []),
    messages.getMessage('next.orLogin'),
    `  ${verifyLoginCommand(context, cwd)}`,
    ...ciLines(context),
  ];
}

/** The line after --login. */
export const loggedInLine = (login: { username: string; alias?: string }, flow: TokenFlow): string =>
  messages.getMessage('next.loggedIn', [
    login.alias ?? login.username,
    login.username,
    messages.getMessage(`flowName.${flow}`),
    login.alias ?? login.username,
  ]);
