/*
 * REST Metadata API deploys: POST /services/data/vNN.0/metadata/deployRequest (multipart: the zip and
 * `{ deployOptions }`), GET …/deployRequest/{id}[?includeDetails=true], PATCH …/deployRequest/{id} to cancel.
 */
import { deployResultOf } from './deployResult.js';
import { type EmulatorContext, type EmulatorRequest, type Reply, json, requireRestSession, restError } from './http.js';
import { parseMultipart } from './multipart.js';
import { deployOptionsOf, startDeploy } from './soapDeploy.js';

const requestUrl = (req: EmulatorRequest, id: string): string =>
  `${req.path.replace(/\/deployRequest.*$/, '/deployRequest')}/${id}`;

export async function postDeployRequest(req: EmulatorRequest, ctx: EmulatorContext): Promise<Reply> {
  const session = requireRestSession(req, ctx);
  const parts = parseMultipart(req.body, req.headers['content-type']);
  const zip = parts.find((p) => p.name === 'file');
  if (!zip) return restError(400, 'INVALID_MULTIPART_REQUEST', 'The request has no file part with the zip to deploy.');
  const entity = parts.find((p) => p.name === 'entity_content');
  let deployOptions: Record<string, unknown> = {};
  try {
    deployOptions = entity
      ? ((JSON.parse(entity.data.toString('utf8')) as { deployOptions?: Record<string, unknown> }).deployOptions ?? {})
      : {};
  } catch {
    return restError(400, 'JSON_PARSER_ERROR', 'The entity_content part is not valid JSON.');
  }
  const options = deployOptionsOf(deployOptions);
  const job = await startDeploy(ctx, session.userId, zip.data, options, req.params[0]);
  return json(201, {
    id: job.id,
    validatedDeployRequestId: null,
    deployOptions: options,
    deployResult: deployResultOf(job, false),
    url: requestUrl(req, job.id),
  });
}

export function getDeployRequest(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  requireRestSession(req, ctx);
  const job = ctx.deploys.get(req.params[1]);
  if (!job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  ctx.deploys.advance(job);
  const includeDetails = req.query.get('includeDetails') === 'true';
  return json(200, {
    id: job.id,
    validatedDeployRequestId: null,
    deployOptions: job.options,
    deployResult: deployResultOf(job, includeDetails),
    url: requestUrl(req, job.id),
  });
}

export function patchDeployRequest(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const session = requireRestSession(req, ctx);
  const job = ctx.deploys.get(req.params[1]);
  if (!job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const user = ctx.state.users.find((u) => u.id === session.userId);
  ctx.deploys.cancel(job, session.userId, user ? `${user.firstName} ${user.lastName}` : '');
  return json(202, { id: job.id, deployResult: deployResultOf(job, false), url: requestUrl(req, job.id) });
}
