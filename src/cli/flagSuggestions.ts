/*
 * "Did you mean": the value to pass instead when oclif refuses a value that is not among a flag's options
 * (`--permitted-users admin-aproved`, `--distribution-state Local`, `--session-timeout 45`). oclif's message names
 * the flag, the value and the options; the suggestion becomes the error's first action.
 */
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'cli');

/** oclif's FlagInvalidOptionError: `Expected --<flag>=<value> to be one of: <a>, <b>`. */
const INVALID_OPTION = /^Expected --([\w-]+)=(.*) to be one of: (.*)$/m;

export type OptionSuggestion = { flag: string; value: string; options: string[]; suggestions: string[] };

/** What oclif's message refuses, and the options closest to it (none when nothing is close). */
export function optionSuggestion(message: string): OptionSuggestion | undefined {
  const match = INVALID_OPTION.exec(message);
  if (!match) return undefined;
  const [, flag, value, list] = match;
  const options = list.split(', ').map((option) => option.trim());
  return { flag, value, options, suggestions: closestOptions(value, options) };
}

/** The same text in another case; for numbers the nearest (both, when two are as near); else the closest spelling. */
export function closestOptions(value: string, options: readonly string[]): string[] {
  const input = value.trim();
  const sameText = options.find((option) => option.toLowerCase() === input.toLowerCase());
  if (sameText) return [sameText];
  const number = Number(input);
  if (input !== '' && Number.isFinite(number) && options.every((option) => /^\d+$/.test(option))) {
    const distances = options.map((option) => Math.abs(Number(option) - number));
    const nearest = Math.min(...distances);
    return options.filter((_, index) => distances[index] === nearest);
  }
  const close = closestSpelling(input, options);
  return close ? [close] : [];
}

/**
 * The option that starts with the input (3 letters or more), else the one fewest edits away when that is a
 * plausible typo (at most a third of the input, or two edits). The command plumbing may not use the domain's own
 * matcher (src/model/scopes.ts), so it keeps this small one.
 */
function closestSpelling(input: string, options: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  if (lower.length >= 3) {
    const prefixed = options.find((option) => option.toLowerCase().startsWith(lower));
    if (prefixed) return prefixed;
  }
  const scored = options.map((option) => ({ option, distance: editDistance(lower, option.toLowerCase()) }));
  const best = scored.reduce((a, b) => (b.distance < a.distance ? b : a), scored[0]);
  return best && best.distance <= Math.max(2, Math.ceil(input.length / 3)) ? best.option : undefined;
}

/** Levenshtein distance (insert, delete, substitute). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The action of the error: the flag with the value meant (or, with nothing close, the values it takes). */
export function optionAction({ flag, options, suggestions }: OptionSuggestion): string {
  return suggestions.length > 0
    ? messages.getMessage('actions.didYouMean', [
        suggestions.map((value) => `--${flag} ${value}`).join(` ${messages.getMessage('actions.or')} `),
        flag,
        options.join(', '),
      ])
    : messages.getMessage('actions.optionsOf', [flag, options.join(', ')]);
}
