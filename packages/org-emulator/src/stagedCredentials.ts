/*
 * Staged credential rotation, the Connect REST resources under a consumer (ECA-FACTS.md §9, v64+; the staged
 * credential's fields as the Connect REST reference "App Oauth Staged Credentials" lists them):
 *   GET    …/credentials/{appId}/{consumerId}/staged[?part=…]   → { stagedCredentials: [...], url }
 *   POST   …/staged  with `{}`                                  → stages a new key and secret (one per consumer)
 *   PATCH  …/staged/{id}  {"command":"rotate"}                  → the staged credential becomes the current one; the
 *                                                                  previous one stays, in state Rotated, for the grace
 *   DELETE …/staged/{id}                                        → drops a staged one, or revokes a rotated one at once
 * Local apps only (a packaged app is refused). Every call needs External Client App Developer; an answer that holds
 * a secret also needs the org setting enableClientSecretInRestApiAccess and View Client Secret, as the consumer
 * resource does (§5). A POST without a body is not answered: the connection is reset, as sfdx-hardis reports.
 */
import { type EmulatorContext, type EmulatorRequest, type Reply, json, requireRestSession, restError } from './http.js';
import { partOf } from './credentials.js';
import { newConsumerKey, newConsumerSecret } from './ids.js';
import { GLOBAL_OAUTH } from './metadataTypes.js';
import { type ExternalClientApp, type StagedCredential, userHasPermission } from './state.js';

const sameId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);
/** Staged credentials that are never rotated expire after 30 days (the Connect REST reference). */
const STAGED_LIFETIME_MS = 30 * 24 * 3_600_000;
const NOT_FOUND = (): Reply => restError(404, 'NOT_FOUND', 'The requested resource does not exist');

/** The app's staged credential as of now: an Active or Rotated one past its expiry date turns Expired. */
export function currentStaged(app: ExternalClientApp, now = Date.now()): StagedCredential | undefined {
  const staged = app.staged;
  if (staged && staged.state !== 'Expired' && staged.expiresAt.getTime() <= now) staged.state = 'Expired';
  return staged;
}

/**
 * The app and staged credential a token request's consumer key names, when the org honours it: an Active staged
 * credential once it has propagated, a Rotated one until its grace period ends.
 */
export function honouredStagedCredential(
  ctx: EmulatorContext,
  clientId: string,
): { app: ExternalClientApp; credential: StagedCredential } | undefined {
  const now = Date.now();
  for (const app of ctx.state.apps) {
    const credential = currentStaged(app, now);
    if (!credential || credential.key !== clientId) continue;
    if (credential.state === 'Rotated' || (credential.state === 'Active' && now >= credential.liveAt.getTime()))
      return { app, credential };
    return undefined;
  }
  return undefined;
}

type Target = { app: ExternalClientApp; userId: string; url: string };

function targetOf(req: EmulatorRequest, ctx: EmulatorContext): Target | Reply {
  const session = requireRestSession(req, ctx);
  if (!userHasPermission(ctx.state, session.userId, 'ExternalClientAppDeveloper'))
    return restError(
      403,
      'INSUFFICIENT_ACCESS',
      'You do not have the permission External Client App Developer required to view app credentials.',
    );
  const [version, appId, consumerId] = req.params;
  const app = ctx.state.apps.find((a) => sameId(a.id, appId));
  if (!app || !app.components[GLOBAL_OAUTH] || !sameId(app.consumerId, consumerId)) return NOT_FOUND();
  if (app.namespacePrefix)
    return restError(
      400,
      'INVALID_OPERATION',
      'Staged credentials are supported only for local external client apps. This app is part of a package.',
    );
  const url = `/services/data/${version}/apps/oauth/credentials/${app.id}/${app.consumerId}/staged`;
  return { app, userId: session.userId, url };
}

