/*
 * Finding apps in a project: walk the package directories, read every *-meta.xml whose root element is one of the
 * five ECA types, and group the files by the app they belong to: the ECA by its file name, each satellite by its
 * <externalClientApplication> reference (never by file-name patterns: satellite names are free).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAppFiles, type ParsedApp } from './parse.js';
import { componentNameOf, ECA_TYPES, ecaType, ecaTypeByName, type EcaTypeName } from './types.js';

export type FoundApp = {
  /** The app's API name (as the ECA file names it, or as the satellites reference it when that file is missing). */
  apiName: string;
  /** In ECA_TYPES order; paths as found (joined to the given root). */
  files: Array<{ type: EcaTypeName; path: string }>;
};

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.sf', '.sfdx', '.eca-keys']);

/** Every app under the roots (sorted by API name), or only the one named (case-insensitive, as the org compares). */
export async function findAppFiles(rootDirs: readonly string[], apiName?: string): Promise<FoundApp[]> {
  const apps = new Map<string, FoundApp>();
  for (const root of rootDirs) {
    for (const path of await metaFilesUnder(root)) {
      const xml = await readFile(path, 'utf8');
      const typeName = rootElementOf(xml);
      const type = typeName ? ecaTypeByName(typeName) : undefined;
      if (!type) continue;
      const owner =
        type.key === 'app'
          ? (componentNameOf(type, basename(path)) ?? basename(path).split('.')[0])
          : /<externalClientApplication>\s*([^<\s]*)\s*<\/externalClientApplication>/.exec(xml)?.[1];
      if (!owner) continue;
      const key = owner.toLowerCase();
      const app = apps.get(key) ?? { apiName: owner, files: [] };
      if (type.key === 'app') app.apiName = owner;
      app.files.push({ type: type.name, path });
      apps.set(key, app);
    }
  }
  const order = (name: EcaTypeName): number => ECA_TYPES.findIndex((t) => t.name === name);
  const found = [...apps.values()]
    .map((app) => ({
      ...app,
      files: app.files.sort((a, b) => order(a.type) - order(b.type) || a.path.localeCompare(b.path)),
    }))
    .sort((a, b) => a.apiName.localeCompare(b.apiName));
  return apiName === undefined ? found : found.filter((app) => app.apiName.toLowerCase() === apiName.toLowerCase());
}

/** Read and parse the files of a found app. */
export async function loadApp(app: FoundApp): Promise<ParsedApp> {
  const files = await Promise.all(app.files.map(async ({ path }) => ({ path, xml: await readFile(path, 'utf8') })));
  return parseAppFiles(files);
}

/** Whether a found app has its ExternalClientApplication file. */
export const hasAppFile = (app: FoundApp): boolean => app.files.some((f) => f.type === ecaType('app').name);

/** The root element's name of an XML document (after the declaration, comments and a BOM), or undefined. */
export function rootElementOf(xml: string): string | undefined {
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(body);
  return match?.[2];
}

async function metaFilesUnder(dir: string): Promise<string[]> {
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
      if (!SKIPPED_DIRECTORIES.has(entry.name)) out.push(...(await metaFilesUnder(path)));
    } else if (entry.isFile() && entry.name.endsWith('-meta.xml')) {
      out.push(path);
    }
  }
  return out;
}
