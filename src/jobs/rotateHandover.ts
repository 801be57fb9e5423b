/*
 * Handing the new consumer key and secret to the user, only the ways they chose: a file (--secret-file, written
 * 0600, never inside a package directory or a file git tracks), the terminal (--show-secrets), or the standard input
 * of a command of theirs (--secret-command, e.g. a secret manager's CLI; the key is in its SF_ECA_CONSUMER_KEY).
 * The file's lines are environment assignments, so `sf eca verify` can use them (SF_ECA_CLIENT_SECRET).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { isIgnoredByGit } from '../keys/keyFiles.js';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

export type HandOverChoice = { secretFile?: string; showSecrets: boolean; secretCommand?: string };
export type Delivery = 'file' | 'terminal' | 'command';
export type NewCredentials = { key: string; secret: string };

export const KEY_ENV = 'SF_ECA_CONSUMER_KEY';
export const SECRET_ENV = 'SF_ECA_CLIENT_SECRET';

const isInside = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Refuses a run that would stage new credentials without saying where their secret goes. */
export function assertDestination(choice: HandOverChoice): void {
  if (!choice.secretFile && !choice.showSecrets && !choice.secretCommand)
    throw messages.createError('error.NoSecretDestination');
}

/** Whether git tracks the file (false outside a repository or without git). */
export function isTrackedByGit(path: string): boolean {
  const folder = dirname(path);
  if (!existsSync(folder)) return false;
  const result = spawnSync('git', ['ls-files', '--error-unmatch', '--', basename(path)], {
    cwd: folder,
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status === 0;
}

/**
 * The absolute path of --secret-file, refused inside a package directory, when git tracks it, or when its folder
 * is missing; warnings for a file git would pick up.
 */
export function checkSecretFile(
  file: string,
  projectDir: string,
  packageDirs: readonly string[],
): { path: string; warnings: string[] } {
  const path = resolve(projectDir, file);
  const packageDir = packageDirs.map((dir) => resolve(projectDir, dir)).find((dir) => isInside(dir, path));
  if (packageDir) throw messages.createError('error.SecretFileInPackage', [path, packageDir]);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())
    throw messages.createError('error.SecretFileFolderMissing', [dirname(path)]);
  if (existsSync(path) && statSync(path).isDirectory()) throw messages.createError('error.SecretFileIsFolder', [path]);
  if (isTrackedByGit(path)) throw messages.createError('error.SecretFileTracked', [path], [path]);
  const warnings =
    isIgnoredByGit(dirname(path), path) === false ? [messages.getMessage('warning.secretFileNotIgnored', [path])] : [];
  return { path, warnings };
}

export function secretFileContent(app: string, org: string, credentials: NewCredentials): string {
  return [
    `# ${messages.getMessage('secretFile.header', [app, org])}`,
    `${KEY_ENV}=${credentials.key}`,
    `${SECRET_ENV}=${credentials.secret}`,
    '',
  ].join('\n');
}

/** Writes the file 0600, through a temporary file beside it, so a reader never sees half of it. */
export async function writeSecretFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
    await chmod(path, 0o600);
  } finally {
    await rm(temporary, { force: true });
  }
}

const redactIn = (value: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => out.split(secret).join('***'), value);

/** Runs --secret-command with the secret on its standard input and the key in SF_ECA_CONSUMER_KEY. */
export function runSecretCommand(
  command: string,
  credentials: NewCredentials,
  app: string,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, [KEY_ENV]: credentials.key, SF_ECA_APP: app },
      ...(signal ? { signal } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => fail(messages.createError('error.SecretCommandFailed', [command, error.message])));
    child.on('close', (code, killedBy) => {
      if (code === 0) return done();
      const said = redactIn(stderr.trim(), [credentials.secret, credentials.key]).split('\n').slice(-5).join('\n');
      fail(
        messages.createError('error.SecretCommandFailed', [
          command,
          `${killedBy ?? `exit ${code}`}${said ? `: ${said}` : ''}`,
        ]),
      );
    });
    child.stdin.end(credentials.secret);
  });
}

export type HandOverInput = {
  app: string;
  org: string;
  credentials: NewCredentials;
  choice: HandOverChoice;
  /** The checked --secret-file path (checkSecretFile). */
  secretFilePath?: string;
  showOnTerminal: (lines: string[]) => void;
  signal?: AbortSignal;
};

export async function handOver(input: HandOverInput): Promise<Delivery[]> {
  const delivered: Delivery[] = [];
  if (input.secretFilePath) {
    await writeSecretFile(input.secretFilePath, secretFileContent(input.app, input.org, input.credentials));
    delivered.push('file');
  }
  if (input.choice.secretCommand) {
    await runSecretCommand(input.choice.secretCommand, input.credentials, input.app, input.signal);
    delivered.push('command');
  }
  if (input.choice.showSecrets) {
    input.showOnTerminal([
      messages.getMessage('info.newKey', [input.credentials.key]),
      messages.getMessage('info.newSecret', [input.credentials.secret]),
    ]);
    delivered.push('terminal');
  }
  return delivered;
}
