/*
 * Where the consumer secret comes from, in order (DESIGN "Secrets"; issue 4): the environment
 * (SF_ECA_CLIENT_SECRET), standard input when asked (--client-secret-stdin), else the org's credentials REST API.
 * Never a flag: flags land in shell history and `ps`. The secret lives in memory only.
 */
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export const CLIENT_SECRET_ENV = 'SF_ECA_CLIENT_SECRET';

export type SecretSource = 'env' | 'stdin' | 'org' | 'none';

export type SecretInput = {
  env?: NodeJS.ProcessEnv;
  /** --client-secret-stdin */
  fromStdin: boolean;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Reads the secret from the org; called only when neither env nor stdin gave one. Undefined: not attempted. */
  fromOrg?: () => Promise<string | undefined>;
};

export type ResolvedSecret = { secret: string | undefined; source: SecretSource };

/** Read all of a stream and drop the trailing line break(s) a shell pipe or here-string adds. */
export async function readSecretFromStream(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY) throw messages.createError('error.SecretStdinIsTerminal');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/[\r\n]+$/, '');
  if (!secret) throw messages.createError('error.SecretStdinEmpty');
  return secret;
}

export async function resolveClientSecret(input: SecretInput): Promise<ResolvedSecret> {
  const fromEnv = (input.env ?? process.env)[CLIENT_SECRET_ENV];
  if (fromEnv) return { secret: fromEnv, source: 'env' };
  if (input.fromStdin) return { secret: await readSecretFromStream(input.stdin ?? process.stdin), source: 'stdin' };
  if (input.fromOrg) {
    const secret = await input.fromOrg();
    if (secret) return { secret, source: 'org' };
  }
  return { secret: undefined, source: 'none' };
}
