/*
 * Reading a finished deploy: each component with its state, each problem against the project's source file (the
 * staged copy's path mapped back), the problems no file answers for, and the app's record id. The org's texts are
 * printed with control characters removed (network text is data).
 */
import type { DeployResult, FileResponse } from '@salesforce/source-deploy-retrieve';
import { ecaType } from '../metadata/types.js';
import { printable } from '../model/networkText.js';

/** The metadata type of the app record itself; every other file is a satellite that names it. */
export const APP_TYPE: string = ecaType('app').name;

export type ComponentFailure = {
  type: string;
  fullName: string;
  /** The source file in the project (not the staged copy). */
  file?: string;
  line?: number;
  column?: number;
  problem: string;
};

/** One component of a finished deploy, as `sf project deploy start`'s "Deployed Source" table lists it. */
export type DeployedComponent = { state: string; fullName: string; type: string; file: string };

/** Every component of SDR's file responses with its state (Created, Changed, Unchanged, Failed…), one per component. */
export function deployedComponentsFrom(
  responses: readonly FileResponse[],
  sourceOf: ReadonlyMap<string, string>,
): DeployedComponent[] {
  const seen = new Set<string>();
  return responses.flatMap((response) => {
    const key = `${response.type}#${response.fullName}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const file = response.filePath ? (sourceOf.get(response.filePath) ?? response.filePath) : '';
    return [{ state: String(response.state), fullName: response.fullName, type: response.type, file }];
  });
}

/** Component failures from SDR's file responses, with staged paths mapped back to the project's files. */
export function componentFailuresFrom(
  responses: readonly FileResponse[],
  sourceOf: ReadonlyMap<string, string>,
): ComponentFailure[] {
  return responses.flatMap((response) => {
    if (response.state !== 'Failed') return [];
    const line = response.lineNumber !== undefined ? Number(response.lineNumber) : undefined;
    const column = response.columnNumber !== undefined ? Number(response.columnNumber) : undefined;
    // SDR appends ` (line:column)` to the org's problem; the location is shown once, as file:line:column.
    const problem = printable(response.error).replace(/ \(\d+:\d+\)$/, '');
    return [
      {
        type: response.type,
        fullName: response.fullName,
        ...(response.filePath ? { file: sourceOf.get(response.filePath) ?? response.filePath } : {}),
        ...(line !== undefined ? { line } : {}),
        ...(column !== undefined ? { column } : {}),
        problem,
      },
    ];
  });
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The record id the org gives the app in its component success (DeployMessage.id), when it gives one. */
export function appIdFrom(
  details: Pick<DeployResult['response'], 'details'>['details'] | undefined,
): string | undefined {
  const successes = [details?.componentSuccesses ?? []].flat();
  const id = successes.find((message) => message.componentType === APP_TYPE && String(message.success) !== 'false')?.id;
  return typeof id === 'string' && SALESFORCE_ID.test(id) ? id : undefined;
}

/**
 * The problems no source file answers for: a failure on package.xml (an unknown type: "Unknown type name
 * 'ExternalClientApplication' specified in package.xml" on an org or at an API version without ECAs) and the
 * deploy's own errorMessage. Without them a failed deploy would have no reason to show.
 */
export function unmappedFailures(
  response: Pick<DeployResult['response'], 'details' | 'errorMessage' | 'errorStatusCode'>,
  mapped: readonly ComponentFailure[],
): ComponentFailure[] {
  const failures = [response.details?.componentFailures ?? []].flat();
  const unmapped = failures
    .filter(
      (message) => !mapped.some((item) => item.fullName === message.fullName && item.type === message.componentType),
    )
    .map((message) => ({
      type: String(message.componentType ?? ''),
      fullName: String(message.fullName ?? message.fileName ?? ''),
      problem: printable(String(message.problem ?? '')),
    }))
    .filter((item) => item.problem !== '');
  const errorMessage = printable(String(response.errorMessage ?? ''));
  if (errorMessage && !unmapped.some((item) => item.problem === errorMessage))
    unmapped.push({ type: '', fullName: String(response.errorStatusCode ?? 'deploy'), problem: errorMessage });
  return unmapped;
}
