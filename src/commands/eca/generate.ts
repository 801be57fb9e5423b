import { relative } from 'node:path';
import { Messages } from '../../messages.js';
import { Flags, SfCommand, exitCodesSection } from '../../cli/sfCommand.js';
import { alignColumns } from '../../output/columns.js';
import { generateApp, type GenerateOutcome } from '../../jobs/generate.js';
import { SESSION_TIMEOUTS } from '../../model/policies.js';
import { effectiveSettings, type EffectiveSettings, settingRows } from '../../model/settings.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.generate');

export type GenerateResult = {
  appName: string;
  apiName: string;
  apiVersion?: string;
  outputDir: string;
  files: Array<{ type: string; path: string; content?: string }>;
  settings: EffectiveSettings;
  warnings: Array<{ flag: string; message: string; actions: string[] }>;
  dryRun: boolean;
  certificate?: { source: 'file' | 'generated'; certificatePath?: string; keyPath?: string; ignoredByGit?: boolean };
  nextCommand: string;
};

const s = (name: string): string => messages.getMessage(`flags.${name}.summary`);
const d = (name: string): string => messages.getMessage(`flags.${name}.description`);
const APP = 'APP';
const OAUTH = 'OAUTH';
const POLICY = 'POLICIES';

/**
 * An org-free command: LeanCommand keeps SfCommand's output contract without loading the org layers (see
 * src/cli/leanCommand.ts and its parity tests). Its --json and --flags-dir come from LeanCommand's baseFlags, which
 * oclif merges itself, as it does SfCommand's.
 */
