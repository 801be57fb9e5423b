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
import { closestMatch } from '../model/scopes.js';

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
  const labelled = await Promise.all(found.map(async (app) => ({ app, label: await labelOf(app) })));
  const byLabel = labelled.filter(({ label }) => label?.trim().toLowerCase() === wanted);
  if (byLabel.length > 1) {
    const ambiguous = byLabel.map(({ app }) => app.apiName);
    throw apps.createError('error.AmbiguousLabel', [name, ambiguous.join(', ')], [ambiguous[0]]);
  }
  if (byLabel.length === 1) return byLabel[0].app;
  const error = apps.createError('error.AppNotFound', [name, dirs, names.join(', ')]);
  const meant = closeApp(name, labelled);
  if (meant) error.actions = [meantAction(meant), ...(error.actions ?? [])];
  throw error;
}

type Meant = { apiName: string; label?: string; asLabel: boolean };

/**
 * The app a wrong --name most likely means: one whose API name is the name written as an API name
 * (`"Billing Sync!"` -> Billing_Sync: a label, typed a little differently), else the closest API name or label.
 */
function closeApp(name: string, labelled: Array<{ app: FoundApp; label?: string }>): Meant | undefined {
  const meant = (entry: { app: FoundApp; label?: string }, asLabel: boolean): Meant => ({
    apiName: entry.app.apiName,
    label: entry.label,
    asLabel,
  });
  const asApiName = name
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  // Spaces or punctuation: a label, typed as remembered.
  const looksLikeLabel = /[^A-Za-z0-9_]/.test(name.trim());
  const derived = labelled.find(({ app }) => app.apiName.toLowerCase() === asApiName);
  if (derived && looksLikeLabel) return meant(derived, true);
  const byApiName = (): Meant | undefined => {
    const apiName = closestMatch(
      name.trim(),
      labelled.map(({ app }) => app.apiName),
    );
    const entry = labelled.find(({ app }) => app.apiName === apiName);
    return entry ? meant(entry, false) : undefined;
  };
  const byLabel = (): Meant | undefined => {
    const label = closestMatch(
      name.trim(),
      labelled.flatMap((entry) => (entry.label ? [entry.label] : [])),
    );
    const entry = label === undefined ? undefined : labelled.find((candidate) => candidate.label === label);
    return entry ? meant(entry, true) : undefined;
  };
  return looksLikeLabel ? (byLabel() ?? byApiName()) : (byApiName() ?? byLabel());
}

const meantAction = ({ apiName, label, asLabel }: Meant): string =>
  asLabel && label
    ? apps.getMessage('action.meantLabel', [apiName, label, apiName])
    : apps.getMessage('action.meant', [apiName, apiName]);

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
