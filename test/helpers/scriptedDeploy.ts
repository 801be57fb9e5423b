/*
 * A scripted org for tests that stub ComponentSet#deploy: the deploy SDR would start, answering with the given
 * status and a component failure for each failing type (with its line when given), or still running when
 * `done` is false (its status poll then times out, as SDR's does when --wait runs out).
 */
import type { SourceComponent } from '@salesforce/source-deploy-retrieve';

export type ScriptedAnswer = {
  status: string;
  done?: boolean;
  failures?: Array<{ type: string; problem: string; line?: number }>;
};

/** What ComponentSet#deploy resolves to for these components and this answer (typed loosely, as stubs need). */
export function scriptedDeploy(components: readonly SourceComponent[], answer: ScriptedAnswer, id: string): never {
  const fileResponses = components.map((component) => {
    const failure = answer.failures?.find((item) => item.type === component.type.name);
    const base = { type: component.type.name, fullName: component.fullName, filePath: component.xml };
    return failure
      ? {
          ...base,
          state: 'Failed',
          error: failure.problem,
          problemType: 'Error',
          lineNumber: failure.line,
          columnNumber: failure.line ? 5 : undefined,
        }
      : { ...base, state: 'Created' };
  });
  const result = { response: { id, status: answer.status, done: true }, getFileResponses: () => fileResponses };
  return {
    id,
    onUpdate: () => undefined,
    pollStatus: () =>
      answer.done === false
        ? Promise.reject(new Error('Metadata API request failed: The client has timed out.'))
        : Promise.resolve(result),
    checkStatus: () => Promise.resolve({ id, status: answer.status, done: answer.done !== false }),
  } as never;
}
