/*
 * The consumer key and secret `sf eca verify` uses. The key: --client-id, else read from the org. The secret, in
 * this order: SF_ECA_CLIENT_SECRET, standard input with --client-secret-stdin, else the org's credentials REST API
 * (docs/salesforce-facts.md §5) with the target org's session. A flow that cannot do without the secret fails when the org keeps
 * that API closed (the error names both ways forward); a flow that only wants it for introspection goes on
 * without it. Nothing here switches the org setting on, and the secret stays in memory.
 */
import { type Connection, SfError } from '@salesforce/core';
import { resolveClientSecret, type SecretSource } from '../oauth/clientSecret.js';
import { translateOrgError } from '../org/connection.js';
import { findAppId, readConsumer } from '../org/credentials.js';

export type CredentialsInput = {
  connection: Connection;
  apiName: string;
  /** --client-id */
  clientId?: string;
  /** --client-secret-stdin */
  secretFromStdin: boolean;
  /** Whether the token request needs the secret; if not, an unreadable secret only skips introspection. */
  needsSecret: boolean;
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** How the user knows the org (its alias): what "log in again" names. */
  orgLabel?: string;
};

export type VerifyCredentials = {
  clientId: string;
  clientIdSource: 'flag' | 'org';
  /** In memory only: never logged, never in --json without --show-secrets. */
  clientSecret?: string;
  secretSource: SecretSource;
  /** Why there is no secret although the flow could use one (shown as a note, not an error). */
  secretNote?: string;
};

export async function resolveVerifyCredentials(input: CredentialsInput): Promise<VerifyCredentials> {
  try {
    return await resolve(input);
  } catch (error) {
    // "Log in again" names the org as the user knows it (its alias), not by the username the org layer sees.
    if (error instanceof SfError && error.name === 'SessionExpiredError' && input.orgLabel && error.cause)
      throw translateOrgError(error.cause, input.orgLabel);
    throw error;
  }
}

async function resolve(input: CredentialsInput): Promise<VerifyCredentials> {
  const { connection, apiName } = input;
  let appId: Promise<string> | undefined;
  const appIdOnce = (): Promise<string> => (appId ??= findAppId(connection, apiName, input.orgLabel));

  const clientId = input.clientId?.trim()
    ? input.clientId.trim()
    : (await readConsumer(connection, await appIdOnce(), 'key')).key;
  let secretNote: string | undefined;
  const { secret, source } = await resolveClientSecret({
    env: input.env,
    fromStdin: input.secretFromStdin,
    stdin: input.stdin,
    fromOrg: async () => {
      try {
        return (await readConsumer(connection, await appIdOnce(), 'keyandsecret')).secret;
      } catch (error) {
        if (input.needsSecret) throw error;
        secretNote = error instanceof Error ? error.message : String(error);
        return undefined;
      }
    },
  });
  return {
    clientId,
    clientIdSource: input.clientId?.trim() ? 'flag' : 'org',
    ...(secret ? { clientSecret: secret } : {}),
    secretSource: source,
    ...(secretNote ? { secretNote } : {}),
  };
}
