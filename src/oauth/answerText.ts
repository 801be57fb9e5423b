/*
 * One line for an answer that is not what the request expects (an HTML error page from the org's front end, an
 * empty body, a proxy's plain text): the status and what the body was, never the page itself. The text is network
 * data: control characters removed, secrets redacted, one line.
 */
import { Messages } from '../messages.js';
import { bodyKind, htmlTitle, oneLine } from '../model/networkText.js';
import { redact } from './redact.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

/** `HTTP 503 with an HTML page ("Service Unavailable") instead of an OAuth answer`, `HTTP 500: upstream failed`. */
export function describeAnswer(
  status: number,
  text: string,
  contentType?: string,
  secrets: readonly string[] = [],
): string {
  switch (bodyKind(contentType, text)) {
    case 'html': {
      const title = htmlTitle(text);
      return title
        ? messages.getMessage('answer.html', [String(status), redact(title, secrets)])
        : messages.getMessage('answer.htmlUntitled', [String(status)]);
    }
    case 'empty':
      return messages.getMessage('answer.empty', [String(status)]);
    default:
      return messages.getMessage('answer.text', [String(status), oneLine(redact(text, secrets), 200)]);
  }
}

/** Whether an HTTP status means the org failed (and may recover), rather than refused the request. */
export const isServerFailure = (status: number): boolean => status >= 500 || status === 429;
