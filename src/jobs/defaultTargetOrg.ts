/*
 * The org sf uses when a command names none, as @salesforce/core's ConfigAggregator resolves `target-org`: the
 * SF_TARGET_ORG environment variable, else the project's .sf/config.json, else the user's ~/.sf/config.json. Read
 * as plain files, so `sf eca generate`, which never loads @salesforce/core, prints its next command with the org
 * filled in instead of a placeholder.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const targetOrgIn = (folder: string): string | undefined => {
  try {
    const value = (JSON.parse(readFileSync(join(folder, '.sf', 'config.json'), 'utf8')) as Record<string, unknown>)[
      'target-org'
    ];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return undefined;
  }
};

export function defaultTargetOrg(
  projectRoot: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string | undefined {
  const fromEnv = env.SF_TARGET_ORG?.trim();
  if (fromEnv) return fromEnv;
  return (projectRoot ? targetOrgIn(projectRoot) : undefined) ?? targetOrgIn(home);
}
