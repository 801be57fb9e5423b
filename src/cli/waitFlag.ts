/*
 * --wait for the commands that wait on an org: whole minutes as sf's duration flags take them (`--wait 10`), or
 * seconds and minutes with a unit (`--wait 30s`, `--wait 2m`), so a short wait needs no rounding up to a minute.
 */
import { Duration } from '@salesforce/kit';
import { Flags } from '@salesforce/sf-plugins-core/Flags';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

const WAIT = /^\s*(\d+)\s*(s|sec|seconds?|m|min|minutes?)?\s*$/i;

/** `10` → 10 minutes, `30s` → 30 seconds, `2m` → 2 minutes; anything else is refused naming the flag. */
export function parseWait(input: string): Duration {
  const match = WAIT.exec(input);
  if (!match) throw messages.createError('error.InvalidWait', [input]);
  const amount = Number(match[1]);
  return /^s/i.test(match[2] ?? '') ? Duration.seconds(amount) : Duration.minutes(amount);
}

/** The --wait flag, its default in minutes. */
export const waitFlag = (options: { summary: string; description: string; defaultMinutes: number }) =>
  Flags.custom<Duration>({
    char: 'w',
    helpValue: '<minutes>',
    summary: options.summary,
    description: options.description,
    parse: async (input) => parseWait(input),
    default: async () => Duration.minutes(options.defaultMinutes),
    defaultHelp: async () => Duration.minutes(options.defaultMinutes).toString(),
  })();