function secretRefusal(ctx: EmulatorContext, userId: string): Reply | undefined {
  if (!ctx.state.settings.enableClientSecretInRestApiAccess)
    return restError(
      403,
      'FUNCTIONALITY_NOT_ENABLED',
      'Access to External Client App consumer secrets via REST API is not currently enabled for this org.',
    );
  if (!userHasPermission(ctx.state, userId, 'ViewClientSecret'))
    return restError(
      403,
      'INSUFFICIENT_ACCESS',
      'You do not have the permission View Client Secret required to view the consumer secret.',
    );
  return undefined;
}

function view(ctx: EmulatorContext, target: Target, staged: StagedCredential, withSecret: boolean): object {
  const creator = ctx.state.users.find((u) => u.id === staged.createdById);
  return {
    createdBy: creator?.username ?? staged.createdById,
    createdDate: staged.createdAt.toISOString(),
    expirationDate: staged.expiresAt.toISOString(),
    id: staged.id,
    key: staged.key,
    ...(withSecret ? { secret: staged.secret } : {}),
    state: staged.state,
    url: `${target.url}/${staged.id}`,
  };
}

const isReply = (value: Target | Reply): value is Reply => 'status' in value;

export function getStaged(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const target = targetOf(req, ctx);
  if (isReply(target)) return target;
  const part = partOf(req);
  if (typeof part !== 'string') return part;
  const withSecret = part !== 'key';
  const refused = withSecret ? secretRefusal(ctx, target.userId) : undefined;
  if (refused) return refused;
  const staged = currentStaged(target.app);
  return json(200, {
    stagedCredentials: staged ? [view(ctx, target, staged, withSecret)] : [],
    url: target.url,
  });
}

export function postStaged(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  if (req.body.length === 0) return { status: 0, drop: true };
  const target = targetOf(req, ctx);
  if (isReply(target)) return target;
  const refused = secretRefusal(ctx, target.userId);
  if (refused) return refused;
  const existing = currentStaged(target.app);
  if (existing && existing.state !== 'Expired')
    return restError(
      400,
      'INVALID_OPERATION',
      'This consumer already has staged credentials. Rotate or delete them before you stage new ones.',
    );
  const now = new Date();
  const staged: StagedCredential = {
    id: ctx.state.ids.next('0Hz'),
    key: newConsumerKey(),
    secret: newConsumerSecret(),
    state: 'Active',
    createdById: target.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + STAGED_LIFETIME_MS),
    liveAt: new Date(now.getTime() + ctx.faults.stagedPropagationDelayMs),
  };
  target.app.staged = staged;
  return json(201, { stagedCredentials: [view(ctx, target, staged, true)], url: target.url });
}

function stagedOf(req: EmulatorRequest, ctx: EmulatorContext): { target: Target; staged: StagedCredential } | Reply {
  const target = targetOf(req, ctx);
  if (isReply(target)) return target;
  const staged = currentStaged(target.app);
  if (!staged || !sameId(staged.id, req.params[3] ?? '')) return NOT_FOUND();
  return { target, staged };
}

export function patchStaged(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const found = stagedOf(req, ctx);
  if ('status' in found) return found;
  const { target, staged } = found;
  let command: unknown;
  try {
    command = (JSON.parse(req.body.toString('utf8') || '{}') as { command?: unknown }).command;
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON.');
  }
  if (command !== 'rotate')
    return restError(400, 'INVALID_INPUT', `Invalid value for command: ${String(command)}. Valid values are rotate.`);
  if (staged.state !== 'Active')
    return restError(400, 'INVALID_OPERATION', `Staged credentials in state ${staged.state} can't be rotated.`);
  const { app } = target;
  const now = Date.now();
  // The staged credential becomes current; the previous one takes its place, honoured until the grace period ends.
  app.staged = {
    ...staged,
    key: app.consumerKey,
    secret: app.consumerSecret,
    state: 'Rotated',
    expiresAt: new Date(now + ctx.state.rotationGraceMs),
  };
  app.consumerKey = staged.key;
  app.consumerSecret = staged.secret;
  return json(200, { stagedCredentials: [view(ctx, target, app.staged, false)], url: target.url });
}

export function deleteStaged(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const found = stagedOf(req, ctx);
  if ('status' in found) return found;
  delete found.target.app.staged;
  return { status: 204, body: '' };
}
