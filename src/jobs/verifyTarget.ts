/*
 * Which app `sf eca verify` checks: the one --name names (API name or label), or the only app of the project.
 * Its files say which flows, scopes, callbacks and run-as user to expect. Unlike deploy, verify does not re-apply
 * generate's rules: the app is already in the org, and the org is what is being tested.
 */
import { existsSync } from 'node:fs';
import { keyPathsFor } from '../keys/keyFiles.js';
import { loadApp } from '../metadata/discover.js';
import { findAppInProject } from './appInProject.js';
import type { AppSpec } from '../model/appSpec.js';

export async function resolveAppToVerify(packageDirs: readonly string[], name: string | undefined): Promise<AppSpec> {
  return (await loadAppToVerify(packageDirs, name)).spec;
}

/** The app to verify with what verify needs beyond the spec: the policies file, when it switches the app off. */
export type AppToVerify = { spec: AppSpec; disabledIn?: string };

export async function loadAppToVerify(packageDirs: readonly string[], name: string | undefined): Promise<AppToVerify> {
  const parsed = await loadApp(await findAppInProject(packageDirs, name));
  const disabled = parsed.findings.find((f) => f.code === 'parse.appDisabled');
  const policiesFile = parsed.files.find((f) => f.type === 'ExtlClntAppConfigurablePolicies')?.path;
  return { spec: parsed.spec, ...(disabled ? { disabledIn: policiesFile ?? 'ExtlClntAppConfigurablePolicies' } : {}) };
}

/** The private key `sf eca generate --generate-certificate` wrote for the app, when it is there: --jwt-key-file's default. */
export function generatedKeyFile(
  projectDir: string,
  apiName: string,
  packageDirs: readonly string[],
): string | undefined {
  try {
    const { keyPath } = keyPathsFor(projectDir, apiName, packageDirs);
    return existsSync(keyPath) ? keyPath : undefined;
  } catch {
    return undefined;
  }
}
