import { ux } from '@oclif/core';
import { Messages } from '../../messages.js';
import { exitCodesSection, helpSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { appNameFlag } from '../../cli/commonFlags.js';
import { waitFlag } from '../../cli/waitFlag.js';
import { CLIENT_SECRET_ENV } from '../../oauth/clientSecret.js';
import { aliasOf } from '../../org/connection.js';
import { openInSystemBrowser } from '../../oauth/webServer.js';
import { generatedKeyFile, loadAppToVerify } from '../../jobs/verifyTarget.js';
import { VERIFY_FLOWS } from '../../oauth/flowPlan.js';
import { type VerifyResult } from '../../jobs/verifyResult.js';
import { authorizeUrlLine, reportLines, secretLines } from '../../output/verify.js';
import { type LoginContext, loggedInLine, loginCommand, nextLines } from '../../output/verifyNext.js';
import { retryPresenter } from '../../output/verifyProgress.js';
import { verifyApp, type VerifyUi } from '../../jobs/verify.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.verify');

export type { VerifyResult } from '../../jobs/verifyResult.js';

/** Help groups of the flags that only some flows use (oclif shows each as "<GROUP> FLAGS"). */
const APP_CREDENTIALS = 'APP CREDENTIALS';
const JWT_BEARER = 'JWT BEARER';
const WEB_SERVER = 'WEB SERVER';
const SF_LOGIN = 'SF LOGIN';

/**
 * OrgCommand keeps SfCommand's output contract and org plumbing without loading its terminal UI libraries (see
 * src/cli/orgCommand.ts and the parity tests in test/unit/cli/).
 */
