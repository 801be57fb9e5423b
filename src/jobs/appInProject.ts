/*
 * Which app `sf eca deploy` deploys, and whether its files may go: the app named by --name (or the only one in the
 * package directories), found by its <externalClientApplication> references, parsed, and re-checked with the rules
 * `sf eca generate` applies, so a hand edit that breaks them stops the command before any request.
 */
import { Messages } from '@salesforce/core';
import { findAppFiles, loadApp } from '../metadata/discover.js';
import type { ParsedApp } from '../metadata/parse.js';
import { checkAppSpec, errorsOf, type Finding, warningsOf } from '../model/rules.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.deploy');

export type AppToDeploy = ParsedApp & {
  /** Warnings of the re-check (the same ones generate shows), to pass on to the user. */
  warnings: Finding[];
};

export type ResolveOptions = {
  /** --allow-full-scope: as in generate, the full scope is then a warning. */
  allowFullScope?: boolean;
};

/** Find, parse and re-check the app to deploy; throws an error naming the fix when there is none, or several. */
export async function resolveAppToDeploy(packageDirs: readonly string[], name: string | undefined, options: ResolveOptions = {}): Promise<AppToDeploy> {
  const apps = await findAppFiles(packageDirs);
  const names = apps.map((app) => app.apiName);
  const dirs = packageDirs.join(', ');
  if (apps.length === 0) throw messages.createError('error.NoApps', [dirs]);
  const chosen = name === undefined ? apps : apps.filter((app) => app.apiName.toLowerCase() === name.toLowerCase());
  if (chosen.length === 0) throw messages.createError('error.AppNotFound', [name ?? '', dirs, names.join(', ')]);
  if (chosen.length > 1) throw messages.createError('error.SeveralApps', [names.join(', ')], [names[0]]);

  const parsed = await loadApp(chosen[0]);
  const findings = [...parsed.findings, ...checkAppSpec(parsed.spec, { allowFullScope: options.allowFullScope })];
  const errors = errorsOf(findings);
  if (errors.length > 0) {
    const error = messages.createError('error.InvalidApp', [parsed.spec.apiName, errors.map((finding) => `- ${finding.message}`).join('\n')]);
    error.actions = [...new Set([...errors.flatMap((finding) => finding.actions), ...(error.actions ?? [])])];
    throw error;
  }
  return { ...parsed, warnings: warningsOf(findings) };
}
