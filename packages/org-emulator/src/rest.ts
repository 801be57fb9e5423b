/*
 * The REST resources @salesforce/core and the plugin ask of an org: API versions, the resources of a
 * version, /services/oauth2/userinfo, sobject rows (User, Organization) and the SOQL query resource, in batches with
 * the locator of the next (queryCursor.ts).
 */
import {
  type EmulatorContext,
  type EmulatorRequest,
  type Reply,
  bearerToken,
  json,
  requireRestSession,
  restError,
  validSession,
} from './http.js';
import { queryColumns, runQuery } from './soql.js';
import { firstPage, nextPage, requestedBatchSize } from './queryCursor.js';
import { SoqlError } from './soqlParser.js';
import { objectByName } from './soqlObjects.js';

const MIN_API_VERSION = 31;

const releaseLabel = (version: number): string => {
  const index = version - 20;
  return `${['Winter', 'Spring', 'Summer'][index % 3]} '${11 + Math.floor(index / 3)}`;
};

export function versions(_req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const list = [];
  for (let v = MIN_API_VERSION; v <= ctx.state.apiVersion; v++)
    list.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  return json(200, list);
}

/** The version segment of a /services/data/vNN.0/… path, refused when the org does not have it. */
export function apiVersionOf(req: EmulatorRequest, ctx: EmulatorContext): string {
  return req.params[0] ?? `v${ctx.state.apiVersion}.0`;
}

export function checkVersion(req: EmulatorRequest, ctx: EmulatorContext): Reply | undefined {
  const version = Number(apiVersionOf(req, ctx).replace(/^v/, ''));
  return version > ctx.state.apiVersion || version < MIN_API_VERSION
    ? restError(404, 'NOT_FOUND', 'The requested resource does not exist')
    : undefined;
}

export function resources(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  requireRestSession(req, ctx);
  const version = apiVersionOf(req, ctx);
  const base = `/services/data/${version}`;
  return (
    checkVersion(req, ctx) ??
    json(200, {
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      composite: `${base}/composite`,
      metadata: `${base}/metadata`,
      apps: `${base}/apps`,
      limits: `${base}/limits`,
      tooling: `${base}/tooling`,
    })
  );
}

/** The OpenID Connect userinfo of the session's user; an invalid token gets 403 Bad_OAuth_Token as from an org. */
export function userinfo(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = validSession(ctx, bearerToken(req));
  if (!session) return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_OAuth_Token' };
  const user = ctx.state.users.find((u) => u.id === session.userId)!;
  return json(200, {
    sub: `${ctx.baseUrl}/id/${ctx.state.orgId}/${user.id}`,
    user_id: user.id,
    organization_id: ctx.state.orgId,
    preferred_username: user.username,
    nickname: user.firstName.toLowerCase(),
    name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    email_verified: true,
    given_name: user.firstName,
    family_name: user.lastName,
    zoneinfo: 'Europe/London',
    active: user.isActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_GB',
    utcOffset: 0,
    updated_at: new Date(0).toISOString(),
    is_app_installed: true,
    urls: { rest: `${ctx.baseUrl}/services/data/v{version}/`, query: `${ctx.baseUrl}/services/data/v{version}/query/` },
  });
}

/** GET /services/data/vNN.0/sobjects/{Object}/{id}: every field of one row. */
export function sobjectRow(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  requireRestSession(req, ctx);
  const versionProblem = checkVersion(req, ctx);
  if (versionProblem) return versionProblem;
  const object = objectByName(req.params[1]);
  if (!object) return restError(404, 'NOT_FOUND', `The requested resource does not exist`);
  const id = req.params[2];
  const row = object.rows(ctx.state).find((r) => typeof r.Id === 'string' && r.Id.slice(0, 15) === id.slice(0, 15));
  if (!row) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return json(200, {
    attributes: {
      type: object.name,
      url: `/services/data/${apiVersionOf(req, ctx)}/sobjects/${object.name}/${String(row.Id)}`,
    },
    ...row,
  });
}

export function query(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = requireRestSession(req, ctx);
  const versionProblem = checkVersion(req, ctx);
  if (versionProblem) return versionProblem;
  if (req.query.get('columns') === 'true') return answerColumns(req.query.get('q'));
  return answerQuery(ctx, req.query.get('q'), apiVersionOf(req, ctx), {
    userId: session.userId,
    queryOptions: req.headers['sforce-query-options'],
  });
}

/** `GET …/query/<locator>` (or `…/queryAll/<locator>`): the next batch of a query answered in batches. */
export function queryMore(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = requireRestSession(req, ctx);
  const versionProblem = checkVersion(req, ctx);
  if (versionProblem) return versionProblem;
  const header = req.headers['sforce-query-options'];
  return nextPage(ctx.state, req.params[1], {
    version: apiVersionOf(req, ctx),
    userId: session.userId,
    ...(header === undefined ? {} : { batchSize: requestedBatchSize(header) }),
  });
}

/** `…/query?q=…&columns=true`: the column metadata of a query, which `sf data query` reads before the records. */
function answerColumns(soql: string | null): Reply {
  if (!soql) return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    return json(200, queryColumns(soql));
  } catch (error) {
    if (error instanceof SoqlError) return restError(400, error.errorCode, error.message);
    throw error;
  }
}

/**
 * The query resource's answer to one SOQL statement (also a Composite query subrequest's): all its rows, or the first
 * batch of them with the locator of the rest (queryCursor.ts).
 */
export function answerQuery(
  ctx: EmulatorContext,
  soql: string | null,
  version: string,
  options: { userId: string; queryOptions?: string | string[] },
): Reply {
  if (!soql) return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    const result = runQuery(ctx.state, soql, version);
    return json(
      200,
      firstPage(ctx.state, result, {
        version,
        userId: options.userId,
        batchSize: requestedBatchSize(options.queryOptions),
      }),
    );
  } catch (error) {
    if (error instanceof SoqlError) return restError(400, error.errorCode, error.message);
    throw error;
  }
}

/** GET /id/{orgId}/{userId}: the identity URL of a token's user. */
export function identity(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = validSession(ctx, bearerToken(req));
  if (!session) return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_OAuth_Token' };
  const [orgId, userId] = req.params;
  const user = ctx.state.users.find((u) => u.id.slice(0, 15) === userId.slice(0, 15));
  if (!user || user.id !== session.userId || orgId.slice(0, 15) !== ctx.state.orgId.slice(0, 15))
    return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Bad_Id' };
  return json(200, {
    id: `${ctx.baseUrl}/id/${ctx.state.orgId}/${user.id}`,
    asserted_user: true,
    user_id: user.id,
    organization_id: ctx.state.orgId,
    username: user.username,
    display_name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    active: user.isActive,
    user_type: 'STANDARD',
    urls: { rest: `${ctx.baseUrl}/services/data/v{version}/`, query: `${ctx.baseUrl}/services/data/v{version}/query/` },
  });
}
