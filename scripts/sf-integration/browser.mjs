#!/usr/bin/env node
/*
 * The person at the browser, for the `sf` integration script's web server login steps. sf (and the plugin) open the
 * authorize URL through the `open` package, whose bundled xdg-open, with no desktop, runs `$BROWSER <url>`: the
 * script points BROWSER at this file. Like a browser, it returns at once (sf waits for the opener to exit before it
 * listens for the callback), and then, on its own: logs in on the emulator's authorize page as
 * $PLUGIN_ECA_BROWSER_USER and allows access (POST username + decision=allow), follows the redirect to the loopback
 * callback, and writes what happened as one JSON line to $PLUGIN_ECA_BROWSER_LOG.
 *
 *   BROWSER="node scripts/sf-integration/browser.mjs" sf org login web --client-id … --instance-url … --alias …
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [url, role] = process.argv.slice(2);
const log = process.env.PLUGIN_ECA_BROWSER_LOG;
/** How long the "browser" waits before it follows the redirect: sf starts answering the callback once the opener exited. */
const SETTLE_MS = 1500;

function record(entry) {
  if (log) appendFileSync(log, `${JSON.stringify({ url, ...entry })}\n`);
}

async function actAsPerson() {
  const authorize = new URL(url);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('username', process.env.PLUGIN_ECA_BROWSER_USER ?? '');
  form.set('decision', 'allow');
  const answer = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (!location) {
    record({ step: 'authorize', status: answer.status, body: (await answer.text()).slice(0, 300) });
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  // As a browser does: follow the redirect to the callback's page, and let go of the connection.
  const landed = await fetch(location, { headers: { connection: 'close' } });
  record({ step: 'callback', status: landed.status, callback: location.replace(/code=[^&]+/, 'code=…') });
  await landed.text();
}

if (!url) {
  process.stderr.write('usage: browser.mjs <url>\n');
  process.exit(2);
}
if (role === '--act') {
  actAsPerson().catch((error) => {
    record({ step: 'error', error: String(error) });
    process.exitCode = 1;
  });
} else {
  // The opener's part: start the "browser" on its own and return, as xdg-open does with a browser already running.
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), url, '--act'], {
    detached: true,
    stdio: 'ignore',
    env: process.env,
  });
  child.unref();
}
