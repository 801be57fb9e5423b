/*
 * The help of the plugin run on its own (`./bin/run.js eca deploy --help`): oclif's, plus the sections sf's own
 * help class (salesforcecli/cli src/help/sfCommandHelp.ts) adds after FLAG DESCRIPTIONS — CONFIGURATION
 * VARIABLES, ENVIRONMENT VARIABLES and ERROR CODES, each with the title the command gives it — and the usage
 * line naming a negatable flag as `--[no-]browser`, as the flag list does. Inside sf, sf's help class is used
 * and this one is not loaded (oclif takes the help class of the root CLI).
 */
import { CommandHelp, Help } from '@oclif/core/help';
import type { Command } from '@oclif/core/command';
import type { HelpSection } from './helpSections.js';

type SfSections = {
  configurationVariablesSection?: HelpSection;
  envVariablesSection?: HelpSection;
  errorCodes?: HelpSection;
};

type Section = ReturnType<CommandHelp['sections']>[number];

/** sf's sections, in sf's order; each renders only when the command has it. */
const SF_SECTIONS: Array<{ header: string; of: keyof SfSections }> = [
  { header: 'CONFIGURATION VARIABLES', of: 'configurationVariablesSection' },
  { header: 'ENVIRONMENT VARIABLES', of: 'envVariablesSection' },
  { header: 'ERROR CODES', of: 'errorCodes' },
];

export class EcaCommandHelp extends CommandHelp {
  protected override sections(): Section[] {
    const sections = super.sections();
    const after = sections.findIndex((section) => section.header === 'FLAG DESCRIPTIONS');
    const extra: Section[] = SF_SECTIONS.map(({ header, of }) => ({
      header,
      generate: ({ cmd }): HelpSection | undefined => {
        const section = (cmd as SfSections)[of];
        return section && section.body.length > 0 ? section : undefined;
      },
    }));
    sections.splice(after === -1 ? sections.length : after + 1, 0, ...extra);
    return sections;
  }

  protected override defaultUsage(): string {
    return negatableUsage(super.defaultUsage(), this.command);
  }
}

/** `[--browser]` -> `[--[no-]browser]` for each boolean flag with allowNo, as oclif's flag list writes it. */
export function negatableUsage(usage: string, command: Command.Loadable): string {
  return Object.entries(command.flags ?? {})
    .filter(([, flag]) => flag.type === 'boolean' && flag.allowNo && !flag.hidden)
    .reduce(
      (text, [name]) => text.replace(new RegExp(`(^|[\\s[(|])--${name}(?=$|[\\s\\])|])`), `$1--[no-]${name}`),
      usage,
    );
}

export default class EcaHelp extends Help {
  protected override CommandHelpClass = EcaCommandHelp;
}
