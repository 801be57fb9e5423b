/*
 * What `sf eca generate` shows and returns: the --json result (the app, its files, the effective settings and the
 * warnings) and the lines a person reads (the files written, or their content with --dry-run, the key pair, the
 * settings table with the source of each value, and the command to run next).
 */
import { relative } from 'node:path';
import type { GenerateOutcome } from '../jobs/generate.js';
import { Messages } from '../messages.js';
import { type CertificateFlag, effectiveSettings, type EffectiveSettings, settingRows } from '../model/settings.js';
import { alignColumns } from './columns.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'generate');

export type GenerateResult = {
  appName: string;
  apiName: string;
  apiVersion?: string;
  outputDir: string;
  files: Array<{ type: string; path: string; content?: string }>;
  settings: EffectiveSettings;
  dryRun: boolean;
  certificate?: {
    source: 'file' | 'generated';
    certificatePath?: string;
    keyPath?: string;
    ignoredByGit?: boolean;
    keyPair?: 'new' | 'kept' | 'replaced';
    backupPaths?: string[];
  };
  /** Satellites that kept the names an earlier version gave them (`<App>.<suffix>`), by type. */
  keptNames?: Array<{ type: string; name: string }>;
  nextCommand: string;
};

/** The --json result of a run. */
export function generateResult(
  outcome: GenerateOutcome,
  dryRun: boolean,
  apiVersion: string | undefined,
): GenerateResult {
  const { spec } = outcome;
  return {
    appName: spec.label,
    apiName: spec.apiName,
    ...(apiVersion ? { apiVersion } : {}),
    outputDir: outcome.location.outputDir,
    files: outcome.files.map((f) => ({ type: f.type, path: f.path, ...(dryRun ? { content: f.xml } : {}) })),
    settings: effectiveSettings(spec, outcome.defaultsUsed, certificateFlagOf(outcome)),
    dryRun,
    ...(outcome.certificate ? { certificate: outcome.certificate } : {}),
    ...(outcome.keptNames.length > 0 ? { keptNames: outcome.keptNames } : {}),
    // The org to deploy to, when sf has a default one; else the placeholder the person fills in.
    nextCommand: `sf eca deploy --name ${spec.apiName} --target-org ${outcome.targetOrg ?? '<alias>'}`,
  };
}

/** The flag the certificate came from, as the settings name it. */
const certificateFlagOf = (outcome: GenerateOutcome): CertificateFlag =>
  outcome.certificate?.source === 'generated' ? 'generate-certificate' : 'certificate-file';

/** A warning of the report, as the command's `warn` takes it. */
export type ReportWarning = string | { name: string; message: string; actions: string[] };

/** The human report, and the warnings to show with it. */
export function generateReport(
  result: GenerateResult,
  outcome: GenerateOutcome,
  cwd: string,
): { lines: string[]; warnings: ReportWarning[] } {
  const shown = (path: string): string => relative(cwd, path) || '.';
  const lines: string[] = [];
  const warnings: ReportWarning[] = [];
  if (!result.dryRun && outcome.location.projectRoot === undefined) warnings.push(outsideProjectWarning(result, cwd));
  lines.push(
    result.dryRun
      ? messages.getMessage('info.dryRun', [result.apiName, shown(result.outputDir)])
      : messages.getMessage('info.wrote', [result.files.length, result.apiName, shown(result.outputDir)]),
  );
  if (result.dryRun) outcome.files.forEach((file) => lines.push(`  ${file.type}  ${shown(file.path)}\n\n${file.xml}`));
  else lines.push(...alignColumns(outcome.files.map((file) => [file.type, shown(file.path)])));
  if (result.keptNames) {
    lines.push(messages.getMessage('info.keptNames', [result.keptNames.map((k) => k.name).join(', ')]));
  }
  if (outcome.spec.oauth.jwtAccessTokens) lines.push(messages.getMessage('info.jwtAccessTokens'));
  if (result.certificate?.keyPath && result.certificate.keyPair === 'kept') {
    lines.push(
      messages.getMessage('info.keyKept', [
        shown(result.certificate.keyPath),
        shown(result.certificate.certificatePath ?? ''),
      ]),
    );
  } else if (result.certificate?.keyPath) {
    lines.push(messages.getMessage('info.keyWritten', [shown(result.certificate.keyPath)]));
    lines.push(messages.getMessage('info.certificateWritten', [shown(result.certificate.certificatePath ?? '')]));
    if (result.certificate.keyPair === 'replaced') warnings.push(keyReplacedWarning(result, shown));
    if (result.certificate.ignoredByGit === false)
      warnings.push(messages.getMessage('warning.keyNotIgnored', [shown(result.certificate.keyPath)]));
  }
  const header = ['setting', 'value', 'source'].map((column) => messages.getMessage(`info.settingsColumn.${column}`));
  lines.push('', messages.getMessage('info.settingsTitle'));
  lines.push(
    ...alignColumns([header, ...settingRows(result.settings).map((row) => [row.setting, row.value, row.source])]),
  );
  lines.push('', messages.getMessage('info.next', [result.nextCommand]));
  return { lines, warnings };
}

/** Files written where no sfdx-project.json is found: deploy and verify will not find them from here. */
function outsideProjectWarning(result: GenerateResult, cwd: string): ReportWarning {
  return {
    name: 'OutsideProject',
    message: messages.getMessage('warning.outsideProject', [cwd, relative(cwd, result.outputDir) || '.']),
    actions: messages.getMessages('warning.outsideProject.actions'),
  };
}

/** --new-key replaced a pair: said loudly, with where the old one is and what breaks until the new key is handed out. */
function keyReplacedWarning(result: GenerateResult, shown: (path: string) => string): ReportWarning {
  const certificate = result.certificate!;
  return {
    name: 'KeyPairReplaced',
    message: messages.getMessage(result.dryRun ? 'warning.keyWouldBeReplaced' : 'warning.keyReplaced', [
      result.apiName,
      (certificate.backupPaths ?? []).map(shown).join(', '),
    ]),
    actions: messages.getMessages('warning.keyReplaced.actions', [shown(certificate.keyPath ?? ''), result.apiName]),
  };
}
