/*
 * The deployment is built from a temporary copy of the app's files, never from the project itself: org-specific
 * fields that name another org (`orgScopedExternalApp`, `oauthLink`: docs/salesforce-facts.md §6.2, §8.13) are left
 * out of the copy, while the source files stay untouched. Elements are found by the XML structure
 * (./xmlElements.ts), so formatting and comments can't fool it. The copy keeps each file's folder and name, so SDR
 * resolves it to the same type, and a map leads every staged path back to the source file for error messages.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { readMetadataXml } from '../metadata/xmlReader.js';
import { childElements, withoutChildElements } from './xmlElements.js';

/** One of the app's files, as found in the project. */
export type AppFile = { type: string; path: string };

/**
 * One of the app's files with its text, its root's simple fields (values decoded by the XML parser) and the names of
 * all its root's child elements.
 */
export type SourceFile = AppFile & { xml: string; fields: Record<string, string>; elements: string[] };

/** Why a field was left out of what is sent. */
export type LeftOutReason = 'names-another-org' | 'not-an-org-id';

/** A field of a source file that the deployment leaves out (the file itself is never changed). */
export type LeftOutField = {
  path: string;
  field: string;
  reason: LeftOutReason;
  /** The org id the value names, when it names one. */
  namedOrg?: string;
};

/** The fields that hold another org's record ids: the app's org-scoped name and the OAuth settings' consumer link. */
export const ORG_SPECIFIC_FIELDS: readonly string[] = ['orgScopedExternalApp', 'oauthLink'];

const ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export type StagedApp = {
  /** The temporary directory holding the copies. */
  dir: string;
  /** The copies, in the order of the source files, with their types. */
  files: AppFile[];
  /** staged path → source path. */
  sourceOf: Map<string, string>;
  /** Remove the temporary directory. */
  cleanup: () => Promise<void>;
};

/** Read the app's files once: their text and their fields. */
export async function readSourceFiles(files: readonly AppFile[]): Promise<SourceFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const xml = await readFile(file.path, 'utf8');
      return {
        ...file,
        xml,
        fields: readMetadataXml(xml).fields,
        elements: childElements(xml).map((child) => child.name),
      };
    }),
  );
}

/**
 * The org-specific fields to leave out for this target org: a value `<org id>:…` whose org id is the target's
 * (first 15 characters) is the org's own and goes as written; any other org id, or a value that names none (a
 * placeholder such as `00D-XXXXXXXXXXXXXX`, §8.13), is left out, and the org generates the field (§6.2).
 */
export function leftOutFields(files: readonly SourceFile[], targetOrgId: string | undefined): LeftOutField[] {
  return files.flatMap((file) =>
    ORG_SPECIFIC_FIELDS.flatMap((field): LeftOutField[] => {
      const value = file.fields[field];
      if (value === undefined) return [];
      const named = value.split(':')[0].trim();
      if (!ORG_ID.test(named)) return [{ path: file.path, field, reason: 'not-an-org-id' }];
      if (targetOrgId && named.slice(0, 15) === targetOrgId.slice(0, 15)) return [];
      return [{ path: file.path, field, reason: 'names-another-org', namedOrg: named }];
    }),
  );
}

/** Copy the app's files to a temporary directory, without the fields left out. */
export async function stageAppFiles(
  files: readonly AppFile[],
  leftOut: ReadonlyArray<Pick<LeftOutField, 'path' | 'field'>>,
): Promise<StagedApp> {
  const dir = await mkdtemp(join(tmpdir(), 'eca-deploy-'));
  const sourceOf = new Map<string, string>();
  const staged: AppFile[] = [];
  try {
    for (const [index, file] of files.entries()) {
      // One numbered folder per file keeps two files of the same name apart; the type folder keeps SDR's layout.
      const target = join(dir, String(index), basename(dirname(file.path)), basename(file.path));
      await mkdir(dirname(target), { recursive: true });
      const fields = leftOut.filter((item) => resolve(item.path) === resolve(file.path)).map((item) => item.field);
      if (fields.length === 0) {
        await copyFile(file.path, target);
      } else {
        await writeFile(target, withoutChildElements(await readFile(file.path, 'utf8'), fields));
      }
      sourceOf.set(target, file.path);
      staged.push({ type: file.type, path: target });
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, files: staged, sourceOf, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
