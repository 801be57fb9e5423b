/*
 * What an org request that failed means for the person, when it is not the answer the caller expects: an expired
 * login ("log in again", as deploy says), or the org failing or out of reach (5xx, an HTML error page, a dropped
 * connection) past jsforce's own repeats: one line naming the request and the status, exit 70. Anything else is
 * left to the caller. The org's text is data: its HTML is never printed, control characters are removed. What kind
 * of failure it is, orgFailure.ts tells (for deploy and verify alike); this module words it for verify's requests.
 */
import { SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { EXIT_ORG_UNAVAILABLE } from '../model/exitCodes.js';
import { bodyKind, htmlTitle, oneLine } from '../model/networkText.js';
import { translateOrgError } from './connection.js';
import { classifyOrgError, isTransient } from './orgFailure.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'credentials');

type OrgError = Error & { errorCode?: string };

/** The HTTP status of a failed jsforce request (errorCode ERROR_HTTP_503), when it says one. */
const statusOf = (error: OrgError): number | undefined => classifyOrgError(error).status;

/** One line for what the org sent: the page's title, never the page. */
function describe(error: OrgError, status: number | undefined): string {
  const text = error.message ?? '';
  if (status === undefined) return oneLine(text, 200);
  if (bodyKind(undefined, text) === 'html') {
    const title = htmlTitle(text);
    return title
      ? messages.getMessage('orgRequest.answer.html', [String(status), title])
      : messages.getMessage('orgRequest.answer.htmlUntitled', [String(status)]);
  }
  return messages.getMessage('orgRequest.answer.text', [String(status), oneLine(text, 200)]);
}

/**
 * The error to show for a failed org request, or undefined when it is neither an expired login nor the org
 * failing. `request` names it for the person ("Reading the app's credentials").
 */
export function orgRequestFailure(error: unknown, request: string, org: string): SfError | undefined {
  if (!(error instanceof Error)) return undefined;
  const session = translateOrgError(error, org);
  if (session !== error && session instanceof SfError) return session;
  const failed = error as OrgError;
  const failure = classifyOrgError(failed);
  const { status } = failure;
  if (isTransient(failure) || status === 429) {
    const unavailable =
      status === undefined
        ? messages.createError('error.OrgUnreachable', [request, org, oneLine(failure.detail, 200)])
        : messages.createError('error.OrgUnavailable', [request, org, describe(failed, status)]);
    unavailable.exitCode = EXIT_ORG_UNAVAILABLE;
    return unavailable;
  }
  return undefined;
}

/** The org's own words of an error, printable and on one line (an HTML page becomes its title). */
export function orgSaid(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error), 300);
  const failed = error as OrgError;
  return describe(failed, bodyKind(undefined, failed.message) === 'html' ? (statusOf(failed) ?? 0) : undefined);
}
