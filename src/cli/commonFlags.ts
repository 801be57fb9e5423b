/*
 * The flags that the org commands declare alike. Each one's summary and description come from the command's own
 * messages file (`flags.name.summary`, `flags.name.description`), so every command's help keeps its own words.
 */
import { Flags } from '@salesforce/sf-plugins-core/Flags';
import { type Messages } from '../messages.js';

/** --name (-n): the API name or label of the project's app the command works on (`sf eca deploy`, verify, rotate). */
export const appNameFlag = (messages: Messages) =>
  Flags.string({
    char: 'n',
    summary: messages.getMessage('flags.name.summary'),
    description: messages.getMessage('flags.name.description'),
  });
