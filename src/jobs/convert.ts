/*
 * The job of `sf eca convert`, without the terminal: find the Connected Apps --name names (or --all) in the project,
 * read each, map it (src/model/convertConnectedApp.ts), write its ECA files with generate's writer, then parse them
 * back and re-check them as `sf eca deploy` would. Apps are independent: one that cannot be converted gets its
 * reason, the others are still written; each app's files are written all together or not at all.
 */
import { join } from 'node:path';
import { type SfError } from '@salesforce/core/sfError';
import { Messages } from '../messages.js';
import { EXIT_INTERRUPTED } from '../model/exitCodes.js';
import { type ConnectedAppFile, readConnectedAppFile } from '../metadata/connectedApp.js';
import { findConnectedApps } from '../metadata/discoverConnectedApps.js';
import { findAppFiles, hasAppFile } from '../metadata/discover.js';
import { parseAppFiles } from '../metadata/parse.js';
import { resolveOutputLocation } from '../metadata/project.js';
import { renderConvertedFiles } from '../metadata/renderConverted.js';
import { existingTargets, writeFilesAtomically } from '../metadata/writeFiles.js';
import { type AppSpec } from '../model/appSpec.js';
import { FIXED_BY_HARDEN } from '../model/connectedAppHarden.js';
import { type Conversion, convertConnectedApp, type MappingRow } from '../model/convertConnectedApp.js';
import { errorsOf, type Finding } from '../model/findings.js';
import { checkAppSpec } from '../model/rules.js';
import { DEFAULT_THRESHOLDS } from '../model/auditConfig.js';
import { checkEcaForAudit, THRESHOLD_RULES } from '../model/auditEcaRules.js';
import { readMetadataXml } from '../metadata/xmlReader.js';
import { readerRows } from './convertRows.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'convert');

export type ConvertJobOptions = {
  cwd: string;
  names?: readonly string[];
  all?: boolean;
  sourceDirs?: readonly string[];
  outputDir?: string;
  apiName?: string;
  harden?: boolean;
  dryRun?: boolean;
  force?: boolean;
  /** Connected App files read from elsewhere (retrieved from an org) instead of the project. */
  files?: ReadonlyArray<{ path: string; xml: string }>;
  /** Ctrl-C: stop before the next app is written (an app's files are written all together or not at all). */
  signal?: AbortSignal;
};

export type ConvertedFile = { type: string; path: string; xml: string };

export type ConvertFinding = Finding & { fixedByHarden: boolean };

export type ConvertedApp = {
  name: string;
  apiName: string;
  sourcePath: string;
  status: 'converted' | 'notConvertible';
  /** The app model the files hold (converted apps). */
  spec?: AppSpec;
  rows: MappingRow[];
  files: ConvertedFile[];
  findings: ConvertFinding[];
  /** notConvertible: why, one line each. */
  problems: string[];
};

export type ConvertOutcome = { apps: ConvertedApp[]; outputDir: string; dryRun: boolean; harden: boolean };

export async function convertApps(options: ConvertJobOptions): Promise<ConvertOutcome> {
  const names = options.names ?? [];
  if (!options.all && names.length === 0 && !options.files) throw messages.createError('error.nameOrAll');
  if (options.apiName !== undefined && (options.all || names.length > 1)) {
    throw messages.createError('error.apiNameWithSeveral');
  }
  const location = resolveOutputLocation(options.cwd, options.outputDir);
  const sourceDirs =
    options.sourceDirs && options.sourceDirs.length > 0
      ? [...options.sourceDirs]
      : location.packageDirs.length > 0
        ? location.packageDirs
        : [options.cwd];
  const files = options.files
    ? await Promise.all(options.files.map(async ({ path, xml }) => parsed(path, xml)))
    : await readProjectApps(sourceDirs, options.all ? undefined : names);
  const existing = await findAppFiles(
    location.packageDirs.length > 0 ? location.packageDirs : [location.outputDir],
  ).catch(() => []);
  const apps: ConvertedApp[] = [];
  for (const file of files) {
    const app = convertOne(file, options, location.outputDir);
    const clash = existing.find((eca) => eca.apiName.toLowerCase() === app.apiName.toLowerCase() && hasAppFile(eca));
    if (app.status === 'converted' && clash && !options.force) {
      app.status = 'notConvertible';
      app.problems.push(messages.getMessage('error.apiNameTaken', [app.apiName, clash.files[0].path]));
    }
    const present =
      app.status === 'converted' && !options.force && !options.dryRun ? existingTargets(toWrite(app)) : [];
    if (present.length > 0) {
      app.status = 'notConvertible';
      app.problems.push(messages.getMessage('error.filesExist', [present.join(', ')]));
    }
    if (options.signal?.aborted) throw interrupted(apps);
    if (app.status === 'converted' && !options.dryRun) await writeFilesAtomically(toWrite(app));
    apps.push(app);
  }
  return { apps, outputDir: location.outputDir, dryRun: options.dryRun === true, harden: options.harden === true };
}

