/*
 * The loopback end of the web server flow (RFC 8252 §7.3): a node:http server on the host, port and path of the
 * app's registered loopback callback (e.g. http://localhost:1717/OauthRedirect). It accepts exactly one callback,
 * checks `state`, shows the person a success or error page, and closes: after the callback, on timeout, on abort
 * (Ctrl-C) or when the caller closes it. It binds loopback addresses only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type SfError } from '@salesforce/core';
import { Messages } from '../messages.js';
import { errorPage, successPage } from './callbackPages.js';
import { isLoopbackHost } from './loginHost.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export type CallbackResult = { code: string };

export type CallbackServer = {
  /** The redirect URI to send in the authorize URL (with the real port when the given one was 0). */
  redirectUri: string;
  /** Settles once: the code, or an error (denied, state mismatch, timeout, aborted, closed). */
  result: Promise<CallbackResult>;
  /** Stop listening; a pending result rejects. Safe to call more than once. */
  close(): Promise<void>;
};

export type CallbackServerOptions = {
  /** A registered loopback callback: http, host localhost / 127.0.0.1 / [::1], a port (0 picks a free one). */
  redirectUri: string;
  state: string;
  timeoutMs: number;
  signal?: AbortSignal;
};

type Target = { url: URL; hosts: string[]; port: number };

/** Check a callback URL can be served here, and on which addresses. */
export function loopbackTarget(redirectUri: string): Target {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw messages.createError('error.CallbackNotLoopback', [redirectUri]);
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
    throw messages.createError('error.CallbackNotLoopback', [redirectUri]);
  }
  const host = url.hostname.toLowerCase();
  // A browser may resolve localhost to either family, so serve both loopback addresses for it.
  const hosts = host === 'localhost' ? ['127.0.0.1', '::1'] : [host === '[::1]' ? '::1' : host];
  return { url, hosts, port: url.port ? Number(url.port) : 80 };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const target = loopbackTarget(options.redirectUri);
  let used = false;
  let settled = false;
  let resolveResult!: (value: CallbackResult) => void;
  let rejectResult!: (error: SfError) => void;
  const result = new Promise<CallbackResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may attach its handler later; never let a rejection go unhandled in between.
  result.catch(() => undefined);

  const servers: Server[] = [];
  let closing: Promise<void> | undefined;
  const closeAll = (): Promise<void> => (closing ??= Promise.all(servers.map(closeServer)).then(() => undefined));

  let timer: NodeJS.Timeout | undefined;
  const settle = (outcome: CallbackResult | SfError): void => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    void closeAll();
    if (outcome instanceof Error) rejectResult(outcome);
    else resolveResult(outcome);
  };
  const onAbort = (): void => settle(messages.createError('error.CallbackAborted'));

  const send = (res: ServerResponse, status: number, html: string, then?: () => void): void => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    });
    res.end(html, then);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method !== 'GET' || url.pathname !== target.url.pathname) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end(messages.getMessage('page.notFound'));
      return;
    }
    if (used) {
      send(res, 409, errorPage('alreadyUsed'));
      return;
    }
    used = true;
    const params = url.searchParams;
    if (params.get('state') !== options.state) {
      send(res, 400, errorPage('state'), () => settle(messages.createError('error.CallbackStateMismatch')));
      return;
    }
    const error = params.get('error');
    if (error) {
      const description = params.get('error_description') ?? '';
      const detail = description ? `${error}: ${description}` : error;
      send(res, 400, errorPage('denied', detail), () =>
        settle(messages.createError('error.AuthorizationDenied', [detail])),
      );
      return;
    }
    const code = params.get('code');
    if (!code) {
      send(res, 400, errorPage('missingCode'), () => settle(messages.createError('error.CallbackWithoutCode')));
      return;
    }
    send(res, 200, successPage(), () => settle({ code }));
  };

  let port = target.port;
  try {
    for (const [index, host] of target.hosts.entries()) {
      const server = createServer(handle);
      try {
        port = await listen(server, host, port);
        servers.push(server);
      } catch (error) {
        const code = (error as { code?: string }).code;
        // The second address of localhost is optional (a machine without IPv6).
        if (index > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        throw error;
      }
    }
  } catch (error) {
    await closeAll();
    const code = (error as { code?: string }).code ?? String(error);
    throw messages.createError('error.CallbackListen', [options.redirectUri, code]);
  }

  if (!settled) {
    timer = setTimeout(
      () => settle(messages.createError('error.CallbackTimeout', [String(Math.round(options.timeoutMs / 1000))])),
      options.timeoutMs,
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  }

  const redirect = new URL(target.url.href);
  redirect.port = String(port);
  return {
    redirectUri: target.url.port === '0' ? redirect.href : options.redirectUri,
    result,
    close: async (): Promise<void> => {
      settle(messages.createError('error.CallbackAborted'));
      await closeAll();
    },
  };
}
