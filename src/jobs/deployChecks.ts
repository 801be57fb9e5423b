/*
 * What `sf eca deploy` decides from the files before it sends anything: the credentials written in them (a consumer
 * key goes as written with a warning, docs/salesforce-facts.md §5.7; a consumer secret is refused unless
 * --allow-secret-in-source), the org-specific fields it leaves out (§6.2, §8.13), and the API version the files need
 * against the one the deploy would use (§6.7, §8.18). Errors name the file, the field and the fix.
 */
import { relative } from 'node:path';
import type { Connection } from '@salesforce/core';
import type { SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import type { AppSpec } from '../model/appSpec.js';
import type { Finding } from '../model/findings.js';
import { findAppId, readConsumer } from '../org/credentials.js';
import { classifyOrgError, whatTheOrgDid } from '../org/orgFailure.js';
import { TYPE_SINCE, chooseApiVersion, type VersionChoice, typeNeedsOf, versionNeedsOf } from '../org/apiVersion.js';
import { type DeployOutcome, isCrossReferenceFailure } from '../org/deploy.js';
import type { PreflightCheck, PreflightRequirements } from '../org/preflight.js';
import type { CertificateCheck } from '../org/retrieve.js';
import type { LeftOutField, SourceFile } from '../org/stagingFolder.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'deploy');

const GLOBAL_TYPE = 'ExtlClntAppGlobalOauthSettings';

export const shortPath = (path: string, projectDir: string): string =>
  path.startsWith(projectDir) ? relative(projectDir, path) : path;

/**
 * A consumer secret in the Global file stops the deploy (the error says to rotate it) unless allowed; a consumer key,
 * or an allowed secret, is deployed as written with a warning. Nothing here reads or repeats the values.
 */
export function credentialsInSource(
  files: readonly SourceFile[],
  projectDir: string,
  allowSecret: boolean,
  commands: { verify: string; deploy: string } = { verify: 'sf eca verify', deploy: 'sf eca deploy' },
): { warnings: string[]; error?: SfError } {
  const warnings: string[] = [];
  for (const file of files.filter((item) => item.type === GLOBAL_TYPE)) {
    const path = shortPath(file.path, projectDir);
    if (file.fields.consumerKey?.trim()) warnings.push(messages.getMessage('warning.consumerKeyInSource', [path]));
    if (file.fields.consumerSecret?.trim()) {
      if (!allowSecret) {
        const tokens = [path, `${commands.verify} --show-secrets`, `${commands.deploy} --allow-secret-in-source`];
        return { warnings, error: messages.createError('error.SecretInSource', [path], tokens) };
      }
      warnings.push(messages.getMessage('warning.secretInSource', [path]));
    }
  }
  return { warnings };
}

/** The warning for each field left out, saying why. */
export function leftOutWarnings(leftOut: readonly LeftOutField[], projectDir: string, orgId?: string): string[] {
  return leftOut.map((item) =>
    item.reason === 'names-another-org'
      ? messages.getMessage('warning.leftOut.otherOrg', [
          shortPath(item.path, projectDir),
          item.field,
          item.namedOrg ?? '',
          orgId ?? '',
        ])
      : messages.getMessage('warning.leftOut.notAnOrgId', [shortPath(item.path, projectDir), item.field]),
  );
}

/** The deploy's version, or the error naming the field, the file, the version it needs and the fix. */
export function apiVersionFor(
  files: readonly SourceFile[],
  options: { flag?: string; orgMax?: string; fallback: string; projectDir: string },
): Extract<VersionChoice, { ok: true }> {
  const needs = [...files.flatMap(versionNeedsOf), ...files.flatMap(typeNeedsOf)];
  const choice = chooseApiVersion({ needs, ...options });
  if (choice.ok) return choice;
  const { need, limit, source } = choice;
  if (need.field === undefined && TYPE_SINCE[need.type] !== undefined) {
    const key = source === 'flag' ? 'error.TypesNeedApiVersionFlag' : 'error.TypesNeedApiVersionOrg';
    throw messages.createError(key, [need.type, `${need.since}.0`, limit]);
  }
  const what = need.value ? `${need.field ?? ''} ${need.value}` : (need.field ?? need.type);
  const tokens = [shortPath(need.path, options.projectDir), `${need.since}.0`, what, limit];
  throw source === 'flag'
    ? messages.createError('error.ApiVersionFlagTooLow', tokens, [`${need.since}.0`, what])
    : messages.createError('error.ApiVersionOrgTooLow', tokens, [what, shortPath(need.path, options.projectDir)]);
}

/** Refuse a deploy that would clear the org's certificate; a skipped check is a warning. */
export function certificateOutcome(
  check: CertificateCheck,
  projectDir: string,
  allowRemoval: boolean,
  deployCommand = 'sf eca deploy',
): { warnings: string[]; error?: SfError } {
  if (check.status === 'would-clear') {
    const path = shortPath(check.path, projectDir);
    if (!allowRemoval)
      return {
        warnings: [],
        error: messages.createError(
          'error.CertificateRemoval',
          [path, check.component],
          [path, `${deployCommand} --allow-certificate-removal`],
        ),
      };
    return { warnings: [messages.getMessage('warning.certificateRemoval', [path, check.component])] };
  }
  if (check.status === 'skipped')
    return { warnings: [messages.getMessage('warning.certificateCheckSkipped', [check.component, check.reason])] };
  return { warnings: [] };
}

/** The warnings of the run: the re-check's warnings (credentials in source aside: said once, above), pre-flight warnings. */
export function runWarnings(
  app: { warnings: readonly Finding[] },
  checks: readonly PreflightCheck[],
  overrides: { nonApiOnlyFlag?: boolean } = {},
): string[] {
  const warned = (name: string): boolean => checks.some((item) => item.status === 'warn' && item.check === name);
  const admin = warned('run-as-user-not-admin');
  const ui = warned('run-as-user-api-only');
  return [
    ...app.warnings.filter((item) => item.code !== 'parse.secretInSource').map((item) => item.message),
    ...checks
      .filter((item) => item.status === 'warn')
      .map((item) => messages.getMessage('warning.preflight', [item.message])),
    ...(admin ? [messages.getMessage('warning.adminOverride')] : []),
    ...(ui ? [messages.getMessage('warning.nonApiOnlyOverride')] : []),
    // The one override of earlier versions stood for both cases; it still does for now, said once.
    ...(ui && overrides.nonApiOnlyFlag !== true ? [messages.getMessage('warning.adminFlagForNonApiOnly')] : []),
  ];
}

/** Warnings about the outcome itself: a validation rejected on cross-references can't be helped by two phases. */
export function outcomeWarnings(outcome: DeployOutcome, checkOnly: boolean): string[] {
  return checkOnly && outcome.status === 'Failed' && isCrossReferenceFailure(outcome.componentFailures)
    ? [messages.getMessage('warning.dryRunCrossReference')]
    : [];
}

/** The users, permission sets and profiles an app names: what the pre-flight checks look for. */
export function requirementsOf(spec: AppSpec): PreflightRequirements {
  return {
    ...(spec.policies.runAsUser ? { runAsUser: spec.policies.runAsUser } : {}),
    permissionSets: spec.policies.permissionSets,
    profiles: spec.policies.profiles,
  };
}

/**
 * The new app's consumer key (key only, never the secret), or the warning that says why it couldn't be read (what
 * the org did in one line, never its page). The app's record id comes from the deploy result when the org named it
 * there, else from a query.
 */
export async function readConsumerKey(
  connection: Connection,
  app: string,
  verifyCommand: string,
  appId?: string,
): Promise<{ key: string } | { warning: string }> {
  try {
    const { key } = await readConsumer(connection, appId ?? (await findAppId(connection, app)), 'key');
    return { key };
  } catch (error) {
    const what = whatTheOrgDid(classifyOrgError(error));
    return { warning: messages.getMessage('warning.noConsumerKey', [what, verifyCommand]) };
  }
}

/** The org (or the API version) doesn't know the ECA types: "Unknown type name 'ExternalClientApplication' …". */
const UNKNOWN_ECA_TYPE = /Unknown type name '(?:ExternalClientApplication|ExtlClntApp\w+)'/i;

/** A failed deploy that the org refused because it doesn't know the types: the reason and the fix, else undefined. */
export function unknownTypesError(outcome: DeployOutcome, app: string, version: string): SfError | undefined {
  if (outcome.status !== 'Failed') return undefined;
  const refused = outcome.componentFailures.find((failure) => UNKNOWN_ECA_TYPE.test(failure.problem));
  return refused ? messages.createError('error.UnknownTypes', [app, version, refused.problem]) : undefined;
}
