import { Messages } from '../../messages.js';
import { exitCodesSection, helpSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { appNameFlag } from '../../cli/commonFlags.js';
import { waitFlag } from '../../cli/waitFlag.js';
import { type DeployCommandResult, type DeployEvents, runDeploy } from '../../jobs/deploy.js';
import {
  closingLines,
  deployFailedError,
  deployingLine,
  foundLine,
  jwtSessionLine,
  leftOutLines,
  preflightLines,
  preflightTitle,
  progressLine,
  resumeGoneLine,
  resumingLine,
  retryLine,
  twoPhaseLine,
} from '../../output/deploy.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.deploy');

export type { DeployCommandResult } from '../../jobs/deploy.js';

/** Flags in, the deploy job (src/jobs/deploy.ts) with its progress bound to the spinner, its result out. */
export default class EcaDeploy extends SfCommand<DeployCommandResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly requiresProject = true;
  public static override readonly envVariablesSection = helpSection('ENVIRONMENT VARIABLES', {
    SF_ORG_METADATA_REST_DEPLOY: messages.getMessage('envvars.SF_ORG_METADATA_REST_DEPLOY'),
  });
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2', '68', '69', '70', '130'], (code) =>
    messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
    name: appNameFlag(messages),
    'api-version': Flags.orgApiVersion(),
    wait: waitFlag({
      summary: messages.getMessage('flags.wait.summary'),
      description: messages.getMessage('flags.wait.description'),
      defaultMinutes: 10,
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'allow-admin-run-as-user': Flags.boolean({
      summary: messages.getMessage('flags.allow-admin-run-as-user.summary'),
      description: messages.getMessage('flags.allow-admin-run-as-user.description'),
    }),
    'allow-non-api-only-run-as-user': Flags.boolean({
      summary: messages.getMessage('flags.allow-non-api-only-run-as-user.summary'),
      description: messages.getMessage('flags.allow-non-api-only-run-as-user.description'),
    }),
    'allow-full-scope': Flags.boolean({ summary: messages.getMessage('flags.allow-full-scope.summary') }),
    'allow-secret-in-source': Flags.boolean({
      summary: messages.getMessage('flags.allow-secret-in-source.summary'),
      description: messages.getMessage('flags.allow-secret-in-source.description'),
    }),
    'allow-certificate-removal': Flags.boolean({
      summary: messages.getMessage('flags.allow-certificate-removal.summary'),
      description: messages.getMessage('flags.allow-certificate-removal.description'),
    }),
  };

  public async run(): Promise<DeployCommandResult> {
    const { flags } = await this.parse(EcaDeploy);
    const projectDir = this.project!.getPath();
    const run = await runDeploy(
      {
        org: flags['target-org'],
        projectDir,
        packageDirs: this.project!.getPackageDirectories().map((dir) => dir.fullPath),
        name: flags.name,
        apiVersion: flags['api-version'],
        wait: flags.wait,
        checkOnly: flags['dry-run'] === true,
        allowAdminRunAsUser: flags['allow-admin-run-as-user'] === true,
        allowNonApiOnlyRunAsUser: flags['allow-non-api-only-run-as-user'] === true ? true : undefined,
        allowFullScope: flags['allow-full-scope'] === true,
        allowSecretInSource: flags['allow-secret-in-source'] === true,
        allowCertificateRemoval: flags['allow-certificate-removal'] === true,
        signal: this.interruptSignal(),
      },
      this.events(projectDir),
    );
    process.exitCode = run.exitCode;
    const failed = run.done && !['Succeeded', 'SucceededPartial'].includes(run.result.status);
    if (failed && !this.jsonEnabled()) throw deployFailedError(run.result, projectDir);
    closingLines(run.result, run.org, projectDir, run.done).forEach((line) => this.log(line));
    return run.result;
  }

  private events(projectDir: string): DeployEvents {
    return {
      found: (app) => this.log(foundLine(app.spec.apiName, app.files.length)),
      preflightStarted: (org) => this.spinner.start(preflightTitle(org)),
      preflightDone: (checks) => {
        this.spinner.stop();
        preflightLines(checks).forEach((line) => this.log(line));
      },
      warning: (message) => this.warn(message),
      deployStarted: (app, org, options) => this.spinner.start(deployingLine(app, org, options)),
      progress: (progress) => (this.spinner.status = progressLine(progress)),
      twoPhase: () => this.log(twoPhaseLine()),
      leftOut: (fields) => leftOutLines(fields, projectDir).forEach((line) => this.log(line)),
      jwtSession: () => this.log(jwtSessionLine()),
      deployDone: (outcome) => this.spinner.stop(outcome.status),
      resuming: (deployId, startedAt) => this.log(resumingLine(deployId, startedAt)),
      resumeGone: (deployId) => this.log(resumeGoneLine(deployId)),
      retry: (deployId, detail, attempt) => this.log(retryLine(deployId, detail, attempt)),
    };
  }
}
