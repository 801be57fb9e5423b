/*
 * Finding apps in a project: walk the package directories, read every file named like an ECA-family component (source
 * form `X.eca-meta.xml` or metadata form `X.eca`, docs/salesforce-facts.md §8.11) and every other `.xml` file, keep those
 * whose root element (read by the XML parser, never by pattern) is an ECA-family type, and group them by app: the app
 * by its file name, each satellite by its <externalClientApplication> value (satellite names are free, §8.3). A
 * reference `ns__App` belongs to `App` (§8.12): through sfdx-project.json's namespace when it has one, else when `App`
 * is the only app it can mean (with an info note). Only a satellite whose value names no app of the project, or that
 * cannot be read, is kept with an app by its file name (adoptingApp), so that its error is reported with that app.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { finding, type Finding } from '../model/findings.js';
import { ECA_FAMILY, familyTypeByName, parseFamilyFileName } from './ecaFamily.js';
import { parseAppFiles, type ParsedApp } from './parse.js';
import { findProjectRoot } from './project.js';
import { ecaType } from './types.js';
import { readMetadataXml, rootElementOf } from './xmlReader.js';

export type FoundApp = {
  /** The app's API name (as the ECA file names it, or as the satellites reference it when that file is missing). */
  apiName: string;
  /** The app first, then the satellites in ECA_FAMILY order; paths as found (joined to the given root). */
  files: Array<{ type: string; path: string }>;
  /** Other values of <externalClientApplication> that name this app (`ns__App`). */
  references: string[];
  /** What discovery noticed on the way (an info-level warning per namespaced reference matched by suffix). */
  notes: Finding[];
};

export type FindOptions = {
  /** The project's namespace; by default read from the sfdx-project.json above the first root. */
  namespace?: string;
};

/** What follows the app's name in a satellite's name: Setup's suffixes, org-created `_defaultPolicy`, or nothing. */
const SATELLITE_NAME_ENDING = /^(_?(glbloauth|oauth|oauthplcy|plcy|oauthsettings))?(_defaultpolicy)?$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.sf', '.sfdx', '.eca-keys']);
/** Larger files are no app metadata (ECA or Connected App): never read them. */
export const MAX_FILE_BYTES = 2_000_000;

/** A metadata file's text; undefined when it cannot be read or is larger than MAX_FILE_BYTES (never a metadata file). */
export async function readMetadataFile(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).size > MAX_FILE_BYTES ? undefined : await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

type Entry = { type: string; path: string; isApp: boolean; owner?: string; unreadable?: boolean };

/** Every app under the roots (sorted by API name), or only the one named (case-insensitive, as the org compares). */
export async function findAppFiles(
  rootDirs: readonly string[],
  apiName?: string,
  options: FindOptions = {},
): Promise<FoundApp[]> {
  const entries: Entry[] = [];
  for (const root of rootDirs) {
    for (const path of await metadataFilesUnder(root, (name) => parseFamilyFileName(name) !== undefined)) {
      const entry = await entryOf(path);
      if (entry) entries.push(entry);
    }
  }
  const namespace = options.namespace ?? (rootDirs.length > 0 ? await projectNamespace(rootDirs[0]) : undefined);
  const apps = new Map<string, FoundApp>();
  const appFor = (name: string): FoundApp => {
    const key = name.toLowerCase();
    const app = apps.get(key) ?? { apiName: name, files: [], references: [], notes: [] };
    apps.set(key, app);
    return app;
  };
  for (const entry of entries.filter((e) => e.isApp)) {
    const app = appFor(entry.owner!);
    app.apiName = entry.owner!;
    app.files.push({ type: entry.type, path: entry.path });
  }
  const appNames = new Set(apps.keys());
  for (const entry of entries.filter((e) => !e.isApp)) {
    const reference = entry.owner ?? componentOf(entry.path);
    const target = entry.owner ? resolveReference(entry.owner, appNames, namespace) : undefined;
    const adopted = target ? undefined : adoptingApp(entry, appNames);
    const key = target?.name ?? adopted ?? reference.toLowerCase();
    const app = appFor(apps.get(key)?.apiName ?? reference);
    if (target && target.name !== reference.toLowerCase()) {
      if (!app.references.includes(reference)) app.references.push(reference);
      if (target.bySuffix) {
        app.notes.push(
          finding('warning', 'api-name', `${entry.type}.externalClientApplication`, 'parse.namespaceMatch', [
            entry.path,
            reference,
            app.apiName,
          ]),
        );
      }
    }
    app.files.push({ type: entry.type, path: entry.path });
  }
  const order = (type: string): number => ECA_FAMILY.findIndex((t) => t.name === type);
  const found = [...apps.values()]
    .map((app) => ({
      ...app,
      files: app.files.sort((a, b) => order(a.type) - order(b.type) || a.path.localeCompare(b.path)),
    }))
    .sort((a, b) => a.apiName.localeCompare(b.apiName));
  return apiName === undefined ? found : found.filter((app) => app.apiName.toLowerCase() === apiName.toLowerCase());
}

