/*
 * Which app `sf eca verify` checks: the one named by --name, or the only app in the project's package directories.
 * Its files say which flows, scopes, callbacks and run-as user to expect. Unlike deploy, verify does not re-apply
 * generate's rules: the app is already in the org, and the org is what is being tested.
 */
import { existsSync } from 'node:fs';
import { Messages } from '@salesforce/core';
import { keyPathsFor } from '../keys/keyFiles.js';
import { findAppFiles, loadApp } from '../metadata/discover.js';
import type { AppSpec } from '../model/appSpec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.verify');

export async function resolveAppToVerify(packageDirs: readonly string[], name: string | undefined): Promise<AppSpec> {
  const apps = await findAppFiles(packageDirs);
  const names = apps.map((app) => app.apiName);
  if (apps.length === 0) throw messages.createError('error.NoApps', [packageDirs.join(', ')]);
  const chosen = name === undefined ? apps : apps.filter((app) => app.apiName.toLowerCase() === name.toLowerCase());
  if (chosen.length === 0) throw messages.createError('error.AppNotInProject', [name ?? '', names.join(', ')]);
  if (chosen.length > 1) throw messages.createError('error.SeveralApps', [names.join(', ')], [names[0]]);
  return (await loadApp(chosen[0])).spec;
}

/** The private key `sf eca generate --generate-certificate` wrote for the app, when it is there: --jwt-key-file's default. */
export function generatedKeyFile(projectDir: string, apiName: string, packageDirs: readonly string[]): string | undefined {
  try {
    const { keyPath } = keyPathsFor(projectDir, apiName, packageDirs);
    return existsSync(keyPath) ? keyPath : undefined;
  } catch {
    return undefined;
  }
}
