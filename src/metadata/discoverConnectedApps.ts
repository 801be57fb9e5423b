/*
 * Finding Connected Apps in a project: walk the package directories (as discover.ts does for ECAs), read every file
 * named `X.connectedApp-meta.xml` or `X.connectedApp` (metadata form, §9) and every other `.xml` file, and keep those
 * whose root element, read by the XML parser, is ConnectedApp. A named file that does not parse is kept too, so the
 * reader can say what is wrong with it. Sorted by API name; names compare in any case, as the org compares them.
 */
import { basename } from 'node:path';
import { connectedAppNameOf, isConnectedAppXml } from './connectedApp.js';
import { metadataFilesUnder, readMetadataFile } from './discover.js';

export type FoundConnectedApp = {
  /** The API name the file name gives (`X` of `X.connectedApp-meta.xml`), else the file name without extension. */
  name: string;
  path: string;
};

/**
 * Every Connected App file under the roots, or only those `names` names (any case). Files in `known` (those discovery
 * already read as External Client App files) are not read again: a project of 500 apps is read once, not twice.
 */
export async function findConnectedApps(
  rootDirs: readonly string[],
  names?: readonly string[],
  known: ReadonlySet<string> = new Set(),
): Promise<FoundConnectedApp[]> {
  const found: FoundConnectedApp[] = [];
  for (const root of rootDirs) {
    for (const path of await metadataFilesUnder(root, (name) => connectedAppNameOf(name) !== undefined)) {
      if (known.has(path)) continue;
      const app = await connectedAppAt(path);
      if (app && !found.some((f) => f.path === app.path)) found.push(app);
    }
  }
  const wanted = names?.map((name) => name.toLowerCase());
  return found
    .filter((app) => wanted === undefined || wanted.includes(app.name.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

async function connectedAppAt(path: string): Promise<FoundConnectedApp | undefined> {
  const named = connectedAppNameOf(basename(path));
  const xml = await readMetadataFile(path);
  if (xml === undefined) return undefined;
  if (named !== undefined) return { name: named, path };
  return isConnectedAppXml(xml) ? { name: basename(path).replace(/\.[^.]*$/, ''), path } : undefined;
}
