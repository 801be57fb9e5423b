/*
 * A yes/no question on the terminal (the question on stderr, the answer from stdin), for a command that must wait
 * for a person before it changes something. Ctrl-C while it waits rejects with the abort signal's reason.
 */
import { createInterface } from 'node:readline/promises';

export async function askYesNo(question: string, signal?: AbortSignal): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await readline.question(`${question} `, signal ? { signal } : {});
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    readline.close();
  }
}
