import { Messages } from '../../messages.js';
import { exitCodesSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { EXIT_INTERRUPTED, EXIT_PARTIAL } from '../../model/exitCodes.js';
import { convertApps } from '../../jobs/convert.js';
import { type ConvertResult, convertReport, convertResult } from '../../output/convert.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.convert');

export type { ConvertResult } from '../../output/convert.js';

const s = (name: string): string => messages.getMessage(`flags.${name}.summary`);

/**
 * Flags in, the convert job (src/jobs/convert.ts; with --target-org the Connected Apps are retrieved first,
 * src/jobs/convertFromOrg.ts), the report (src/output/convert.ts) out. Only an explicit --target-org reads the org:
 * a default org in the config never turns a project conversion into a retrieve.
 */
export default class EcaConvert extends SfCommand<ConvertResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly errorCodes = exitCodesSection(
    ['0', '1', '2', String(EXIT_PARTIAL), String(EXIT_INTERRUPTED)],
    (code) => messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    name: Flags.string({ char: 'n', summary: s('name'), multiple: true, exclusive: ['all'] }),
    all: Flags.boolean({ summary: s('all') }),
    'source-dir': Flags.directory({
      char: 'd',
      summary: s('source-dir'),
      multiple: true,
      exists: true,
      exclusive: ['target-org'],
    }),
    'target-org': Flags.optionalOrg({ summary: s('target-org') }),
    'api-version': Flags.orgApiVersion({ summary: s('api-version') }),
    'output-dir': Flags.directory({ summary: s('output-dir') }),
    'api-name': Flags.string({ summary: s('api-name') }),
    harden: Flags.boolean({ summary: s('harden') }),
    'dry-run': Flags.boolean({ summary: s('dry-run') }),
    force: Flags.boolean({ summary: s('force') }),
  };

  public async run(): Promise<ConvertResult> {
    const { flags, raw } = await this.parse(EcaConvert);
    const fromOrg = raw.some((token) => token.type === 'flag' && token.flag === 'target-org');
    const signal = this.interruptSignal();
    let retrieved;
    if (fromOrg && flags['target-org']) {
      const connection = flags['target-org'].getConnection(flags['api-version']);
      const { retrieveConnectedApps } = await import('../../jobs/convertFromOrg.js');
      this.spinner.start(messages.getMessage('info.retrieving'));
      retrieved = await retrieveConnectedApps(connection, {
        names: flags.name,
        all: flags.all,
        apiVersion: connection.version,
        signal,
      });
      this.spinner.stop();
    }
    const outcome = await convertApps({
      cwd: process.cwd(),
      names: flags.name,
      all: flags.all,
      sourceDirs: flags['source-dir'],
      outputDir: flags['output-dir'],
      apiName: flags['api-name'],
      harden: flags.harden,
      dryRun: flags['dry-run'],
      force: flags.force,
      ...(retrieved ? { files: retrieved.files } : {}),
      signal,
    });
    const result = convertResult(outcome, retrieved?.usage, retrieved?.usageError);
    const report = convertReport(result, process.cwd());
    report.warnings.forEach((warning) => this.warn(warning));
    report.lines.forEach((line) => this.log(line));
    const converted = outcome.apps.filter((app) => app.status === 'converted').length;
    if (converted < outcome.apps.length) process.exitCode = converted === 0 ? 1 : EXIT_PARTIAL;
    return result;
  }
}
