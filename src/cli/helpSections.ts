/*
 * The sections sf's help prints after a command's flags: ERROR CODES (SfCommand's `errorCodes`, titled as the
 * official plugins title it: `toHelpSection('ERROR CODES', ...)`), ENVIRONMENT VARIABLES (`envVariablesSection`)
 * and CONFIGURATION VARIABLES (`configurationVariablesSection`). sf's help prints the title each section carries;
 * run on its own, the plugin's help class (src/cli/help.ts) prints them the same way.
 */

/** A section of a command's help that sf's help prints. */
export type HelpSection = { header: string; body: Array<{ name: string; description: string }> };

/** sf-plugins-core's toHelpSection for named entries: `helpSection('ERROR CODES', { 0: 'Success.' })`. */
export function helpSection(header: string, entries: Record<string, string>): HelpSection {
  return { header, body: Object.entries(entries).map(([name, description]) => ({ name, description })) };
}

/** The title sf gives the exit codes of a command. */
export const ERROR_CODES_HEADER = 'ERROR CODES';

/** The ERROR CODES section of a command's help: each exit code with its description (from the command's messages). */
export function exitCodesSection(codes: readonly string[], describe: (code: string) => string): HelpSection {
  return helpSection(ERROR_CODES_HEADER, Object.fromEntries(codes.map((code) => [code, describe(code)])));
}
