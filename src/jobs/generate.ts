/*
 * The job of `sf eca generate`, without the terminal: flags -> checked AppSpec -> five files (and, with
 * --generate-certificate, a key pair) in the right folder. Every check runs before the first byte is written;
 * writes are all-or-nothing; existing files survive unless `force`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Messages } from '../messages.js';
import { extractPemCertificate } from '../model/certificate.js';
import { isIgnoredByGit, keyFilesToWrite, keyPathsFor, type KeyPaths } from '../keys/keyFiles.js';
import { backupFiles, type ExistingKeyPair, readExistingKeyPair } from '../keys/existingKeyPair.js';
import { type AppSpec } from '../model/appSpec.js';
import {
  buildSpec,
  type CertificateSource,
  controlCharacterProblems,
  type GenerateFlags,
  invalidFlagsError,
} from '../model/buildSpec.js';
import { type Finding } from '../model/findings.js';
import { checkAppSpec, errorsOf } from '../model/rules.js';
import { type ComponentNames, renderAppFiles, type RenderedFile } from '../metadata/render.js';
import { ECA_TYPES, fileNameFor } from '../metadata/types.js';
import { type OutputLocation, resolveOutputLocation } from '../metadata/project.js';
import { existingTargets, type FileToWrite, writeFilesAtomically } from '../metadata/writeFiles.js';
import {
  type FolderProblem,
  outputFolderProblem,
  targetsThatAreNotFiles,
  writeProblemOf,
} from '../metadata/outputFolder.js';
import { defaultTargetOrg } from './defaultTargetOrg.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'generate');

/** ExtlClntAppConfigurablePolicies exists from API 60 (docs/salesforce-facts.md §1). */
export const MIN_API_VERSION = 60;

export type GenerateOptions = {
  flags: GenerateFlags;
  cwd: string;
  outputDir?: string;
  certificateFile?: string;
  generateCertificate?: boolean;
  apiVersion?: string;
  force?: boolean;
  dryRun?: boolean;
  /** With generateCertificate: replace a key pair an earlier run wrote (kept otherwise), keeping it as a backup. */
  newKey?: boolean;
};

export type GeneratedFile = RenderedFile & { path: string };

export type CertificateOutcome = {
  source: 'file' | 'generated';
  certificatePath?: string;
  keyPath?: string;
  ignoredByGit?: boolean;
  /** With --generate-certificate: a new pair, the pair an earlier run wrote (kept), or a new one replacing it (--new-key). */
  keyPair?: 'new' | 'kept' | 'replaced';
  /** The old key and certificate, kept when --new-key replaced them. */
  backupPaths?: string[];
};

export type GenerateOutcome = {
  spec: AppSpec;
  location: OutputLocation;
  files: GeneratedFile[];
  defaultsUsed: string[];
  warnings: Finding[];
  certificate?: CertificateOutcome;
  /** Satellites an earlier version generated as `<App>.<suffix>`: re-generated under that name, not Setup's. */
  keptNames: Array<{ type: string; name: string }>;
  /** The org sf deploys to when none is named (SF_TARGET_ORG, the project's or the user's target-org), if any. */
  targetOrg?: string;
};

