/*
 * sf-plugins-core's lib/errorFormatting.js: how an error is printed without --json (`Error (code): message`, the
 * MULTIPLE_API_ERRORS table, `Try this:` with the actions, and under SF_ENV=development the internal diagnostic),
 * and how a warning's or an info's actions are listed.
 */
import { inspect } from 'node:util';
import { Messages } from '../messages.js';
import { apiErrorRows, apiErrorTable } from './apiErrorTable.js';
import type { SfCommandError } from './commandError.js';
import { StandardColors } from './standardColors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

/** @salesforce/core's Mode.DEVELOPMENT: formatError reads SF_ENV alone (SFDX_ENV, which Global.getEnvironmentMode honours, does not count here). */
const DEVELOPMENT = 'development';

export function formatActions(actions: string[]): string[] {
  return actions.length > 0
    ? [
        `\n${StandardColors.info(messages.getMessage('actions.tryThis'))}\n`,
        ...actions.map((action) => StandardColors.info(action)),
      ]
    : [];
}

export function formatError(error: SfCommandError): string {
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? ` (${String(error.code)})` : '';
  const rows = apiErrorRows(error);
  const diagnostic =
    error.stack && process.env.SF_ENV === DEVELOPMENT
      ? StandardColors.info(`\n*** Internal Diagnostic ***\n\n${inspect(error)}\n******\n`)
      : [];
  return [
    `${StandardColors.error(messages.getMessage('error.prefix', [code]))} ${error.message}`,
    rows ? apiErrorTable(rows) : '',
    ...formatActions(error.actions ?? []),
    diagnostic,
  ].join('\n');
}
