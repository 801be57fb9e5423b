/*
 * Where generated files go. `--output-dir` wins; else the default package directory of the DX project around the
 * working directory (sfdx-project.json, found walking up; read directly, which costs far less at startup than
 * SfProject) + `main/default`; outside a project, `force-app/main/default`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'metadata');

export type OutputLocation = {
  /** Absolute; type folders (`externalClientApps`, ...) go directly under it. */
  outputDir: string;
  /** The DX project's root, when there is one. */
  projectRoot?: string;
  /** Absolute package directories of the project (empty outside a project). */
  packageDirs: string[];
  source: 'flag' | 'project' | 'no-project';
};

type ProjectJson = { packageDirectories?: Array<{ path?: string; default?: boolean }> };

/** The folder holding sfdx-project.json, walking up from `start`. */
export function findProjectRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function resolveOutputLocation(cwd: string, outputDirFlag?: string): OutputLocation {
  const projectRoot = findProjectRoot(cwd);
  const packageDirs = projectRoot ? readPackageDirs(projectRoot) : [];
  if (outputDirFlag) {
    return {
      outputDir: isAbsolute(outputDirFlag) ? outputDirFlag : resolve(cwd, outputDirFlag),
      projectRoot,
      packageDirs: packageDirs.map((p) => p.path),
      source: 'flag',
    };
  }
  if (!projectRoot)
    return { outputDir: resolve(cwd, 'force-app', 'main', 'default'), packageDirs: [], source: 'no-project' };
  const chosen = packageDirs.find((p) => p.isDefault) ?? packageDirs[0];
  if (!chosen) throw messages.createError('error.noPackageDirectory', [join(projectRoot, 'sfdx-project.json')]);
  return {
    outputDir: join(chosen.path, 'main', 'default'),
    projectRoot,
    packageDirs: packageDirs.map((p) => p.path),
    source: 'project',
  };
}

function readPackageDirs(projectRoot: string): Array<{ path: string; isDefault: boolean }> {
  const file = join(projectRoot, 'sfdx-project.json');
  let json: ProjectJson;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as ProjectJson;
  } catch (error) {
    throw messages.createError('error.badProjectJson', [file, error instanceof Error ? error.message : String(error)]);
  }
  return (json.packageDirectories ?? [])
    .filter((p) => typeof p.path === 'string' && p.path.length > 0)
    .map((p) => ({ path: resolve(projectRoot, p.path as string), isDefault: p.default === true }));
}
