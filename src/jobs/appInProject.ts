/*
 * Which app of the project a command works on: the one --name names, by API name or by label (any case, as the org
 * compares them), or the only app in the package directories. `sf eca deploy` then re-checks its files with the
 * rules `sf eca generate` applies, so a hand edit that breaks them stops the command before any request.
 */
import { findAppFiles, type FoundApp, loadApp } from '../metadata/discover.js';
import { locateInFiles, type ParsedApp } from '../metadata/parse.js';
import { Messages } from '../messages.js';
import { checkAppSpec, errorsOf, type Finding, warningsOf } from '../model/rules.js';
import { controlCharacterIn } from '../model/textInput.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const apps = Messages.loadMessages('plugin-eca', 'apps');
const messages = Messages.loadMessages('plugin-eca', 'deploy');

/** The app --name names (API name first, then label), or the only one; an error naming the fix otherwise. */
export async function findAppInProject(packageDirs: readonly string[], name: string | undefined): Promise<FoundApp> {
  const control = name === undefined ? undefined : controlCharacterIn(name);
  if (control) throw apps.createError('error.NameControlCharacter', [control.codePoint, control.position]);
  const found = await findAppFiles(packageDirs);
  const names = found.map((app) => app.apiName);
  const dirs = packageDirs.join(', ');
  if (found.length === 0) throw apps.createError('error.NoApps', [dirs]);
  if (name === undefined) {
    if (found.length > 1) throw apps.createError('error.SeveralApps', [names.join(', ')], [names[0]]);
    return found[0];
  }
  const wanted = name.trim().toLowerCase();
  const byApiName = found.find((app) => app.apiName.toLowerCase() === wanted);
  if (byApiName) return byApiName;
  const byLabel = (await Promise.all(found.map(async (app) => ({ app, label: await labelOf(app) })))).filter(
    ({ label }) => label?.trim().toLowerCase() === wanted,
  );
  if (byLabel.length > 1) {
    const ambiguous = byLabel.map(({ app }) => app.apiName);
    throw apps.createError('error.AmbiguousLabel', [name, ambiguous.join(', ')], [ambiguous[0]]);
  }
  if (byLabel.length === 1) return byLabel[0].app;
  throw apps.createError('error.AppNotFound', [name, dirs, names.join(', ')]);
}

/** The app's label as its ExternalClientApplication file gives it; undefined when the files do not parse. */
async function labelOf(app: FoundApp): Promise<string | undefined> {
  try {
    return (await loadApp(app)).spec.label;
  } catch {
    return undefined;
  }
}

export type AppToDeploy = ParsedApp & {
  /** Warnings of the re-check (the same ones generate shows), to pass on to the user. */
  warnings: Finding[];
};

export type ResolveOptions = {
  /** --allow-full-scope: as in generate, the full scope is then a warning. */
  allowFullScope?: boolean;
};

/** Find, parse and re-check the app to deploy; throws an error naming the fix when there is none, or several. */
export async function resolveAppToDeploy(
  packageDirs: readonly string[],
  name: string | undefined,
  options: ResolveOptions = {},
): Promise<AppToDeploy> {
  const parsed = await loadApp(await findAppInProject(packageDirs, name));
  // A file that cannot be read leaves the spec without what it holds: its read error is the diagnosis, not the rules.
  const findings = [
    ...parsed.findings,
    ...(parsed.unreadableFiles.length > 0
      ? []
      : locateInFiles(
          checkAppSpec(parsed.spec, { allowFullScope: options.allowFullScope, source: 'files' }),
          parsed.rawFiles,
        )),
  ];
  const errors = errorsOf(findings);
  if (errors.length > 0) {
    const error = messages.createError('error.InvalidApp', [
      parsed.spec.apiName,
      errors.map((finding) => `- ${finding.message}`).join('\n'),
    ]);
    error.actions = [...new Set([...errors.flatMap((finding) => finding.actions), ...(error.actions ?? [])])];
    throw error;
  }
  return { ...parsed, warnings: warningsOf(findings) };
}
