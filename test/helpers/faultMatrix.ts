/*
 * The fault matrix's vocabulary: one fault injected into the emulator on one request a command makes, and what every
 * run under a fault must show (no HTML, no stack trace, the ids it names). The deploy matrix
 * (test/e2e/faultMatrix.deploy.e2e.test.ts) is a table of rows built from these; another command's matrix can be.
 */
import { expect } from 'chai';
import type { Emulator } from '@plugin-eca/org-emulator';
import type { CliResult } from '@plugin-eca/dev-kit/runCli';

/** The faults of the matrix: an HTML error page, a REST error, no answer, a slow answer, a session ended mid-way. */
export type FaultKind = '503 html' | '500 json' | 'drop' | 'delay' | 'expired';

export const FAULT_KINDS: readonly FaultKind[] = ['503 html', '500 json', 'drop', 'delay', 'expired'];

/** A request of a command: the path it goes to and how many requests to that path go before it. */
export type TargetRequest = { name: string; pattern: Parameters<Emulator['faults']['failNext']>[0]; skip: number };

/** How long the delay fault holds an answer: long enough to be felt, well within any --wait of the matrix. */
export const DELAY_MS = 1500;

/** Injects `fault` into the `skip`+1-th request matching the target (`count` times for the error answers). */
export function inject(emulator: Emulator, target: TargetRequest, fault: FaultKind, count = 1): void {
  const { faults } = emulator;
  switch (fault) {
    case '503 html':
      return faults.failNext(target.pattern, count, 503, target.skip, 'html');
    case '500 json':
      return faults.failNext(target.pattern, count, 500, target.skip, 'json');
    case 'drop':
      return faults.dropNext(target.pattern, count, target.skip);
    case 'delay':
      return faults.delayNext(target.pattern, DELAY_MS, 1, target.skip);
    case 'expired':
      return faults.expireSessionsAt(target.pattern, target.skip);
  }
}

const STACK_TRACE = /^\s+at .+[(:]\d+/m;
const HTML = /<!DOCTYPE|<html|<head|<body|<title|<h1/i;

/** What no run may print, whatever went wrong: an error page (or a piece of one), a stack trace. */
export function expectNothingRaw(run: CliResult, context: string): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output, `${context}: HTML in the output`).not.to.match(HTML);
  expect(output, `${context}: a stack trace in the output`).not.to.match(STACK_TRACE);
}

/** The deploy ids (0Af…) a run names. */
export const deployIdsIn = (text: string): string[] => [...new Set(text.match(/\b0Af\w{12,15}\b/g) ?? [])];

/** A short account of a run for assertion messages. */
export const explainRun = (run: CliResult): string =>
  `exit ${run.code}\nstdout:\n${run.stdout.slice(0, 3000)}\nstderr:\n${run.stderr.slice(0, 3000)}`;
