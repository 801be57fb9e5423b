/*
 * The deployment is built from a temporary copy of the app's files, never from the project itself: org-specific
 * fields (`orgScopedExternalApp`, `oauthLink`: they name records of the org a file was retrieved from) are left out of
 * the copy, while the source files stay untouched. The copy keeps each file's folder and name, so SDR resolves it to
 * the same type, and a map leads every staged path back to the source file for error messages.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/** One of the app's files, as found in the project. */
export type AppFile = { type: string; path: string };

/** An org-specific field found in a source file. */
export type OrgSpecificField = { path: string; field: string };

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

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove every occurrence of an element (with its own line when it sits on one) from an XML document.
 * Handles `<field>…</field>` and `<field/>`; leaves the rest of the document byte for byte.
 */
export function removeElement(xml: string, field: string): string {
  const name = escapeRegExp(field);
  const element = `(?:<${name}\\s*/>|<${name}(?:\\s[^>]*)?>[\\s\\S]*?</${name}\\s*>)`;
  const ownLine = new RegExp(`^[ \\t]*${element}[ \\t]*\\r?\\n`, 'gm');
  const inline = new RegExp(element, 'g');
  return xml.replace(ownLine, '').replace(inline, '');
}

/** Copy the app's files to a temporary directory, without the given org-specific fields. */
export async function stageAppFiles(
  files: readonly AppFile[],
  orgSpecificFields: readonly OrgSpecificField[],
): Promise<StagedApp> {
  const dir = await mkdtemp(join(tmpdir(), 'eca-deploy-'));
  const sourceOf = new Map<string, string>();
  const staged: AppFile[] = [];
  try {
    for (const [index, file] of files.entries()) {
      // One numbered folder per file keeps two files of the same name apart; the type folder keeps SDR's layout.
      const target = join(dir, String(index), basename(dirname(file.path)), basename(file.path));
      await mkdir(dirname(target), { recursive: true });
      const fields = orgSpecificFields
        .filter((item) => resolve(item.path) === resolve(file.path))
        .map((item) => item.field);
      if (fields.length === 0) {
        await copyFile(file.path, target);
      } else {
        const xml = await readFile(file.path, 'utf8');
        await writeFile(target, fields.reduce(removeElement, xml));
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