/** Ctrl-C between two apps: what was written stays (each app whole), the rest is not; exit 130. */
function interrupted(done: readonly ConvertedApp[]): SfError {
  const written = done.filter((app) => app.status === 'converted').map((app) => app.apiName);
  const error = messages.createError('error.interrupted', [
    written.length > 0 ? written.join(', ') : messages.getMessage('info.none'),
  ]);
  error.exitCode = EXIT_INTERRUPTED;
  return error;
}

const toWrite = (app: ConvertedApp): Array<{ path: string; content: string }> =>
  app.files.map((f) => ({ path: f.path, content: f.xml }));

async function parsed(path: string, xml: string): Promise<ConnectedAppFile> {
  const { parseConnectedApp } = await import('../metadata/connectedApp.js');
  return parseConnectedApp(xml, path);
}

async function readProjectApps(
  sourceDirs: readonly string[],
  names: readonly string[] | undefined,
): Promise<ConnectedAppFile[]> {
  const found = await findConnectedApps(sourceDirs, names);
  const missing = (names ?? []).filter((name) => !found.some((f) => f.name.toLowerCase() === name.toLowerCase()));
  if (missing.length > 0 || found.length === 0) {
    const available = (await findConnectedApps(sourceDirs)).map((f) => f.name);
    if (missing.length === 0) throw messages.createError('error.noneFound', [sourceDirs.join(', ')]);
    throw messages.createError('error.notFound', [
      missing.join(', '),
      sourceDirs.join(', '),
      available.length > 0 ? available.join(', ') : messages.getMessage('info.none'),
    ]);
  }
  return Promise.all(found.map((f) => readConnectedAppFile(f.path)));
}

/** One app: map, render, parse back, re-check. */
export function convertOne(
  file: ConnectedAppFile,
  options: Pick<ConvertJobOptions, 'apiName' | 'harden'>,
  outputDir: string,
): ConvertedApp {
  const base = { name: file.name, sourcePath: file.path, files: [], findings: [] };
  if (!file.app) {
    const problems = file.problems.map((p) =>
      messages.getMessage(`problem.${p.code}`, [file.path, p.line, p.column, p.text ?? p.field]),
    );
    return { ...base, apiName: options.apiName ?? file.name, status: 'notConvertible', rows: [], problems };
  }
  const conversion: Conversion = convertConnectedApp(file.app, { apiName: options.apiName, harden: options.harden });
  const rows = [...conversion.rows, ...readerRows(file)];
  if (!conversion.spec) {
    return {
      ...base,
      apiName: conversion.apiName,
      status: 'notConvertible',
      rows,
      problems: [conversion.notConvertible ?? ''],
    };
  }
  const rendered = renderConvertedFiles(conversion.spec, conversion.extras);
  const files = rendered.map((f) => ({
    type: f.type,
    path: join(outputDir, ...f.relativePath.split('/')),
    xml: f.xml,
  }));
  const back = parseAppFiles(files.map((f) => ({ path: f.path, xml: f.xml })));
  // The audit's checks beyond checkAppSpec (refresh token rotation, the secret for refresh), at its default thresholds.
  const globalFile = files.find((f) => f.type === 'ExtlClntAppGlobalOauthSettings');
  const globalFields = globalFile ? readMetadataXml(globalFile.xml).fields : undefined;
  const audit = checkEcaForAudit(
    { spec: back.spec, globalFields, orgSpecificFields: back.orgSpecificFields },
    DEFAULT_THRESHOLDS,
  ).filter((f) => !THRESHOLD_RULES.has(f.rule));
  const all = [...back.findings, ...checkAppSpec(back.spec, { source: 'files' }), ...audit];
  const findings = all.map((f) => ({ ...f, fixedByHarden: !options.harden && FIXED_BY_HARDEN[f.code] !== undefined }));
  const errors = errorsOf(findings);
  if (errors.length > 0) {
    const problems = errors.map((e) =>
      messages.getMessage('problem.rejected', [e.rule, e.xmlField, e.message, e.actions[0] ?? '']).trimEnd(),
    );
    return { ...base, apiName: conversion.apiName, status: 'notConvertible', rows, findings, problems };
  }
  return {
    ...base,
    apiName: conversion.apiName,
    status: 'converted',
    spec: back.spec,
    rows,
    files,
    findings,
    problems: [],
  };
}
