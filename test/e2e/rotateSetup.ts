/*
 * What the end-to-end tests of `sf eca rotate` share (on top of verifySetup.ts): running the command, asking the
 * emulated org for tokens with a given key and secret (the old ones, the new ones), the secret file, and the search
 * for secrets in every output, in HOME and in the project.
 */
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type Emulator, findApp } from '@plugin-eca/org-emulator';
import { parseJson } from '@plugin-eca/dev-kit/runCli';
import { ALIAS, APP, type Outcome, type World, cli } from './verifySetup.js';

export type Credentials = { key: string; secret: string };

export const currentCredentials = (emulator: Emulator): Credentials => {
  const app = findApp(emulator.state, APP)!;
  return { key: app.consumerKey, secret: app.consumerSecret };
};

/** `sf eca rotate --name Billing_Sync --target-org emu ...`, timed, with the envelope parsed under --json. */
export async function rotate(
  world: World,
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Outcome> {
  const started = Date.now();
  const result = await cli(world, ['eca', 'rotate', '--name', APP, '--target-org', ALIAS, ...args], options);
  return {
    ...result,
    elapsedMs: Date.now() - started,
    ...(args.includes('--json') ? { json: parseJson<Record<string, unknown>>(result) } : {}),
  };
}

/** A folder outside the project for secret files; removed by the caller. */
export const secretsFolder = (): string => mkdtempSync(join(tmpdir(), 'wt-rotate-secrets-'));

export function readSecretFile(path: string): Credentials & { mode: number } {
  const text = readFileSync(path, 'utf8');
  const value = (name: string): string => new RegExp(`^${name}=(.+)$`, 'm').exec(text)?.[1] ?? '';
  return {
    key: value('SF_ECA_CONSUMER_KEY'),
    secret: value('SF_ECA_CLIENT_SECRET'),
    mode: statSync(path).mode & 0o777,
  };
}

/** The token endpoint's answer to a client credentials request: 'ok' or its `error`. */
export async function clientCredentialsToken(emulator: Emulator, credentials: Credentials): Promise<string> {
  const response = await fetch(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.key,
      client_secret: credentials.secret,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  return body.access_token ? 'ok' : (body.error ?? `HTTP ${response.status}`);
}

/** The token endpoint's answer to a JWT bearer request signed with the key for the consumer key: 'ok' or `error`. */
export async function jwtBearerToken(
  emulator: Emulator,
  key: string,
  privateKeyPem: string,
  username: string,
): Promise<string> {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'RS256' })}.${part({
    iss: key,
    sub: username,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 120,
  })}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(privateKeyPem, 'base64url');
  const response = await fetch(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: `${signed}.${signature}`,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  return body.access_token ? 'ok' : (body.error ?? `HTTP ${response.status}`);
}

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** No secret in any run's stdout or stderr, nor in any file under HOME (logs, config) or the project. */
export function expectSecretsNowhere(world: World, runs: readonly Outcome[], secrets: readonly string[]): void {
  expect(secrets.filter((s) => s.length >= 16).length, 'secrets to search for').to.equal(secrets.length);
  for (const run of runs)
    for (const secret of secrets) {
      expect(run.stdout.includes(secret), `stdout holds a secret: ${secret.slice(0, 4)}…`).to.equal(false);
      expect(run.stderr.includes(secret), `stderr holds a secret: ${secret.slice(0, 4)}…`).to.equal(false);
    }
  const files = [...filesUnder(world.home), ...filesUnder(world.projectDir)];
  expect(files.length, 'files searched').to.be.greaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).to.equal(false);
  }
}

export const removeAll = (folders: readonly string[]): void =>
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));

export type StepOutcomes = Record<string, string>;

/** The --json result's steps as { stage: 'done', ... }. */
export const stepsOf = (outcome: Outcome): StepOutcomes =>
  Object.fromEntries(
    ((outcome.json?.result as { steps?: Array<{ step: string; outcome: string }> })?.steps ?? []).map((s) => [
      s.step,
      s.outcome,
    ]),
  );
