import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { expect } from 'chai';
import { loopbackTarget, startCallbackServer, type CallbackServer } from '../../../src/oauth/loopbackCallback.js';
import {
  authorizationCodeForm,
  buildAuthorizeUrl,
  pickLoopbackCallback,
  runWebServerFlow,
} from '../../../src/oauth/webServer.js';
import { expectRejection } from '../../helpers/expectError.js';
import { browserGet, freePort, json, startStub } from '../../helpers/stubServer.js';

const STATE = 'state-abc';

async function serve(
  options: { timeoutMs?: number; signal?: AbortSignal; path?: string; host?: string } = {},
): Promise<CallbackServer> {
  return startCallbackServer({
    redirectUri: `http://${options.host ?? '127.0.0.1'}:0${options.path ?? '/OauthRedirect'}`,
    state: STATE,
    timeoutMs: options.timeoutMs ?? 5000,
    signal: options.signal,
  });
}

/** Whether anything still accepts connections on the URL's port. */
async function listening(url: string): Promise<boolean> {
  return browserGet(url).then(
    () => true,
    () => false,
  );
}

describe('web server flow', () => {
  describe('the loopback callback server', () => {
    it('accepts the callback with the right state: success page, code returned, server closed', async () => {
      const server = await serve();
      expect(server.redirectUri).to.match(/^http:\/\/127\.0\.0\.1:\d+\/OauthRedirect$/);
      const page = await browserGet(`${server.redirectUri}?code=aPrxCODE123&state=${STATE}`);
      expect(page.status).to.equal(200);
      expect(page.contentType).to.contain('text/html');
      expect(page.body).to.contain('data-result="ok"').and.contain('close this window');
      expect(page.body).to.not.contain('aPrxCODE123');
      expect(page.body).to.not.contain(STATE);
      expect(await server.result).to.deep.equal({ code: 'aPrxCODE123' });
      await server.close();
      expect(await listening(server.redirectUri)).to.equal(false);
    });

    it('refuses a wrong state with an error page and fails the flow', async () => {
      const server = await serve();
      const page = await browserGet(`${server.redirectUri}?code=c&state=forged`);
      expect(page.status).to.equal(400);
      expect(page.body).to.contain('data-result="fail"').and.contain('does not belong');
      const error = await expectRejection(server.result);
      expect(error.name).to.equal('CallbackStateMismatchError');
    });

    it('refuses a callback without state', async () => {
      const server = await serve();
      await browserGet(`${server.redirectUri}?code=c`);
      expect((await expectRejection(server.result)).name).to.equal('CallbackStateMismatchError');
    });

    it('shows access_denied on an error page (escaped) and fails the flow', async () => {
      const server = await serve();
      const page = await browserGet(
        `${server.redirectUri}?error=access_denied&error_description=${encodeURIComponent('end-user denied <script>x</script>')}&state=${STATE}`,
      );
      expect(page.status).to.equal(400);
      expect(page.body).to.contain('data-result="fail"').and.contain('access_denied: end-user denied &#60;script&#62;');
      expect(page.body).to.not.contain('<script>');
      const error = await expectRejection(server.result);
      expect(error.name).to.equal('AuthorizationDeniedError');
      expect(error.message).to.contain('access_denied');
    });

    it('a callback with neither code nor error fails', async () => {
      const server = await serve();
      const page = await browserGet(`${server.redirectUri}?state=${STATE}`);
      expect(page.status).to.equal(400);
      expect((await expectRejection(server.result)).name).to.equal('CallbackWithoutCodeError');
    });

    it('answers 404 on other paths and keeps waiting for the callback', async () => {
      const server = await serve();
      const other = await browserGet(new URL('/favicon.ico', server.redirectUri).href);
      expect(other.status).to.equal(404);
      await browserGet(`${server.redirectUri}?code=c2&state=${STATE}`);
      expect(await server.result).to.deep.equal({ code: 'c2' });
    });

    it('accepts exactly one callback', async () => {
      const server = await serve({ path: '/cb' });
      const first = await browserGet(`${server.redirectUri}?code=one&state=${STATE}`);
      expect(first.status).to.equal(200);
      // A second callback finds the server closed (or, if it slips in first, an error page): never a second code.
      const second = await browserGet(`${server.redirectUri}?code=two&state=${STATE}`).catch(() => ({ status: 0 }));
      expect([409, 0]).to.include(second.status);
      expect(await server.result).to.deep.equal({ code: 'one' });
    });

    it('times out and closes', async () => {
      const server = await serve({ timeoutMs: 50 });
      const error = await expectRejection(server.result);
      expect(error.name).to.equal('CallbackTimeoutError');
      await server.close();
      expect(await listening(server.redirectUri)).to.equal(false);
    });

    it('stops on abort (Ctrl-C) and closes', async () => {
      const controller = new AbortController();
      const server = await serve({ signal: controller.signal });
      controller.abort();
      const error = await expectRejection(server.result);
      expect(error.name).to.equal('CallbackAbortedError');
      await server.close();
      expect(await listening(server.redirectUri)).to.equal(false);
    });

    it('serves localhost on the registered port', async () => {
      const port = await freePort();
      const server = await startCallbackServer({
        redirectUri: `http://localhost:${port}/OauthRedirect`,
        state: STATE,
        timeoutMs: 5000,
      });
      expect(server.redirectUri).to.equal(`http://localhost:${port}/OauthRedirect`);
      await browserGet(`http://127.0.0.1:${port}/OauthRedirect?code=L&state=${STATE}`);
      expect(await server.result).to.deep.equal({ code: 'L' });
    });

    it('reports a port in use', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      try {
        const error = await expectRejection(
          startCallbackServer({ redirectUri: `http://127.0.0.1:${port}/cb`, state: STATE, timeoutMs: 1000 }),
        );
        expect(error.name).to.equal('CallbackListenError');
        expect(error.message).to.contain('EADDRINUSE');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });

    const notLoopback = [
      'https://localhost:1717/cb',
      'http://example.com:1717/cb',
      'http://10.1.2.3:1717/cb',
      'not a url',
    ];
    for (const uri of notLoopback) {
      it(`refuses to listen for ${uri}`, () => {
        expect(() => loopbackTarget(uri)).to.throw(/not a loopback callback/);
      });
    }

    it('knows which addresses to bind', () => {
      expect(loopbackTarget('http://localhost:1717/OauthRedirect'))
        .to.include({ port: 1717 })
        .and.have.deep.property('hosts', ['127.0.0.1', '::1']);
      expect(loopbackTarget('http://[::1]:1717/x').hosts).to.deep.equal(['::1']);
      expect(loopbackTarget('http://127.0.0.1/x').port).to.equal(80);
    });
  });

  describe('authorize URL, code exchange, callback choice', () => {
    it('builds the authorize URL with PKCE S256 and state', () => {
      const url = new URL(
        buildAuthorizeUrl({
          base: 'https://acme.my.salesforce.com',
          clientId: 'KEY',
          redirectUri: 'http://localhost:1717/OauthRedirect',
          codeChallenge: 'CH',
          state: 'ST',
          scopes: ['api', 'refresh_token'],
        }),
      );
      expect(url.origin + url.pathname).to.equal('https://acme.my.salesforce.com/services/oauth2/authorize');
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        response_type: 'code',
        client_id: 'KEY',
        redirect_uri: 'http://localhost:1717/OauthRedirect',
        code_challenge: 'CH',
        code_challenge_method: 'S256',
        state: 'ST',
        scope: 'api refresh_token',
      });
      const noScope = new URL(
        buildAuthorizeUrl({ base: 'https://a', clientId: 'K', redirectUri: 'r', codeChallenge: 'c', state: 's' }),
      );
      expect(noScope.searchParams.has('scope')).to.equal(false);
    });

    it('the code exchange form sends the secret only when there is one', () => {
      const form = authorizationCodeForm({ code: 'C', clientId: 'K', redirectUri: 'R', codeVerifier: 'V' });
      expect(form).to.deep.equal({
        grant_type: 'authorization_code',
        code: 'C',
        client_id: 'K',
        redirect_uri: 'R',
        code_verifier: 'V',
        client_secret: undefined,
      });
      expect(
        authorizationCodeForm({ code: 'C', clientId: 'K', redirectUri: 'R', codeVerifier: 'V', clientSecret: 'S' })
          .client_secret,
      ).to.equal('S');
    });

    const callbacks: Array<[string[], string | undefined]> = [
      [['https://app.example.com/cb', 'http://localhost:1717/OauthRedirect'], 'http://localhost:1717/OauthRedirect'],
      [['http://127.0.0.1:8080/cb'], 'http://127.0.0.1:8080/cb'],
      [['https://app.example.com/cb', 'https://localhost:1717/cb'], undefined],
      [['not a url', 'http://example.com/cb'], undefined],
      [[], undefined],
    ];
    for (const [list, expected] of callbacks) {
      it(`picks ${expected ?? 'no callback'} from ${JSON.stringify(list)}`, () => {
        expect(pickLoopbackCallback(list)).to.equal(expected);
      });
    }
  });

  it('runs the whole flow: browser to the callback, code exchanged with the matching verifier', async () => {
    let challenge = '';
    const org = await startStub((req, res) => {
      const form = new URLSearchParams(req.body);
      const verifierOk =
        createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url') === challenge;
      if (form.get('grant_type') === 'authorization_code' && form.get('code') === 'THECODE' && verifierOk) {
        json(res, 200, {
          access_token: '00D000000000001!AQ',
          instance_url: 'https://acme.my.salesforce.com',
          scope: 'api',
        });
      } else {
        json(res, 400, { error: 'invalid_grant', error_description: 'invalid code verifier' });
      }
    });
    try {
      const shown: string[] = [];
      const token = await runWebServerFlow({
        base: org.url,
        clientId: 'KEY',
        clientSecret: 'SECRET',
        redirectUri: 'http://127.0.0.1:0/OauthRedirect',
        timeoutMs: 5000,
        onAuthorizeUrl: (url) => shown.push(url),
        // The "browser": follow the authorize URL as Salesforce would after the person clicks Allow.
        openBrowser: async (authorizeUrl) => {
          const params = new URL(authorizeUrl).searchParams;
          challenge = params.get('code_challenge') ?? '';
          const callback = new URL(params.get('redirect_uri') ?? '');
          callback.searchParams.set('code', 'THECODE');
          callback.searchParams.set('state', params.get('state') ?? '');
          const page = await browserGet(callback.href);
          expect(page.status).to.equal(200);
        },
      });
      expect(token.access_token).to.equal('00D000000000001!AQ');
      expect(shown).to.have.length(1);
      const exchange = new URLSearchParams(org.requests[0].body);
      expect(exchange.get('client_secret')).to.equal('SECRET');
      expect(exchange.get('redirect_uri')).to.equal(new URL(shown[0]).searchParams.get('redirect_uri'));
    } finally {
      await org.close();
    }
  });

  it('keeps waiting when the browser cannot be opened, and reports it', async () => {
    const errors: unknown[] = [];
    const error = await expectRejection(
      runWebServerFlow({
        base: 'https://acme.my.salesforce.com',
        clientId: 'KEY',
        redirectUri: 'http://127.0.0.1:0/OauthRedirect',
        timeoutMs: 50,
        openBrowser: () => Promise.reject(new Error('no display')),
        onBrowserError: (e) => errors.push(e),
      }),
    );
    expect(errors).to.have.length(1);
    expect(error.name).to.equal('CallbackTimeoutError');
  });

  it('says when the browser opened, and only then', async () => {
    for (const [open, expected] of [
      [() => Promise.resolve(), ['opened']],
      [() => Promise.reject(new Error('no display')), ['failed: no display']],
    ] as const) {
      const said: string[] = [];
      await expectRejection(
        runWebServerFlow({
          base: 'https://acme.my.salesforce.com',
          clientId: 'KEY',
          redirectUri: 'http://127.0.0.1:0/OauthRedirect',
          timeoutMs: 50,
          openBrowser: open,
          onBrowserOpened: () => said.push('opened'),
          onBrowserError: (e) => said.push(`failed: ${(e as Error).message}`),
        }),
      );
      expect(said).to.deep.equal(expected);
    }
  });
});
