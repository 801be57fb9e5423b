/*
 * The HTTP side of the emulator: a node:http server on 127.0.0.1 that logs every request, applies the
 * injected faults (latency, dropped connections, 5xx) and hands the request to its route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type EmulatorContext, type EmulatorRequest, type Reply, ReplyError, json, restError } from './http.js';
import { type FaultBody } from './faults.js';
import { findRoute } from './routes.js';

export type LoggedRequest = { method: string; path: string; query: string; at: Date };

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(ctx: EmulatorContext, request: Omit<EmulatorRequest, 'params'>): Promise<Reply> {
  const found = findRoute(request.method, request.path);
  if (!found) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  try {
    return await found.route.handler({ ...request, params: found.params }, ctx);
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    const message = error instanceof Error ? error.message : String(error);
    return restError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred in the emulator: ${message}`);
  }
}

/**
 * An org answers `//services/data` as `/services/data`: clients that join an instance URL ending in `/` with a
 * path (as `sf org login access-token` stores it) send doubled slashes. Collapse them in the path, not the query.
 */
export function collapseSlashes(requestTarget: string): string {
  const queryAt = requestTarget.indexOf('?');
  const path = queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt);
  return path.replace(/\/{2,}/g, '/') + (queryAt === -1 ? '' : requestTarget.slice(queryAt));
}

/**
 * The answer of an injected error. An org's front end answers outages with an HTML page (maintenance, 503 from the
 * load balancer); the API itself answers a failure as a REST error list with UNKNOWN_EXCEPTION.
 */
export function faultReply(status: number, body: FaultBody): Reply {
  if (body === 'json') {
    return json(status, [
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)',
      },
    ]);
  }
  if (body === 'html') {
    return {
      status,
      headers: { 'content-type': 'text/html;charset=UTF-8' },
      body:
        '<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body>' +
        '<h1>Service Unavailable</h1><p>The server is temporarily unable to service your request. ' +
        'Please try again later.</p></body></html>\n',
    };
  }
  return { status, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' };
}

export function createEmulatorServer(ctx: () => EmulatorContext, log: LoggedRequest[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async (): Promise<void> => {
      const url = new URL(collapseSlashes(req.url ?? '/'), 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      log.push({ method, path: url.pathname, query: url.search, at: new Date() });
      const body = await readBody(req);
      const context = ctx();
      context.faults.takeExpiry(url.pathname);
      const delayMs = context.faults.latencyMs + context.faults.takeDelay(url.pathname);
      if (delayMs > 0) await sleep(delayMs);
      if (context.faults.takeDrop(url.pathname)) {
        req.socket.resetAndDestroy();
        return;
      }
      const injected = context.faults.takeErrorFault(url.pathname);
      const reply: Reply =
        injected?.status !== undefined
          ? faultReply(injected.status, injected.body)
          : await answer(context, { method, path: url.pathname, query: url.searchParams, headers: req.headers, body });
      if (reply.drop || context.faults.takeReplyDrop(url.pathname)) {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
}
