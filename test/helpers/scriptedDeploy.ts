/*
 * A scripted org for tests that stub ComponentSet#deploy: the deploy SDR would start, whose status checks answer
 * as the Metadata API does (checkDeployStatus with its details once done): the given status, a component failure
 * for each failing type (with its line when given) and a success for every other component, or still running
 * when `done` is false. `checkFailures` fail the first status checks with those errors (a dropped connection, a
 * 503 page) before the script answers.
 */
import type { SourceComponent } from '@salesforce/source-deploy-retrieve';

export type ScriptedAnswer = {
  status: string;
  done?: boolean;
  failures?: Array<{ type: string; problem: string; line?: number }>;
  /** Problems on package.xml itself (no component answers for them). */
  packageFailures?: string[];
  checkFailures?: Error[];
};

/** What ComponentSet#deploy resolves to for these components and this answer (typed loosely, as stubs need). */
export function scriptedDeploy(components: readonly SourceComponent[], answer: ScriptedAnswer, id: string): never {
  const componentFailures = components.flatMap((component) => {
    const failure = answer.failures?.find((item) => item.type === component.type.name);
    return failure
      ? [
          {
            componentType: component.type.name,
            fullName: component.fullName,
            fileName: `${component.type.directoryName}/${component.fullName}`,
            problem: failure.problem,
            problemType: 'Error',
            success: 'false',
            created: 'false',
            changed: 'false',
            deleted: 'false',
            ...(failure.line ? { lineNumber: String(failure.line), columnNumber: '5' } : {}),
          },
        ]
      : [];
  });
  for (const problem of answer.packageFailures ?? [])
    componentFailures.push({
      componentType: '',
      fullName: 'package.xml',
      fileName: 'package.xml',
      problem,
      problemType: 'Error',
      success: 'false',
      created: 'false',
      changed: 'false',
      deleted: 'false',
    });
  const componentSuccesses = components
    .filter((component) => !answer.failures?.some((item) => item.type === component.type.name))
    .map((component) => ({
      componentType: component.type.name,
      fullName: component.fullName,
      fileName: `${component.type.directoryName}/${component.fullName}`,
      success: 'true',
      created: 'true',
      changed: 'false',
      deleted: 'false',
    }));
  const checkFailures = [...(answer.checkFailures ?? [])];
  let checks = 0;
  return {
    id,
    checks: (): number => checks,
    checkStatus: () => {
      checks += 1;
      const failure = checkFailures.shift();
      if (failure) return Promise.reject(failure);
      const done = answer.done !== false;
      return Promise.resolve({
        id,
        status: answer.status,
        done,
        success: answer.status === 'Succeeded',
        numberComponentsTotal: components.length,
        numberComponentsDeployed: done ? componentSuccesses.length : 0,
        ...(done ? { details: { componentFailures, componentSuccesses } } : {}),
      });
    },
  } as never;
}
