/*
 * The HTTP side of the emulator: a node:http server on 127.0.0.1 that logs every request, applies the
 * injected faults (latency, dropped connections, 5xx) and hands the request to its route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type EmulatorContext, type EmulatorRequest, type Reply, ReplyError, restError } from './http.js';
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

export function createEmulatorServer(ctx: () => EmulatorContext, log: LoggedRequest[]): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async (): Promise<void> => {
      const url = new URL(collapseSlashes(req.url ?? '/'), 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      log.push({ method, path: url.pathname, query: url.search, at: new Date() });
      const body = await readBody(req);
      const context = ctx();
      if (context.faults.latencyMs > 0) await sleep(context.faults.latencyMs);
      const delayMs = context.faults.takeDelay(url.pathname);
      if (delayMs > 0) await sleep(delayMs);
      if (context.faults.takeDrop(url.pathname)) {
        req.socket.resetAndDestroy();
        return;
      }
      const injected = context.faults.takeError(url.pathname);
      const reply: Reply =
        injected !== undefined
          ? { status: injected, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' }
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
