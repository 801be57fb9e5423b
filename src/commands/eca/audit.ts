import { resolve } from 'node:path';
import { Messages } from '../../messages.js';
import { exitCodesSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { EXIT_AUDIT_INCOMPLETE } from '../../model/exitCodes.js';
import { FAIL_ON, type FailOn } from '../../model/auditConfig.js';
import { type AuditReport, failingFindings } from '../../model/auditReport.js';
import { runAudit } from '../../jobs/audit.js';
import { noAppsLine, reportLines, verdictLine, writtenLine } from '../../output/audit.js';
import { OUTPUT_FORMATS, renderReport, writeReportFile } from '../../output/auditFile.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.audit');

export type { AuditReport } from '../../model/auditReport.js';

/**
 * Flags in, the audit job (src/jobs/audit.ts), the report on the terminal and in --output-file, the exit code. The audit
 * only reads (the report file is written whole, by rename), so Ctrl-C ends it at once with exit code 130.
 */
export default class EcaAudit extends SfCommand<AuditReport> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly errorCodes = exitCodesSection(
    ['0', '1', '2', String(EXIT_AUDIT_INCOMPLETE), '130'],
    (code) => messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    'target-org': Flags.optionalOrg(),
    'api-version': Flags.orgApiVersion(),
    'source-dir': Flags.directory({
      char: 'd',
      multiple: true,
      exists: true,
      summary: messages.getMessage('flags.source-dir.summary'),
      exclusive: ['target-org'],
    }),
    name: Flags.string({
      char: 'n',
      multiple: true,
      summary: messages.getMessage('flags.name.summary'),
      description: messages.getMessage('flags.name.description'),
    }),
    rules: Flags.string({ multiple: true, delimiter: ',', summary: messages.getMessage('flags.rules.summary') }),
    'skip-rule': Flags.string({
      multiple: true,
      delimiter: ',',
      summary: messages.getMessage('flags.skip-rule.summary'),
    }),
    'fail-on': Flags.option({
      options: FAIL_ON,
      summary: messages.getMessage('flags.fail-on.summary'),
      description: messages.getMessage('flags.fail-on.description'),
    })(),
    'unused-days': Flags.integer({ summary: messages.getMessage('flags.unused-days.summary') }),
    'config-file': Flags.file({ exists: true, summary: messages.getMessage('flags.config-file.summary') }),
    'output-format': Flags.option({
      options: OUTPUT_FORMATS,
      dependsOn: ['output-file'],
      summary: messages.getMessage('flags.output-format.summary'),
    })(),
    'output-file': Flags.file({
      dependsOn: ['output-format'],
      summary: messages.getMessage('flags.output-file.summary'),
    }),
  };

  public async run(): Promise<AuditReport> {
    const { flags } = await this.parse(EcaAudit);
    const org = flags['target-org'];
    let baseDir = process.cwd();
    let sourceDirs = (flags['source-dir'] ?? []).map((dir) => resolve(dir));
    if (!org) {
      const { SfProject } = await import('@salesforce/core/project');
      const project = await SfProject.resolve().catch(() => undefined);
      if (project) baseDir = project.getPath();
      if (sourceDirs.length === 0) {
        if (!project) throw messages.createError('error.noProject');
        sourceDirs = project.getPackageDirectories().map((dir) => dir.fullPath);
      }
    }
    const report = await runAudit({
      sourceDirs,
      baseDir,
      configFile: flags['config-file'],
      names: flags.name,
      rules: flags.rules,
      skipRules: flags['skip-rule'],
      failOn: flags['fail-on'] as FailOn | undefined,
      unusedDays: flags['unused-days'],
      ...(org
        ? {
            org: {
              connection: org.getConnection(flags['api-version']),
              label: org.getUsername() ?? '',
              apiVersion: org.getConnection(flags['api-version']).version,
            },
          }
        : {}),
    });
    if (report.apps.length === 0) this.log(noAppsLine(org ? (org.getUsername() ?? '') : sourceDirs.join(', ')));
    // The report's lines are only made for the terminal: --json carries the report itself.
    if (!this.jsonEnabled()) reportLines(report).forEach((line) => this.log(line));
    const failing = failingFindings(report).length;
    this.log(verdictLine(report, failing));
    if (flags['output-format'] && flags['output-file']) {
      const text = renderReport(report, flags['output-format'], {
        name: 'sf eca audit',
        version: this.config.version,
        ...(this.config.pjson.homepage ? { informationUri: this.config.pjson.homepage } : {}),
      });
      await writeReportFile(resolve(flags['output-file']), text);
      this.log(writtenLine(flags['output-format'], flags['output-file']));
    }
    if (report.incomplete.length > 0) process.exitCode = EXIT_AUDIT_INCOMPLETE;
    else if (failing > 0) process.exitCode = 1;
    return report;
  }
}