export default class EcaVerify extends SfCommand<VerifyResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly requiresProject = true;
  public static override readonly envVariablesSection = helpSection('ENVIRONMENT VARIABLES', {
    [CLIENT_SECRET_ENV]: messages.getMessage('envvars.SF_ECA_CLIENT_SECRET'),
  });
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2', '69', '70', '71', '130'], (code) =>
    messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
    name: appNameFlag(messages),
    flow: Flags.option({
      options: VERIFY_FLOWS,
      summary: messages.getMessage('flags.flow.summary'),
      description: messages.getMessage('flags.flow.description'),
    })(),
    wait: waitFlag({
      summary: messages.getMessage('flags.wait.summary'),
      description: messages.getMessage('flags.wait.description'),
      defaultMinutes: 10,
    }),
    'login-url': Flags.string({
      summary: messages.getMessage('flags.login-url.summary'),
      description: messages.getMessage('flags.login-url.description'),
    }),
    'keep-token': Flags.boolean({ summary: messages.getMessage('flags.keep-token.summary') }),
    'show-secrets': Flags.boolean({
      summary: messages.getMessage('flags.show-secrets.summary'),
      description: messages.getMessage('flags.show-secrets.description'),
    }),
    'api-version': Flags.orgApiVersion(),
    // The consumer key and secret: the client credentials flow needs the secret, the web server flow needs it unless
    // the app is a public client, and any flow uses it to introspect the token.
    'client-id': Flags.string({
      helpGroup: APP_CREDENTIALS,
      summary: messages.getMessage('flags.client-id.summary'),
    }),
    'client-secret-stdin': Flags.boolean({
      helpGroup: APP_CREDENTIALS,
      summary: messages.getMessage('flags.client-secret-stdin.summary'),
      description: messages.getMessage('flags.client-secret-stdin.description'),
    }),
    username: Flags.string({ helpGroup: JWT_BEARER, summary: messages.getMessage('flags.username.summary') }),
    'jwt-key-file': Flags.file({
      helpGroup: JWT_BEARER,
      summary: messages.getMessage('flags.jwt-key-file.summary'),
      description: messages.getMessage('flags.jwt-key-file.description'),
    }),
    audience: Flags.string({
      helpGroup: JWT_BEARER,
      summary: messages.getMessage('flags.audience.summary'),
      description: messages.getMessage('flags.audience.description'),
    }),
    login: Flags.boolean({
      helpGroup: SF_LOGIN,
      summary: messages.getMessage('flags.login.summary'),
      description: messages.getMessage('flags.login.description'),
    }),
    alias: Flags.string({
      helpGroup: SF_LOGIN,
      summary: messages.getMessage('flags.alias.summary'),
    }),
    'set-default': Flags.boolean({
      helpGroup: SF_LOGIN,
      summary: messages.getMessage('flags.set-default.summary'),
    }),
    browser: Flags.boolean({
      helpGroup: WEB_SERVER,
      default: true,
      allowNo: true,
      summary: messages.getMessage('flags.browser.summary'),
      description: messages.getMessage('flags.browser.description'),
    }),
  };

  public async run(): Promise<VerifyResult> {
    const { flags } = await this.parse(EcaVerify);
    const org = flags['target-org'];
    const packageDirs = this.project!.getPackageDirectories().map((dir) => dir.fullPath);
    const { spec, disabledIn } = await loadAppToVerify(packageDirs, flags.name);
    const orgLabel = await aliasOf(org);
    const jwtKeyFile = flags['jwt-key-file'] ?? generatedKeyFile(this.project!.getPath(), spec.apiName, packageDirs);
    const result = await verifyApp(
      {
        spec,
        ...(disabledIn ? { appDisabledIn: disabledIn } : {}),
        flow: flags.flow,
        connection: org.getConnection(flags['api-version']),
        targetOrg: org.getUsername() ?? '',
        orgLabel,
        targetOrgId: org.getOrgId(),
        loginUrl: flags['login-url'],
        clientId: flags['client-id'],
        secretFromStdin: flags['client-secret-stdin'],
        username: flags.username,
        jwtKeyFile,
        audience: flags.audience,
        waitMs: flags.wait.milliseconds,
        openBrowser: flags.browser,
        keepToken: flags['keep-token'],
        showSecrets: flags['show-secrets'],
        apiVersion: flags['api-version'],
        ...(flags.login ? { login: { alias: flags.alias, setDefault: flags['set-default'] } } : {}),
        signal: this.interruptSignal(),
      },
      this.verifyUi(),
    );
    const next: LoginContext = {
      flow: result.flow,
      app: result.app,
      clientId: result.clientId,
      instanceUrl: result.tokenEndpoint.replace(/\/services\/oauth2\/token$/, ''),
      username: result.flow === 'jwt-bearer' ? flags.username : result.user.username,
      keyFile: jwtKeyFile,
      targetOrg: orgLabel,
    };
    result.nextCommand = loginCommand(next);
    this.log('');
    reportLines(result).forEach((line) => this.log(line));
    result.warnings.forEach((warning) => this.warn(warning));
    if (result.login) this.log(loggedInLine(result.login, result.flow));
    else nextLines(next).forEach((line) => this.log(line));
    if (flags['show-secrets']) this.showSecrets(result);
    return result;
  }

  /**
   * On a terminal: a spinner with a countdown, paused for each lasting line. Piped: plain lines only (a spinner
   * would write a line per status change). Under --json: nothing but the authorize URL, on stderr.
   */
  private verifyUi(): VerifyUi {
    const tty = !this.jsonEnabled() && process.stderr.isTTY === true;
    const authorizeUrl = (url: string): void => {
      const text = authorizeUrlLine(url);
      if (this.jsonEnabled()) ux.stderr(text);
      else this.log(text);
    };
    const log = (line: string): void => (tty ? this.spinner.pause(() => this.log(line)) : this.log(line));
    return {
      log,
      warn: (message) => this.warn(message),
      start: (text) => (tty ? this.spinner.start(text) : this.log(`${text}...`)),
      stop: (text) => (tty ? this.spinner.stop(text) : undefined),
      onRetry: retryPresenter({ log, status: (text) => (this.spinner.status = text) }, { countdown: tty }),
      authorizeUrl,
      browse: openInSystemBrowser,
    };
  }

  private showSecrets(result: VerifyResult): void {
    const lines = secretLines(result);
    if (lines.length > 0) this.logSensitive(lines.join('\n'));
  }
}
