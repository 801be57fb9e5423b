/*
 * What `sf eca verify` shows a person at the end: one line per fact the token proved. The --json result is the
 * job's VerifyResult itself; warnings are shown by the command.
 */
import type { VerifyResult } from '../jobs/verifyResult.js';
import { Messages } from '../messages.js';
import { formatDuration } from './verifyProgress.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

const none = (list: readonly string[]): string =>
  // The same format as generate's: `api, refresh_token`.
  list.length > 0 ? list.join(', ') : messages.getMessage('report.none');

/** The human report, one line per fact. */
export function reportLines(result: VerifyResult): string[] {
  const attempts = messages.getMessage(result.attempts === 1 ? 'report.attempt' : 'report.attempts', [result.attempts]);
  const lines = [
    messages.getMessage('report.obtained', [
      messages.getMessage(`flowName.${result.flow}`),
      result.tokenEndpoint,
      attempts,
      formatDuration(result.elapsedMs),
    ]),
    messages.getMessage('report.apiCall', [result.apiCall.url, result.apiCall.status]),
    messages.getMessage(result.orgMatches ? 'report.orgMatches' : 'report.orgDiffers', [
      result.orgId ?? '-',
      result.targetOrg,
    ]),
    messages.getMessage(result.user.isRunAsUser ? 'report.userRunAs' : 'report.user', [
      result.user.username ?? '-',
      result.user.id ?? '-',
    ]),
    messages.getMessage('report.scopes', [none(result.scopes.granted), none(result.scopes.app)]),
    messages.getMessage('report.instanceUrl', [result.instanceUrl]),
    messages.getMessage('report.tokenType', [result.tokenType ?? '-']),
  ];
  if (result.introspection) {
    const state = messages.getMessage(result.introspection.active ? 'report.active' : 'report.inactive');
    lines.push(messages.getMessage('report.introspection', [state, result.introspection.expiresAt ?? '-']));
  } else {
    lines.push(messages.getMessage('report.notIntrospected'));
  }
  lines.push(messages.getMessage(result.revoked ? 'report.revoked' : 'report.kept'));
  return lines;
}

/** The authorize URL the person opens to log in (web server flow). */
export const authorizeUrlLine = (url: string): string => messages.getMessage('info.authorizeUrl', [url]);

/** The values --show-secrets prints, behind the CLI's sensitive-output warning. */
export function secretLines(result: Pick<VerifyResult, 'accessToken' | 'clientSecret'>): string[] {
  return [
    ...(result.accessToken ? [messages.getMessage('info.accessToken', [result.accessToken])] : []),
    ...(result.clientSecret ? [messages.getMessage('info.clientSecret', [result.clientSecret])] : []),
  ];
}
