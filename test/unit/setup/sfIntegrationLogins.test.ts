/*
 * The pieces of the `sf` integration script's printed-login steps that can be checked without the official CLI: the
 * person at the browser (scripts/sf-integration/browser.mjs), which must return at once as a browser launcher does
 * and then log in, allow and follow the redirect; and the check that names curl or jq when a machine lacks them.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { missingPrograms } from '@plugin-eca/dev-kit/sfSteps';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const BROWSER = join(REPO_ROOT, 'scripts', 'sf-integration', 'browser.mjs');

const bodyOf = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
  });

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('sf integration: the printed logins', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'eca-sf-logins-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the browser returns at once, then logs in, allows access and follows the redirect to the callback', async () => {
    let form: URLSearchParams | undefined;
    let called: string | undefined;
    let callbackAt = 0;
    const callback = createServer((request, response) => {
      called = request.url;
      callbackAt = Date.now();
      response.end('ok');
    });
    const callbackPort = await listen(callback);
    const authorize = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        form = new URLSearchParams(body);
        response.writeHead(302, { location: `http://127.0.0.1:${callbackPort}/OauthRedirect?code=abc123&state=s1` });
        response.end();
      });
    });
    const authorizePort = await listen(authorize);
    const log = join(dir, 'browser.log');
    try {
      const url = `http://127.0.0.1:${authorizePort}/services/oauth2/authorize?client_id=KEY&state=s1&response_type=code`;
      const exited = await new Promise<{ code: number | null; at: number }>((resolve) => {
        const child = spawn(process.execPath, [BROWSER, url], {
          env: { PATH: process.env.PATH, PLUGIN_ECA_BROWSER_USER: 'standard@example.com', PLUGIN_ECA_BROWSER_LOG: log },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve({ code, at: Date.now() }));
      });
      expect(exited.code).to.equal(0);
      // Returned before it followed the redirect: sf only listens for the callback once its opener exited.
      expect(called).to.equal(undefined);
      const deadline = Date.now() + 8000;
      while (!called && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(called).to.equal('/OauthRedirect?code=abc123&state=s1');
      expect(callbackAt).to.be.greaterThan(exited.at);
      expect(Object.fromEntries(form ?? [])).to.deep.equal({
        client_id: 'KEY',
        state: 's1',
        response_type: 'code',
        username: 'standard@example.com',
        decision: 'allow',
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const entry = JSON.parse(readFileSync(log, 'utf8').trim()) as { step: string; status: number; callback: string };
      expect(entry).to.include({ step: 'callback', status: 200 });
      expect(entry.callback).not.to.include('abc123');
    } finally {
      authorize.close();
      callback.close();
    }
  });

  it('names curl or jq when the machine lacks them, with the command that installs them', () => {
    const fake = (name: string): void => {
      writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, name), 0o755);
    };
    fake('bash');
    fake('curl');
    expect(missingPrograms(dir)).to.equal(
      'the printed workaround needs jq, which this machine lacks: install it (sudo apt-get install jq) and run npm run test:sf again',
    );
    rmSync(join(dir, 'curl'));
    expect(missingPrograms(dir)).to.include('needs curl and jq').and.include('sudo apt-get install curl jq');
    fake('curl');
    fake('jq');
    expect(missingPrograms(dir)).to.equal(undefined);
  });
});