export async function generateApp(options: GenerateOptions): Promise<GenerateOutcome> {
  const pathFlags = {
    'output-dir': options.outputDir,
    'certificate-file': options.certificateFile,
    'api-version': options.apiVersion,
  };
  const badPaths = controlCharacterProblems(pathFlags);
  if (badPaths.length > 0) throw invalidFlagsError(badPaths);
  if (options.apiVersion !== undefined && !/^[1-9]\d*\.0$/.test(options.apiVersion)) {
    throw messages.createError('error.apiVersionFormat', [options.apiVersion]);
  }
  if (options.apiVersion !== undefined && Number(options.apiVersion) < MIN_API_VERSION) {
    throw messages.createError('error.apiVersionTooOld', [options.apiVersion, MIN_API_VERSION]);
  }
  const source = await certificateSource(options);
  const { spec, defaultsUsed, warnings } = buildSpec(options.flags, source);
  const location = resolveOutputLocation(options.cwd, options.outputDir);
  const keyPaths = options.generateCertificate
    ? keyPathsFor(location.projectRoot ?? options.cwd, spec.apiName, location.packageDirs)
    : undefined;

  const names = earlierNames(location.outputDir, spec.apiName);
  const planned = (current: AppSpec): GeneratedFile[] =>
    renderAppFiles(current, names).map((file) => ({
      ...file,
      path: join(location.outputDir, ...file.relativePath.split('/')),
    }));
  let files = planned(spec);
  const keyTargets = keyPaths ? [keyPaths.keyPath, keyPaths.certificatePath] : [];
  if (!options.dryRun) checkOutputFolder(location, [...files.map((f) => f.path), ...keyTargets]);
  // A pair an earlier run wrote is kept, never silently replaced (a CI job signing with it would break): only
  // --new-key makes a new one, and the old files are kept as backups.
  const keptPair = keyPaths && !options.newKey ? readExistingKeyPair(keyPaths) : undefined;
  if (!options.force && !options.dryRun) {
    const existing = existingTargets(files.map((f) => ({ path: f.path, content: '' })));
    if (existing.length > 0) throw messages.createError('error.filesExist', [existing.map((p) => `  ${p}`).join('\n')]);
  }

  let toWrite: FileToWrite[] = [];
  let certificate: CertificateOutcome | undefined = source.kind === 'file' ? { source: 'file' } : undefined;
  if (keyPaths) {
    const backups = keptPair ? [] : backupFiles(keyPaths);
    const pair = keptPair ?? (await newKeyPair(spec));
    spec.oauth.certificate = pair.certificatePem;
    const errors = errorsOf(checkAppSpec(spec, { allowFullScope: options.flags['allow-full-scope'] }));
    if (errors.length > 0) throw invalidFlagsError(errors);
    files = planned(spec);
    toWrite = keptPair
      ? []
      : [...backups, ...keyFilesToWrite(keyPaths, pair.privateKeyPem, pair.certificatePem)].filter(
          (file) => file.path !== keyPaths.gitignorePath || !existsSync(file.path),
        );
    certificate = {
      source: 'generated',
      certificatePath: keyPaths.certificatePath,
      keyPath: keyPaths.keyPath,
      keyPair: keptPair ? 'kept' : backups.length > 0 ? 'replaced' : 'new',
      ...(backups.length > 0 ? { backupPaths: backups.map((file) => file.path) } : {}),
    };
  }

  if (!options.dryRun) {
    try {
      await writeFilesAtomically([...toWrite, ...files.map((f) => ({ path: f.path, content: f.xml }))]);
    } catch (error) {
      const problem = writeProblemOf(error);
      if (problem) throw folderError(problem, location);
      throw error;
    }
    if (keyPaths && certificate) certificate.ignoredByGit = gitStatus(location, options.cwd, keyPaths);
  }
  const keptNames = files
    .filter((f) => names[f.key] !== undefined)
    .map((f) => ({ type: f.type, name: f.componentName }));
  const targetOrg = defaultTargetOrg(location.projectRoot ?? options.cwd);
  return {
    spec,
    location,
    files,
    defaultsUsed,
    warnings,
    keptNames,
    ...(certificate ? { certificate } : {}),
    ...(targetOrg ? { targetOrg } : {}),
  };
}

/** Before anything is written: the output folder can take the files, and no target is a folder. */
function checkOutputFolder(location: OutputLocation, targets: readonly string[]): void {
  const problem = outputFolderProblem(location.outputDir);
  if (problem) throw folderError(problem, location);
  const folders = targetsThatAreNotFiles(targets);
  if (folders.length > 0) {
    throw messages.createError('error.targetIsFolder', [folders.map((path) => `  ${path}`).join('\n')]);
  }
}

/** A file-system problem with the output folder, naming --output-dir (or the package directory it defaults to). */
function folderError(problem: FolderProblem, location: OutputLocation): Error {
  const flag = location.source === 'flag' ? '--output-dir' : messages.getMessage('info.defaultOutputDir');
  const key = problem.kind === 'notAFolder' ? 'error.outputDirNotFolder' : 'error.outputDirNotWritable';
  return messages.createError(key, [location.outputDir, flag, problem.path], [problem.path]);
}

/**
 * Earlier versions named every satellite like its app (`My_App.ecaOauth-meta.xml`). Such an app keeps those names:
 * a second set under Setup's names would be a second policy of the same app, which the org refuses (§8.5).
 */
function earlierNames(outputDir: string, apiName: string): ComponentNames {
  const names: ComponentNames = {};
  for (const type of ECA_TYPES) {
    if (type.key !== 'app' && existsSync(join(outputDir, type.folder, fileNameFor(type, apiName)))) {
      names[type.key] = apiName;
    }
  }
  return names;
}

async function newKeyPair(spec: AppSpec): Promise<ExistingKeyPair> {
  const { generateCertificate } = await import('../keys/generateKeyPair.js');
  return generateCertificate(spec);
}

async function certificateSource(options: GenerateOptions): Promise<CertificateSource> {
  if (options.generateCertificate) return { kind: 'generate' };
  if (!options.certificateFile) return { kind: 'none' };
  let text: string;
  try {
    text = await readFile(options.certificateFile, 'utf8');
  } catch (error) {
    throw messages.createError('error.certificateUnreadable', [
      options.certificateFile,
      error instanceof Error ? error.message : String(error),
    ]);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) && !extractPemCertificate(text)) {
    throw messages.createError('error.certificateIsKey', [options.certificateFile]);
  }
  return { kind: 'file', pem: extractPemCertificate(text) ?? text };
}

const gitStatus = (location: OutputLocation, cwd: string, keyPaths: KeyPaths): boolean | undefined =>
  isIgnoredByGit(location.projectRoot ?? cwd, keyPaths.keyPath);
