/*
 * The emulator's routing table: which handler answers which method and path.
 */
import { type Handler, type EmulatorContext, type EmulatorRequest, json } from './http.js';
import { getDeployRequest, patchDeployRequest, postDeployRequest } from './restDeploy.js';
import { identity, query, queryMore, resources, sobjectRow, userinfo, versions } from './rest.js';
import { authorizeGet, authorizePost } from './authorizePage.js';
import { composite } from './composite.js';
import { getConsumer, listConsumers } from './credentials.js';
import { deleteStaged, getStaged, patchStaged, postStaged } from './stagedCredentials.js';
import { introspectEndpoint, revokeEndpoint } from './introspect.js';
import { tokenEndpoint } from './oauthToken.js';
import { handleSoap } from './soapDeploy.js';
import { findUser, openSession, ADMIN_USERNAME } from './state.js';
import { oauthUsage } from './orgAudit.js';

export type Route = { method: string; pattern: RegExp; handler: Handler };

const V = '(v\\d+\\.\\d)';

/** Test-only: opens a session for a username (default the admin), as `sf org login` would end up with. */
function openTestSession(req: EmulatorRequest, ctx: EmulatorContext) {
  const requested = new URLSearchParams(req.body.toString('utf8')).get('username') ?? ADMIN_USERNAME;
  const user = findUser(ctx.state, requested);
  if (!user?.isActive) return json(400, { error: 'unknown_user', error_description: `no active user ${requested}` });
  const session = openSession(ctx.state, user.id);
  return json(200, { access_token: session.token, instance_url: ctx.baseUrl, username: user.username });
}

/**
 * The emulator's own control plane, for a person running it by hand: an app's consumer key and secret, as Setup
 * shows them (External Client App Manager, the app, OAuth Settings, Consumer Key and Secret), without restarting the
 * emulator with its credentials REST API open. Not an org API: nothing of the plugin calls it.
 */
function appCredentials(req: EmulatorRequest, ctx: EmulatorContext) {
  const [apiName] = req.params;
  const app = ctx.state.apps.find((a) => a.developerName.toLowerCase() === decodeURIComponent(apiName).toLowerCase());
  if (!app) return json(404, { error: 'not_found', error_description: `no External Client App ${apiName}` });
  return json(200, { apiName: app.developerName, consumerKey: app.consumerKey, consumerSecret: app.consumerSecret });
}

export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/services\/data\/?$/, handler: versions },
  { method: 'GET', pattern: new RegExp(`^/services/data/${V}/?$`), handler: resources },
  { method: 'GET', pattern: new RegExp(`^/services/data/${V}/sobjects/(\\w+)/(\\w+)/?$`), handler: sobjectRow },
  { method: 'GET', pattern: new RegExp(`^/services/data/${V}/query(?:All)?/?$`), handler: query },
  { method: 'POST', pattern: new RegExp(`^/services/data/${V}/composite/?$`), handler: composite },
  { method: 'POST', pattern: new RegExp(`^/services/data/${V}/metadata/deployRequest/?$`), handler: postDeployRequest },
  {
    method: 'GET',
    pattern: new RegExp(`^/services/data/${V}/metadata/deployRequest/(\\w+)/?$`),
    handler: getDeployRequest,
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/services/data/${V}/metadata/deployRequest/(\\w+)/?$`),
    handler: patchDeployRequest,
  },
  { method: 'POST', pattern: /^\/services\/Soap\/m\/(\d+\.\d)\/?$/, handler: handleSoap },
  { method: 'GET', pattern: /^\/services\/oauth2\/userinfo\/?$/, handler: userinfo },
  { method: 'POST', pattern: /^\/services\/oauth2\/token\/?$/, handler: tokenEndpoint },
  { method: 'GET', pattern: /^\/services\/oauth2\/authorize\/?$/, handler: authorizeGet },
  { method: 'POST', pattern: /^\/services\/oauth2\/authorize\/?$/, handler: authorizePost },
  { method: 'POST', pattern: /^\/services\/oauth2\/introspect\/?$/, handler: introspectEndpoint },
  { method: 'POST', pattern: /^\/services\/oauth2\/revoke\/?$/, handler: revokeEndpoint },
  { method: 'GET', pattern: /^\/services\/oauth2\/revoke\/?$/, handler: revokeEndpoint },
  { method: 'GET', pattern: /^\/id\/(\w+)\/(\w+)\/?$/, handler: identity },
  {
    method: 'GET',
    pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(\\w+)/?$`),
    handler: listConsumers,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(\\w+)/(\\w+)/?$`),
    handler: getConsumer,
  },
  // Staged credential rotation (stagedCredentials.ts)
  ...(['GET', 'POST'] as const).map((method) => ({
    method,
    pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(\\w+)/(\\w+)/staged/?$`),
    handler: method === 'GET' ? getStaged : postStaged,
  })),
  ...(['PATCH', 'DELETE'] as const).map((method) => ({
    method,
    pattern: new RegExp(`^/services/data/${V}/apps/oauth/credentials/(\\w+)/(\\w+)/staged/(\\w+)/?$`),
    handler: method === 'PATCH' ? patchStaged : deleteStaged,
  })),
  { method: 'POST', pattern: /^\/_emulator\/session\/?$/, handler: openTestSession },
  // Audit: the paged OAuth usage resource (orgAudit.ts).
  { method: 'GET', pattern: new RegExp(`^/services/data/${V}/apps/oauth/usage/?$`), handler: oauthUsage },
  { method: 'GET', pattern: /^\/_emulator\/apps\/([^/]+)\/credentials\/?$/, handler: appCredentials },
  // Query paging: the next batch of a query by its locator (queryCursor.ts); queryAll's locators read here too.
  { method: 'GET', pattern: new RegExp(`^/services/data/${V}/query(?:All)?/([^/]+)/?$`), handler: queryMore },
];

export function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return undefined;
}
