/*
 * The pages the person sees in the browser at the end of the web server flow. The layout is here; every word
 * is in messages/oauth.md (page.*). Nothing secret is ever put on a page: not the code, not the state.
 * Values that came from the query string are HTML-escaped.
 */
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, heading: string, paragraphs: string[], tone: 'ok' | 'fail'): string {
  const colour = tone === 'ok' ? '#1b7f3b' : '#b3261e';
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}h1{color:${colour};font-size:1.5rem}</style>
</head>
<body>
<h1 data-result="${tone}">${escapeHtml(heading)}</h1>
${body}
</body>
</html>
`;
}

export function successPage(): string {
  return layout(
    messages.getMessage('page.success.title'),
    messages.getMessage('page.success.heading'),
    messages.getMessages('page.success.body'),
    'ok',
  );
}

/** An error page; `detail` is e.g. the `error` / `error_description` the authorization server sent. */
export function errorPage(reason: 'denied' | 'state' | 'missingCode' | 'alreadyUsed', detail?: string): string {
  const paragraphs = [messages.getMessage(`page.error.${reason}`)];
  if (detail) paragraphs.push(messages.getMessage('page.error.detail', [detail]));
  paragraphs.push(messages.getMessage('page.error.next'));
  return layout(messages.getMessage('page.error.title'), messages.getMessage('page.error.heading'), paragraphs, 'fail');
}
