import { type Connection, Messages } from '@salesforce/core';
import { exitCodesSection, helpSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { deployApp, type DeployOutcome, type DeployProgress, exitCodeFor, preloadDeployer } from '../../org/deploy.js';
import * as run from '../../jobs/deploy.js';
import { type AppToDeploy, resolveAppToDeploy } from '../../jobs/appInProject.js';
import { type PreflightCheck, preflightError, runPreflight } from '../../org/preflight.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.deploy');

/**
 * OrgCommand keeps SfCommand's output contract and org plumbing without loading its terminal UI libraries (see
 * src/cli/orgCommand.ts and the parity tests in test/unit/cli/).
 */
export default class EcaDeploy extends SfCommand<run.DeployCommandResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly requiresProject = true;
  public static override readonly envVariablesSection = helpSection('ENVIRONMENT VARIABLES', {
    SF_ORG_METADATA_REST_DEPLOY: messages.getMessage('envvars.SF_ORG_METADATA_REST_DEPLOY'),
  });
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2', '68', '69'], (code) => messages.getMessage(`exitcodes.${code}`));

  // eslint-disable-next-line sf-plugin/spread-base-flags
  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      description: messages.getMessage('flags.name.description'),
    }),
    'api-version': Flags.orgApiVersion(),
    wait: Flags.duration({
      char: 'w',
      helpValue: '<minutes>',
      unit: 'minutes',
      defaultValue: 10,
      min: 0,
      summary: messages.getMessage('flags.wait.summary'),
      description: messages.getMessage('flags.wait.description'),
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'allow-admin-run-as-user': Flags.boolean({
      summary: messages.getMessage('flags.allow-admin-run-as-user.summary'),
      description: messages.getMessage('flags.allow-admin-run-as-user.description'),
    }),
    'allow-full-scope': Flags.boolean({ summary: messages.getMessage('flags.allow-full-scope.summary') }),
  };

  public async run(): Promise<run.DeployCommandResult> {
    const { flags } = await this.parse(EcaDeploy);
    const org = flags['target-org'];
    const alias = await run.aliasOf(org);
    const projectDir = this.project!.getPath();
    const packageDirs = this.project!.getPackageDirectories().map((dir) => dir.fullPath);
    const app = await resolveAppToDeploy(packageDirs, flags.name, { allowFullScope: flags['allow-full-scope'] });
    this.log(messages.getMessage('info.found', [app.spec.apiName, app.files.length]));
    try {
      const connection = org.getConnection(flags['api-version']);
      const preflight = await this.preflight(connection, app, alias, flags['allow-admin-run-as-user'] === true);
      const warnings = this.warnAll([], run.runWarnings(app.orgSpecificFields, app.warnings, preflight, projectDir));
      const checkOnly = flags['dry-run'] === true;
      const outcome = await this.deploy(connection, app, alias, { checkOnly, wait: flags.wait });
      this.warnAll(warnings, run.outcomeWarnings(outcome, checkOnly));
      const result: run.DeployCommandResult = {
        app: app.spec.apiName,
        targetOrg: org.getUsername() ?? alias,
        deployId: outcome.deployId,
        status: outcome.status,
        checkOnly,
        files: app.files.map(({ type, path }) => ({ type, path })),
        preflight,
        componentFailures: outcome.componentFailures,
        warnings,
        twoPhase: outcome.twoPhase,
      };
      process.exitCode = exitCodeFor(outcome);
      if (!outcome.done) run.inProgressLines(outcome.deployId, alias).forEach((line) => this.log(line));
      else if (outcome.status === 'Succeeded') await this.reportSuccess(result, connection, alias, outcome.appId);
      else if (outcome.status === 'SucceededPartial') run.partialLines(result, projectDir).forEach((line) => this.log(line));
      else if (!this.jsonEnabled()) throw run.deployFailedError(result, projectDir);
      return result;
    } catch (error) {
      throw run.translateOrgError(error, alias);
    }
  }

  private async preflight(
    connection: Connection,
    app: AppToDeploy,
    alias: string,
    allowAdminRunAsUser: boolean
  ): Promise<PreflightCheck[]> {
    this.spinner.start(messages.getMessage('info.preflight', [alias]));
    const pending = runPreflight(run.soqlRunnerFor(connection), run.requirementsOf(app.spec), { allowAdminRunAsUser });
    preloadDeployer();
    const checks = await pending;
    this.spinner.stop();
    run.preflightLines(checks).forEach((line) => this.log(line));
    const blocked = preflightError(checks);
    if (blocked) throw blocked.setData({ app: app.spec.apiName, preflight: checks });
    return checks;
  }

  private async deploy(
    connection: Connection,
    app: AppToDeploy,
    alias: string,
    options: { checkOnly: boolean; wait: run.Minutes }
  ): Promise<DeployOutcome> {
    const rest = await run.isRestDeployEnabled();
    const verb = messages.getMessage(options.checkOnly ? 'info.verb.validate' : 'info.verb.deploy');
    this.spinner.start(messages.getMessage('info.deploying', [verb, app.spec.apiName, alias, rest ? 'REST' : 'SOAP']));
    const outcome = await deployApp({
      connection,
      files: app.files,
      orgSpecificFields: app.orgSpecificFields,
      rest,
      ...options,
      onProgress: (progress: DeployProgress) => (this.spinner.status = run.progressLine(progress)),
      onTwoPhase: () => this.log(messages.getMessage('info.twoPhase')),
    });
    this.spinner.stop(outcome.status);
    return outcome;
  }

  private async reportSuccess(result: run.DeployCommandResult, connection: Connection, alias: string, appId?: string): Promise<void> {
    if (result.checkOnly) return this.log(messages.getMessage('info.validated', [result.app, alias, result.deployId]));
    this.log(messages.getMessage('info.succeeded', [result.app, alias, result.deployId]));
    const consumer = await run.readConsumerKey(connection, result.app, appId);
    if ('warning' in consumer) this.warnAll(result.warnings, [consumer.warning]);
    else {
      result.consumerKey = consumer.key;
      this.log(messages.getMessage('info.consumerKey', [consumer.key]));
    }
    this.log(`\n${messages.getMessage('info.nextCommand')}\n  ${messages.getMessage('info.verifyCommand', [result.app, alias])}`);
  }

  /** Show each warning now and keep it for the --json result. */
  private warnAll(into: string[], warnings: readonly string[]): string[] {
    for (const warning of warnings) {
      this.warn(warning);
      into.push(warning);
    }
    return into;
  }
}
