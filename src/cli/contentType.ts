/*
 * SF_CONTENT_TYPE=JSON, the environment's way to ask for --json, and its older name SFDX_CONTENT_TYPE.
 *
 * SfCommand reads SF_CONTENT_TYPE through @salesforce/core's envVars, which, when @salesforce/core is loaded, copies
 * each deprecated SFDX_ name to its SF_ name (SF_ wins when both are set) and warns through Lifecycle, which, with
 * no listener yet, hands the warning to Node's process.emitWarning: `(node:<pid>) Warning: Deprecated environment
 * variable: ...` on stderr. The org-free base does not load envVars (~90 ms), so it does the same for the one
 * variable it reads, once, when it is loaded. Whichever of the two runs second finds the names agreeing and stays
 * silent, so the warning is never printed twice.
 *
 * Not mirrored: the warnings for the other SFDX_ names (SFDX_LOG_LEVEL, SFDX_DISABLE_TELEMETRY...), which a
 * fresh process running SfCommand prints because loading it loads envVars. The org-free commands read none of
 * them; the org commands load envVars themselves, and so does sf before any plugin's command.
 */
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

const CURRENT = 'SF_CONTENT_TYPE';
const DEPRECATED = 'SFDX_CONTENT_TYPE';

/** envVars.resolve() for SFDX_CONTENT_TYPE. */
export function resolveContentTypeSynonym(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => process.emitWarning(message),
): void {
  const deprecated = env[DEPRECATED];
  if (deprecated === undefined) return;
  const current = env[CURRENT];
  if (!current) {
    warn(messages.getMessage('env.deprecated', [DEPRECATED, CURRENT]));
    env[CURRENT] = deprecated;
  } else if (current !== deprecated) {
    warn(messages.getMessage('env.deprecatedDisagreement', [DEPRECATED, CURRENT, CURRENT]));
    env[DEPRECATED] = current;
  }
}

/** Whether the environment asks for JSON output (SfCommand: `envVars.getString(SF_CONTENT_TYPE)?.toUpperCase() === 'JSON'`). */
export const jsonRequestedByEnvironment = (): boolean => process.env[CURRENT]?.toUpperCase() === 'JSON';
