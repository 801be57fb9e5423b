/*
 * What `sf eca rotate` shows a person at the end: each step with its outcome, the staged credential the org holds
 * now, and whether the previous credentials still work. The --json result is the job's RotateResult itself, which
 * never holds a key or a secret; the progress lines come from the job as it goes.
 */
import type { RotateResult } from '../jobs/rotateResult.js';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'rotate');

export function rotateReportLines(result: RotateResult): string[] {
  const steps = result.steps
    .map(({ step, outcome }) => `${messages.getMessage(`step.${step}`)}: ${messages.getMessage(`outcome.${outcome}`)}`)
    .join(', ');
  const lines = [messages.getMessage('report.steps', [steps])];
  if (result.staged)
    lines.push(
      messages.getMessage('report.staged', [
        result.staged.id,
        result.staged.state,
        result.staged.createdBy ?? '-',
        result.staged.createdDate ?? '-',
        result.staged.expirationDate ?? '-',
      ]),
    );
  else lines.push(messages.getMessage('report.noStaged'));
  const old = result.oldCredentials;
  lines.push(messages.getMessage(`report.old.${old.state}`, [old.until ?? '-']));
  return lines;
}
