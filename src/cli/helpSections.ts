/*
 * The sections sf's help prints after a command's flags: EXIT CODES (SfCommand's `errorCodes`), ENVIRONMENT
 * VARIABLES (`envVariablesSection`) and CONFIGURATION VARIABLES (`configurationVariablesSection`).
 */

/** A section of a command's help that sf's help prints. */
export type HelpSection = { header: string; body: Array<{ name: string; description: string }> };

/** sf-plugins-core's toHelpSection for named entries: `helpSection('EXIT CODES', { 0: 'Success.' })`. */
export function helpSection(header: string, entries: Record<string, string>): HelpSection {
  return { header, body: Object.entries(entries).map(([name, description]) => ({ name, description })) };
}

/** The EXIT CODES section of a command's help: each code with its description (from the command's messages). */
export function exitCodesSection(codes: readonly string[], describe: (code: string) => string): HelpSection {
  return helpSection('EXIT CODES', Object.fromEntries(codes.map((code) => [code, describe(code)])));
}