/** Read and parse the files of a found app (the reader never writes). */
export async function loadApp(app: FoundApp, options: { apiVersion?: number } = {}): Promise<ParsedApp> {
  const files = await Promise.all(app.files.map(async ({ path }) => ({ path, xml: await readFile(path, 'utf8') })));
  const parsed = parseAppFiles(files, { apiName: app.apiName, references: app.references, ...options });
  return app.notes.length > 0 ? { ...parsed, findings: [...app.notes, ...parsed.findings] } : parsed;
}

/** Whether a found app has its ExternalClientApplication file. */
export const hasAppFile = (app: FoundApp): boolean => app.files.some((f) => f.type === ecaType('app').name);

export { rootElementOf } from './xmlReader.js';

/**
 * The app a satellite belongs to when the app it names is none of the project (a hand edit, a copy of another app's
 * file) or it names none (an empty, cut-short or otherwise unreadable file): the app whose API name its file name
 * holds with a suffix Setup or the org gives (`App_oauth`, `App_oauth_defaultPolicy`, `AppGlblOAuth`, §8.1–§8.2); for
 * an unreadable file that names no app, else the only app of the project. Parsing then reports the file at its place,
 * with the reference it holds, instead of a "missing" file and a second app.
 */
function adoptingApp(entry: Entry, appNames: ReadonlySet<string>): string | undefined {
  const component = componentOf(entry.path).toLowerCase();
  const byName = [...appNames].find(
    (name) => component.startsWith(name) && SATELLITE_NAME_ENDING.test(component.slice(name.length)),
  );
  if (byName !== undefined || !entry.unreadable || entry.owner !== undefined) return byName;
  return appNames.size === 1 ? [...appNames][0] : undefined;
}

/** `App`, `ns__App` -> the app key it names, and whether only a suffix match says so. */
function resolveReference(
  reference: string,
  appNames: ReadonlySet<string>,
  namespace: string | undefined,
): { name: string; bySuffix: boolean } | undefined {
  const lower = reference.toLowerCase();
  if (appNames.has(lower)) return { name: lower, bySuffix: false };
  const cut = lower.indexOf('__');
  if (cut <= 0) return undefined;
  const prefix = lower.slice(0, cut);
  const rest = lower.slice(cut + 2);
  if (!appNames.has(rest)) return undefined;
  if (namespace !== undefined && prefix === namespace.toLowerCase()) return { name: rest, bySuffix: false };
  return namespace === undefined ? { name: rest, bySuffix: true } : undefined;
}

async function entryOf(path: string): Promise<Entry | undefined> {
  const named = parseFamilyFileName(basename(path));
  const xml = await readMetadataFile(path);
  if (xml === undefined) return undefined;
  const root = rootElementOf(xml);
  const type = root ? familyTypeByName(root) : named?.type;
  if (!type) return undefined;
  const isApp = type.name === ecaType('app').name;
  if (isApp) return { type: type.name, path, isApp, owner: componentOf(path) };
  let owner: string | undefined;
  let unreadable = false;
  try {
    owner = readMetadataXml(xml).fields.externalClientApplication?.trim() || undefined;
  } catch {
    unreadable = true;
    owner = referenceInUnreadable(xml);
  }
  return { type: type.name, path, isApp, ...(owner ? { owner } : {}), ...(unreadable ? { unreadable } : {}) };
}

/**
 * The app an unreadable file names, read from its text only to keep it with its app (parsing then reports why it
 * cannot be read, with its place): the first externalClientApplication element outside comments, if it is whole.
 */
function referenceInUnreadable(xml: string): string | undefined {
  const text = xml.replace(/<!--[\s\S]*?(-->|$)/g, '');
  return /<externalClientApplication>\s*([^<\s]+)\s*<\/externalClientApplication>/.exec(text)?.[1];
}

/** The component a file name gives (`X.eca-meta.xml`, `X.eca`), else the name without its last extension. */
function componentOf(path: string): string {
  const name = basename(path);
  return parseFamilyFileName(name)?.component ?? name.replace(/\.[^.]*$/, '');
}

async function projectNamespace(start: string): Promise<string | undefined> {
  const root = findProjectRoot(start);
  if (!root) return undefined;
  try {
    const json = JSON.parse(await readFile(join(root, 'sfdx-project.json'), 'utf8')) as { namespace?: unknown };
    return typeof json.namespace === 'string' && json.namespace.length > 0 ? json.namespace : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files under a folder that may hold app metadata: every `.xml` file, and those whose name `named` accepts (the
 * metadata-format names without `.xml`), sorted by name; folders of tools and keys are skipped.
 */
export async function metadataFilesUnder(dir: string, named: (fileName: string) => boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) out.push(...(await metadataFilesUnder(path, named)));
    } else if (entry.isFile() && (entry.name.endsWith('.xml') || named(entry.name))) {
      out.push(path);
    }
  }
  return out;
}
