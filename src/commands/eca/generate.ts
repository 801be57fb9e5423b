import { Messages } from '../../messages.js';
import { Flags, SfCommand, exitCodesSection } from '../../cli/sfCommand.js';
import { generateApp } from '../../jobs/generate.js';
import { type GenerateResult, generateReport, generateResult } from '../../output/generate.js';
import { POLICY_ACTIONS, SESSION_LEVELS, SESSION_TIMEOUTS } from '../../model/policies.js';
import { FLOWS } from '../../model/flows.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.generate');

const s = (name: string): string => messages.getMessage(`flags.${name}.summary`);
const d = (name: string): string => messages.getMessage(`flags.${name}.description`);
const APP = 'APP';
const OAUTH = 'OAUTH';
const POLICY = 'POLICIES';

export type { GenerateResult } from '../../output/generate.js';

/**
 * Flags in, the generate job (src/jobs/generate.ts), its report (src/output/generate.ts) out. An org-free command:
 * its base (src/cli/sfCommand.ts) keeps SfCommand's output contract without loading the org layers. Its --json and
 * --flags-dir come from the base's baseFlags, which oclif merges itself, as it does SfCommand's.
 */
export default class EcaGenerate extends SfCommand<GenerateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2'], (code) =>
    messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    name: Flags.string({ char: 'n', summary: s('name'), required: true, helpGroup: APP }),
    'api-name': Flags.string({ summary: s('api-name'), description: d('api-name'), helpGroup: APP }),
    'contact-email': Flags.string({ summary: s('contact-email'), required: true, helpGroup: APP }),
    'contact-phone': Flags.string({ summary: s('contact-phone'), helpGroup: APP }),
    description: Flags.string({ summary: s('description'), helpGroup: APP }),
    'logo-url': Flags.string({ summary: s('logo-url'), helpGroup: APP }),
    'icon-url': Flags.string({ summary: s('icon-url'), helpGroup: APP }),
    'distribution-state': Flags.option({
      summary: s('distribution-state'),
      description: d('distribution-state'),
      options: ['local', 'packaged'] as const,
      helpGroup: APP,
    })(),
    flow: Flags.string({
      summary: s('flow'),
      description: d('flow'),
      multiple: true,
      required: true,
      // A string flag (commas, any case, and a refusal that explains username-password), so its options are shown here.
      helpValue: FLOWS.join('|'),
      helpGroup: OAUTH,
    }),
    'callback-url': Flags.string({
      summary: s('callback-url'),
      description: d('callback-url'),
      multiple: true,
      required: true,
      helpGroup: OAUTH,
    }),
    scopes: Flags.string({ summary: s('scopes'), description: d('scopes'), multiple: true, helpGroup: OAUTH }),
    'allow-full-scope': Flags.boolean({ summary: s('allow-full-scope'), helpGroup: OAUTH }),
    'public-client': Flags.boolean({ summary: s('public-client'), helpGroup: OAUTH }),
    'jwt-access-tokens': Flags.boolean({
      summary: s('jwt-access-tokens'),
      description: d('jwt-access-tokens'),
      helpGroup: OAUTH,
    }),
    'certificate-file': Flags.file({
      summary: s('certificate-file'),
      exists: true,
      exclusive: ['generate-certificate'],
      helpGroup: OAUTH,
    }),
    'generate-certificate': Flags.boolean({
      summary: s('generate-certificate'),
      description: d('generate-certificate'),
      helpGroup: OAUTH,
    }),
    'new-key': Flags.boolean({
      summary: s('new-key'),
      description: d('new-key'),
      dependsOn: ['generate-certificate'],
      helpGroup: OAUTH,
    }),
    'permitted-users': Flags.option({
      summary: s('permitted-users'),
      options: ['admin-approved', 'self-authorized'] as const,
      helpGroup: POLICY,
    })(),
    'permission-set': Flags.string({ summary: s('permission-set'), multiple: true, helpGroup: POLICY }),
    profile: Flags.string({ summary: s('profile'), multiple: true, helpGroup: POLICY }),
    'run-as-user': Flags.string({ summary: s('run-as-user'), helpGroup: POLICY }),
    'refresh-token-policy': Flags.option({
      summary: s('refresh-token-policy'),
      description: d('refresh-token-policy'),
      options: ['never-expire', 'immediately', 'lifetime', 'inactivity'] as const,
      helpGroup: POLICY,
    })(),
    'refresh-token-validity': Flags.string({ summary: s('refresh-token-validity'), helpGroup: POLICY }),
    'ip-relaxation': Flags.option({
      summary: s('ip-relaxation'),
      options: ['enforce', 'bypass', 'bypass-with-mfa', 'relax-for-refresh'] as const,
      helpGroup: POLICY,
    })(),
    'session-timeout': Flags.option({
      summary: s('session-timeout'),
      options: SESSION_TIMEOUTS.map(String) as [string, ...string[]],
      helpGroup: POLICY,
    })(),
    'session-level': Flags.option({
      summary: s('session-level'),
      description: d('session-level'),
      options: Object.keys(SESSION_LEVELS) as [string, ...string[]],
      helpGroup: POLICY,
    })(),
    'policy-action': Flags.option({
      summary: s('policy-action'),
      description: d('policy-action'),
      options: Object.keys(POLICY_ACTIONS) as [string, ...string[]],
      helpGroup: POLICY,
    })(),
    'api-version': Flags.string({ summary: s('api-version'), description: d('api-version') }),
    'output-dir': Flags.directory({ char: 'd', summary: s('output-dir') }),
    force: Flags.boolean({ summary: s('force') }),
    'dry-run': Flags.boolean({ summary: s('dry-run') }),
  };

  public async run(): Promise<GenerateResult> {
    const { flags } = await this.parse(EcaGenerate);
    const outcome = await generateApp({
      flags: {
        ...flags,
        'session-timeout': flags['session-timeout'] === undefined ? undefined : Number(flags['session-timeout']),
      },
      cwd: process.cwd(),
      outputDir: flags['output-dir'],
      certificateFile: flags['certificate-file'],
      generateCertificate: flags['generate-certificate'],
      apiVersion: flags['api-version'],
      force: flags.force,
      dryRun: flags['dry-run'],
      newKey: flags['new-key'],
    });
    const result = generateResult(outcome, flags['dry-run'] === true, flags['api-version']);
    outcome.warnings.forEach((w) =>
      this.warn({ name: w.code, message: `--${w.field}: ${w.message}`, actions: w.actions }),
    );
    const report = generateReport(result, outcome, process.cwd());
    report.warnings.forEach((warning) => this.warn(warning));
    report.lines.forEach((line) => this.log(line));
    return result;
  }
}
