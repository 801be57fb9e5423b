/*
 * The emulator's request/reply model and the session checks shared by every handler.
 * Handlers take an EmulatorRequest and return a Reply (or throw a ReplyError to answer early).
 */
import { type IncomingHttpHeaders } from 'node:http';
import { type Faults } from './faults.js';
import { type OrgState, type Session } from './state.js';
import { type DeployStore } from './deployStore.js';

export type EmulatorRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Regular-expression groups of the matched route. */
  params: string[];
};

export type Reply = {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Reset the connection instead of answering (what an org does to some requests it cannot read). */
  drop?: boolean;
};

export type EmulatorOptions = {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** 15- or 18-character org id. */
  orgId?: string;
  /** The audience JWT bearer assertions must name (default https://login.salesforce.com). */
  jwtAudience?: string;
  /** Answer the token endpoint as login.salesforce.com would (client credentials refused). */
  actAsLoginHost?: boolean;
};

export type EmulatorContext = {
  state: OrgState;
  faults: Faults;
  deploys: DeployStore;
  options: EmulatorOptions;
  /** http://127.0.0.1:<port>: the instance URL and My Domain of the emulated org. */
  baseUrl: string;
};

export type Handler = (req: EmulatorRequest, ctx: EmulatorContext) => Reply | Promise<Reply>;

export class ReplyError extends Error {
  public constructor(public readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  body: JSON.stringify(body),
});

/** A REST API error body: `[{ message, errorCode }]`. */
export const restError = (status: number, errorCode: string, message: string): Reply =>
  json(status, [{ message, errorCode }]);

export const INVALID_SESSION_REPLY = restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** The session behind a token, if it is still valid. */
export function validSession(ctx: EmulatorContext, token: string | undefined): Session | undefined {
  if (!token) return undefined;
  const session = ctx.state.sessions.get(token);
  if (!session) return undefined;
  if (session.generation !== ctx.state.sessionGeneration) return undefined;
  if (session.expiresAt && session.expiresAt.getTime() <= Date.now()) return undefined;
  const user = ctx.state.users.find((u) => u.id === session.userId);
  return user?.isActive ? session : undefined;
}

export function bearerToken(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The REST session of a request, or a 401 INVALID_SESSION_ID answer. */
export function requireRestSession(req: EmulatorRequest, ctx: EmulatorContext): Session {
  const session = validSession(ctx, bearerToken(req));
  if (!session) throw new ReplyError(INVALID_SESSION_REPLY);
  // A token granted to an app works on the REST API only with the api (or full) scope.
  if (session.clientId !== undefined && !session.scopes.some((s) => s === 'Api' || s === 'Full')) {
    throw new ReplyError(restError(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API'));
  }
  return session;
}

/** Form-encoded or JSON body as key/value pairs. */
export function formBody(req: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}
