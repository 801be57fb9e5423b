/*
 * The credentials REST API (ECA-FACTS.md §5), with the deploying user's session:
 *   GET /services/data/vNN.0/apps/oauth/credentials/{appId}    → { consumers: [{ id, key, name, url, stagedCredentialsUrl }], currentPageUrl, nextPageUrl }
 *   GET …/{appId}/{consumerId}?part=key|secret|keyandsecret                     → { id, key, name, secret, url, stagedCredentialsUrl }
 * The secret comes only when asked, with the org setting enableClientSecretInRestApiAccess on and the
 * user holding View Client Secret; every call needs External Client App Developer.
 */
import { type EmulatorContext, type EmulatorRequest, type Reply, json, requireRestSession, restError } from './http.js';
import { GLOBAL_OAUTH } from './metadataTypes.js';
import { userHasPermission } from './state.js';

const sameId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

/** The `part` parameter of a credentials request (key, secret or keyandsecret; key when left out), or the org's refusal. */
export function partOf(req: EmulatorRequest): string | Reply {
  const part = (req.query.get('part') ?? 'key').toLowerCase();
  return ['key', 'secret', 'keyandsecret'].includes(part)
    ? part
    : restError(400, 'INVALID_INPUT', `Invalid value for part: ${part}. Valid values are key, secret, keyandsecret.`);
}

function appOf(req: EmulatorRequest, ctx: EmulatorContext): { reply?: Reply; userId: string } {
  const session = requireRestSession(req, ctx);
  if (!userHasPermission(ctx.state, session.userId, 'ExternalClientAppDeveloper')) {
    return {
      userId: session.userId,
      reply: restError(
        403,
        'INSUFFICIENT_ACCESS',
        'You do not have the permission External Client App Developer required to view app credentials.',
      ),
    };
  }
  return { userId: session.userId };
}

export function listConsumers(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const { reply } = appOf(req, ctx);
  if (reply) return reply;
  const [version, appId] = req.params;
  const app = ctx.state.apps.find((a) => sameId(a.id, appId));
  if (!app) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const consumers = app.components[GLOBAL_OAUTH]
    ? [
        {
          id: app.consumerId,
          key: app.consumerKey,
          name: app.label,
          url: `/services/data/${version}/apps/oauth/credentials/${app.id}/${app.consumerId}`,
          stagedCredentialsUrl: `/services/data/${version}/apps/oauth/credentials/${app.id}/${app.consumerId}/staged`,
        },
      ]
    : [];
  // Paged as ECA-FACTS.md §9 describes: an app has one consumer, so there is never a next page.
  return json(200, {
    consumers,
    currentPageUrl: `/services/data/${version}/apps/oauth/credentials/${app.id}`,
    nextPageUrl: null,
  });
}

export function getConsumer(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const { reply, userId } = appOf(req, ctx);
  if (reply) return reply;
  const [version, appId, consumerId] = req.params;
  const app = ctx.state.apps.find((a) => sameId(a.id, appId));
  if (!app || !app.components[GLOBAL_OAUTH] || !sameId(app.consumerId, consumerId))
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const part = partOf(req);
  if (typeof part !== 'string') return part;
  const wantsSecret = part !== 'key';
  if (wantsSecret && !ctx.state.settings.enableClientSecretInRestApiAccess) {
    return restError(
      403,
      'FUNCTIONALITY_NOT_ENABLED',
      'Access to External Client App consumer secrets via REST API is not currently enabled for this org.',
    );
  }
  if (wantsSecret && !userHasPermission(ctx.state, userId, 'ViewClientSecret')) {
    return restError(
      403,
      'INSUFFICIENT_ACCESS',
      'You do not have the permission View Client Secret required to view the consumer secret.',
    );
  }
  const url = `/services/data/${version}/apps/oauth/credentials/${app.id}/${app.consumerId}`;
  return json(200, {
    id: app.consumerId,
    key: part === 'secret' ? undefined : app.consumerKey,
    name: app.label,
    secret: wantsSecret ? app.consumerSecret : undefined,
    url,
    stagedCredentialsUrl: `${url}/staged`,
  });
}
