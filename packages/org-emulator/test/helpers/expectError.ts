/*
 * The error a call must end with. Each fails the test when the call succeeds (or ends with something that is not
 * an Error), and checks the message when given a pattern; the error is returned for further checks.
 */
import { expect } from 'chai';

function checked<E extends Error>(thrown: unknown, pattern?: RegExp): E {
  if (!(thrown instanceof Error)) throw new Error(`expected an Error, got ${String(thrown)}`);
  if (pattern) expect(thrown.message).to.match(pattern);
  return thrown as E;
}

/** Awaits a promise that must reject. */
export async function expectRejection<E extends Error = Error>(
  promise: Promise<unknown>,
  pattern?: RegExp,
): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return checked<E>(error, pattern);
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
}

/** Runs a function that must throw. */
export function expectThrows<E extends Error = Error>(fn: () => unknown, pattern?: RegExp): E {
  let value: unknown;
  try {
    value = fn();
  } catch (error) {
    return checked<E>(error, pattern);
  }
  throw new Error(`expected an error, got ${JSON.stringify(value)}`);
}
