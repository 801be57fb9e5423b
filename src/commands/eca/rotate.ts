import { ux } from '@oclif/core';
import { Messages } from '../../messages.js';
import { askYesNo } from '../../cli/confirmPrompt.js';
import { exitCodesSection } from '../../cli/sfCommand.js';
import { Flags, SfCommand } from '../../cli/sfOrgCommand.js';
import { appNameFlag } from '../../cli/commonFlags.js';
import { waitFlag } from '../../cli/waitFlag.js';
import { aliasOf } from '../../org/connection.js';
import { openInSystemBrowser } from '../../oauth/webServer.js';
import { VERIFY_FLOWS } from '../../oauth/flowPlan.js';
import { generatedKeyFile, resolveAppToVerify } from '../../jobs/verifyTarget.js';
import { type RotateUi, rotateApp } from '../../jobs/rotate.js';
import type { RotateResult } from '../../jobs/rotateResult.js';
import { rotateReportLines } from '../../output/rotate.js';
import { authorizeUrlLine } from '../../output/verify.js';
import { retryPresenter } from '../../output/verifyProgress.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'eca.rotate');

export type { RotateResult } from '../../jobs/rotateResult.js';

const SECRET = 'NEW SECRET';
const PROOF = 'PROOF';

export default class EcaRotate extends SfCommand<RotateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly requiresProject = true;
  public static override readonly errorCodes = exitCodesSection(['0', '1', '2', '69', '130'], (code) =>
    messages.getMessage(`exitcodes.${code}`),
  );

  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
    name: appNameFlag(messages),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    'revoke-old': Flags.boolean({
      summary: messages.getMessage('flags.revoke-old.summary'),
      description: messages.getMessage('flags.revoke-old.description'),
    }),
    'discard-staged': Flags.boolean({ summary: messages.getMessage('flags.discard-staged.summary') }),
    'no-prompt': Flags.boolean({ summary: messages.getMessage('flags.no-prompt.summary') }),
    'api-version': Flags.orgApiVersion(),
    'secret-file': Flags.string({
      helpGroup: SECRET,
      summary: messages.getMessage('flags.secret-file.summary'),
      description: messages.getMessage('flags.secret-file.description'),
    }),
    'secret-command': Flags.string({
      helpGroup: SECRET,
      summary: messages.getMessage('flags.secret-command.summary'),
      description: messages.getMessage('flags.secret-command.description'),
    }),
    'show-secrets': Flags.boolean({
      helpGroup: SECRET,
      summary: messages.getMessage('flags.show-secrets.summary'),
    }),
    flow: Flags.option({
      helpGroup: PROOF,
      options: VERIFY_FLOWS,
      summary: messages.getMessage('flags.flow.summary'),
    })(),
    'skip-proof': Flags.boolean({ helpGroup: PROOF, summary: messages.getMessage('flags.skip-proof.summary') }),
    wait: waitFlag({
      summary: messages.getMessage('flags.wait.summary'),
      description: messages.getMessage('flags.wait.description'),
      defaultMinutes: 10,
    }),
    'login-url': Flags.string({ helpGroup: PROOF, summary: messages.getMessage('flags.login-url.summary') }),
    username: Flags.string({ helpGroup: PROOF, summary: messages.getMessage('flags.username.summary') }),
    'jwt-key-file': Flags.file({
      helpGroup: PROOF,
      summary: messages.getMessage('flags.jwt-key-file.summary'),
      description: messages.getMessage('flags.jwt-key-file.description'),
    }),
    audience: Flags.string({ helpGroup: PROOF, summary: messages.getMessage('flags.audience.summary') }),
    browser: Flags.boolean({
      helpGroup: PROOF,
      default: true,
      allowNo: true,
      summary: messages.getMessage('flags.browser.summary'),
    }),
  };

  public async run(): Promise<RotateResult> {
    const { flags } = await this.parse(EcaRotate);
    const org = flags['target-org'];
    const project = this.project!;
    const packageDirs = project.getPackageDirectories().map((dir) => dir.fullPath);
    const spec = await resolveAppToVerify(packageDirs, flags.name);
    const connection = org.getConnection(flags['api-version']);
    const signal = this.interruptSignal();
    const result = await rotateApp(
      {
        spec,
        flow: flags.flow,
        connection,
        targetOrg: org.getUsername() ?? '',
        orgLabel: await aliasOf(org),
        targetOrgId: org.getOrgId(),
        userId: connection.getAuthInfoFields().userId,
        loginUrl: flags['login-url'],
        username: flags.username,
        jwtKeyFile: flags['jwt-key-file'] ?? generatedKeyFile(project.getPath(), spec.apiName, packageDirs),
        audience: flags.audience,
        waitMs: flags.wait.milliseconds,
        apiVersion: flags['api-version'],
        dryRun: flags['dry-run'],
        revokeOld: flags['revoke-old'],
        discardStaged: flags['discard-staged'],
        skipProof: flags['skip-proof'],
        noPrompt: flags['no-prompt'],
        canPrompt: !this.jsonEnabled() && process.stdin.isTTY === true,
        handOver: {
          secretFile: flags['secret-file'],
          secretCommand: flags['secret-command'],
          showSecrets: flags['show-secrets'],
        },
        projectDir: project.getPath(),
        packageDirs,
        signal,
      },
      this.rotateUi(signal, flags.browser),
    );
    this.log('');
    rotateReportLines(result).forEach((line) => this.log(line));
    return result;
  }

  /** As verify's: a spinner on a terminal, plain lines when piped, nothing but prompts and secrets under --json. */
  private rotateUi(signal: AbortSignal, openBrowser: boolean): RotateUi {
    const tty = !this.jsonEnabled() && process.stderr.isTTY === true;
    const log = (line: string): void => (tty ? this.spinner.pause(() => this.log(line)) : this.log(line));
    return {
      log,
      warn: (message) => this.warn(message),
      start: (text) => (tty ? this.spinner.start(text) : this.log(`${text}...`)),
      stop: (text) => (tty ? this.spinner.stop(text) : undefined),
      onRetry: retryPresenter({ log, status: (text) => (this.spinner.status = text) }, { countdown: tty }),
      authorizeUrl: (url) => (this.jsonEnabled() ? ux.stderr(authorizeUrlLine(url)) : this.log(authorizeUrlLine(url))),
      browse: openBrowser ? openInSystemBrowser : () => Promise.resolve(),
      confirm: (question) => askYesNo(question, signal),
      // Asked for in so many words: on the terminal, and on stderr under --json, never in the JSON.
      showSecrets: (lines) => {
        if (this.jsonEnabled()) ux.stderr(lines.join('\n'));
        else this.logSensitive(lines.join('\n'));
      },
    };
  }
}
