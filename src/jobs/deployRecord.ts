/*
 * The deploys a run started and did not see to the end (Ctrl-C, a lost connection, an expired session, --wait
 * running out), kept in the project's `.sf/eca-deploys.json` so that the next run of the same `sf eca deploy` picks
 * the deploy up instead of starting a second one. plugin-deploy-retrieve keeps its deploy cache the same way (the
 * deploys `sf project deploy report` and `resume` know of: a TTLConfig in the project's `.sf/deploy-cache.json`, one
 * entry per deploy, aged out; docs/salesforce-facts.md §6.10); this file sits beside it, keyed by org, app and files. An entry is written as soon as
 * the org accepts a deploy and removed once a run has reported its end. The file never holds a secret: ids, names,
 * a digest of the files.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { DeployPhase } from '../org/deploy.js';

/** Deploy results stay in the org for 30 days; an entry older than that names nothing the org still knows. */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export type DeployRecord = {
  deployId: string;
  phase: DeployPhase;
  /** The digest of what was sent: the files' paths and text, the fields left out, the version, the options. */
  fingerprint: string;
  startedAt: string;
  apiVersion: string;
  rest: boolean;
};

type RecordFile = { version: 1; deploys: Record<string, DeployRecord> };

export const recordPath = (projectDir: string): string => join(projectDir, '.sf', 'eca-deploys.json');

const keyOf = (org: string, app: string, checkOnly: boolean): string =>
  `${org.toLowerCase()}|${app}|${checkOnly ? 'validate' : 'deploy'}`;

/** What identifies "the same files": each file's path in the project and text, the fields left out, the version. */
export function fingerprintOf(
  projectDir: string,
  files: ReadonlyArray<{ type: string; path: string; xml: string }>,
  leftOut: ReadonlyArray<{ path: string; field: string }>,
  apiVersion: string,
): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) hash.update(`${file.type}\0${relative(projectDir, file.path)}\0${file.xml}\0`);
  for (const item of leftOut) hash.update(`left-out\0${relative(projectDir, item.path)}\0${item.field}\0`);
  hash.update(`version\0${apiVersion}`);
  return hash.digest('hex');
}

async function readRecords(projectDir: string): Promise<RecordFile> {
  try {
    const parsed = JSON.parse(await readFile(recordPath(projectDir), 'utf8')) as Partial<RecordFile>;
    return { version: 1, deploys: parsed.deploys && typeof parsed.deploys === 'object' ? parsed.deploys : {} };
  } catch {
    // No file yet, or one this version can't read: nothing to pick up.
    return { version: 1, deploys: {} };
  }
}

async function writeRecords(projectDir: string, records: RecordFile): Promise<void> {
  const path = recordPath(projectDir);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

export type DeployRecords = {
  /** The deploy an earlier run left for this org, app and files, if any (never one of other file contents). */
  find(fingerprint: string): Promise<DeployRecord | undefined>;
  save(record: DeployRecord): Promise<void>;
  remove(): Promise<void>;
};

/** The records of one org and app, validation and deploy apart. Failures to read or write never stop a deploy. */
export function deployRecords(projectDir: string, org: string, app: string, checkOnly: boolean): DeployRecords {
  const key = keyOf(org, app, checkOnly);
  // One change at a time, in the order asked: a save still being written is never overtaken by the remove after it.
  let queue: Promise<void> = Promise.resolve();
  const update = (change: (records: RecordFile) => boolean): Promise<void> => {
    queue = queue.then(async () => {
      try {
        const records = await readRecords(projectDir);
        if (!change(records)) return;
        for (const [name, entry] of Object.entries(records.deploys))
          if (!(Date.now() - Date.parse(entry.startedAt) < MAX_AGE_MS)) delete records.deploys[name];
        await writeRecords(projectDir, records);
      } catch {
        // A read-only project still deploys; it only can't be picked up by the next run.
      }
    });
    return queue;
  };
  return {
    find: async (fingerprint) => {
      const entry = (await readRecords(projectDir)).deploys[key];
      if (!entry || entry.fingerprint !== fingerprint) return undefined;
      return Date.now() - Date.parse(entry.startedAt) < MAX_AGE_MS ? entry : undefined;
    },
    save: (record) =>
      update((records) => {
        records.deploys[key] = record;
        return true;
      }),
    remove: () =>
      update((records) => {
        if (records.deploys[key] === undefined) return false;
        delete records.deploys[key];
        return true;
      }),
  };
}