export default class EcaGenerate extends SfCommand<GenerateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2'], (code) => messages.getMessage(`exitcodes.${code}`));

  // eslint-disable-next-line sf-plugin/spread-base-flags
  public static override readonly flags = {
    name: Flags.string({ char: 'n', summary: s('name'), required: true, helpGroup: APP }),
    'api-name': Flags.string({ summary: s('api-name'), description: d('api-name'), helpGroup: APP }),
    'contact-email': Flags.string({ summary: s('contact-email'), required: true, helpGroup: APP }),
    'contact-phone': Flags.string({ summary: s('contact-phone'), helpGroup: APP }),
    description: Flags.string({ summary: s('description'), helpGroup: APP }),
    'logo-url': Flags.string({ summary: s('logo-url'), helpGroup: APP }),
    'icon-url': Flags.string({ summary: s('icon-url'), helpGroup: APP }),
    'distribution-state': Flags.option({ summary: s('distribution-state'), description: d('distribution-state'), options: ['local', 'packaged'] as const, helpGroup: APP })(),
    flow: Flags.string({ summary: s('flow'), description: d('flow'), multiple: true, required: true, helpGroup: OAUTH }),
    'callback-url': Flags.string({ summary: s('callback-url'), description: d('callback-url'), multiple: true, required: true, helpGroup: OAUTH }),
    scopes: Flags.string({ summary: s('scopes'), description: d('scopes'), multiple: true, helpGroup: OAUTH }),
    'allow-full-scope': Flags.boolean({ summary: s('allow-full-scope'), helpGroup: OAUTH }),
    'public-client': Flags.boolean({ summary: s('public-client'), helpGroup: OAUTH }),
    'certificate-file': Flags.file({ summary: s('certificate-file'), exists: true, exclusive: ['generate-certificate'], helpGroup: OAUTH }),
    'generate-certificate': Flags.boolean({ summary: s('generate-certificate'), description: d('generate-certificate'), helpGroup: OAUTH }),
    'permitted-users': Flags.option({ summary: s('permitted-users'), options: ['admin-approved', 'self-authorized'] as const, helpGroup: POLICY })(),
    'permission-set': Flags.string({ summary: s('permission-set'), multiple: true, helpGroup: POLICY }),
    profile: Flags.string({ summary: s('profile'), multiple: true, helpGroup: POLICY }),
    'run-as-user': Flags.string({ summary: s('run-as-user'), helpGroup: POLICY }),
    'refresh-token-policy': Flags.option({ summary: s('refresh-token-policy'), description: d('refresh-token-policy'), options: ['never-expire', 'immediately', 'lifetime', 'inactivity'] as const, helpGroup: POLICY })(),
    'refresh-token-validity': Flags.string({ summary: s('refresh-token-validity'), helpGroup: POLICY }),
    'ip-relaxation': Flags.option({ summary: s('ip-relaxation'), options: ['enforce', 'bypass', 'bypass-with-mfa', 'relax-for-refresh'] as const, helpGroup: POLICY })(),
    'session-timeout': Flags.option({ summary: s('session-timeout'), options: SESSION_TIMEOUTS.map(String) as [string, ...string[]], helpGroup: POLICY })(),
    'api-version': Flags.string({ summary: s('api-version'), description: d('api-version') }),
    'output-dir': Flags.directory({ char: 'd', summary: s('output-dir') }),
    force: Flags.boolean({ summary: s('force') }),
    'dry-run': Flags.boolean({ summary: s('dry-run') }),
  };

  public async run(): Promise<GenerateResult> {
    const { flags } = await this.parse(EcaGenerate);
    const outcome = await generateApp({
      flags: { ...flags, 'session-timeout': flags['session-timeout'] === undefined ? undefined : Number(flags['session-timeout']) },
      cwd: process.cwd(),
      outputDir: flags['output-dir'],
      certificateFile: flags['certificate-file'],
      generateCertificate: flags['generate-certificate'],
      apiVersion: flags['api-version'],
      force: flags.force,
      dryRun: flags['dry-run'],
    });
    const result = toResult(outcome, flags['dry-run'] === true, flags['api-version']);
    outcome.warnings.forEach((w) => this.warn({ name: w.code, message: `--${w.field}: ${w.message}`, actions: w.actions }));
    this.report(result, outcome);
    return result;
  }

  private report(result: GenerateResult, outcome: GenerateOutcome): void {
    const shown = (path: string): string => relative(process.cwd(), path) || '.';
    this.log(messages.getMessage(result.dryRun ? 'info.dryRun' : 'info.wrote', result.dryRun ? [result.apiName, shown(result.outputDir)] : [result.files.length, result.apiName, shown(result.outputDir)]));
    if (result.dryRun) outcome.files.forEach((file) => this.log(`  ${file.type}  ${shown(file.path)}\n\n${file.xml}`));
    else alignColumns(outcome.files.map((file) => [file.type, shown(file.path)])).forEach((line) => this.log(line));
    if (result.certificate?.keyPath) {
      this.log(messages.getMessage('info.keyWritten', [shown(result.certificate.keyPath)]));
      this.log(messages.getMessage('info.certificateWritten', [shown(result.certificate.certificatePath ?? '')]));
      if (result.certificate.ignoredByGit === false) this.warn(messages.getMessage('warning.keyNotIgnored', [shown(result.certificate.keyPath)]));
    }
    this.log('');
    this.log(messages.getMessage('info.settingsTitle'));
    const header = ['setting', 'value', 'source'].map((column) => messages.getMessage(`info.settingsColumn.${column}`));
    alignColumns([header, ...settingRows(result.settings).map((row) => [row.setting, row.value, row.source])]).forEach((line) => this.log(line));
    this.log('');
    this.log(messages.getMessage('info.next', [result.nextCommand]));
  }
}

function toResult(outcome: GenerateOutcome, dryRun: boolean, apiVersion: string | undefined): GenerateResult {
  const { spec } = outcome;
  return {
    appName: spec.label,
    apiName: spec.apiName,
    ...(apiVersion ? { apiVersion } : {}),
    outputDir: outcome.location.outputDir,
    files: outcome.files.map((f) => ({ type: f.type, path: f.path, ...(dryRun ? { content: f.xml } : {}) })),
    settings: effectiveSettings(spec, outcome.defaultsUsed),
    warnings: outcome.warnings.map((w) => ({ flag: w.field, message: w.message, actions: w.actions })),
    dryRun,
    ...(outcome.certificate ? { certificate: outcome.certificate } : {}),
    nextCommand: `sf eca deploy --name ${spec.apiName} --target-org <alias>`,
  };
}
