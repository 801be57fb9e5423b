/*
 * SOAP Metadata API at /services/Soap/m/NN.0: deploy (zip in base64), checkDeployStatus, cancelDeploy, readMetadata
 * (soapRead.ts).
 * The session comes from the SessionHeader; an invalid one gets the sf:INVALID_SESSION_ID fault.
 */
import { type DeployOptions } from './deployStore.js';
import { deployResultOf } from './deployResult.js';
import { type EmulatorContext, type EmulatorRequest, type Reply, validSession } from './http.js';
import { judgeDeployment } from './judge.js';
import { readMetadata } from './soapRead.js';
import { handleRetrieveCall } from './soapRetrieve.js';
import { INVALID_SESSION_FAULT, parseSoapCall, soapFault, soapResponse } from './soapXml.js';

const bool = (value: unknown, fallback: boolean): boolean =>
  value === undefined ? fallback : String(value) === 'true';

/** DeployOptions from SOAP (strings) or REST (JSON) with the Metadata API's defaults. */
export function deployOptionsOf(raw: Record<string, unknown> | undefined): DeployOptions {
  const options = raw ?? {};
  return {
    ...options,
    checkOnly: bool(options.checkOnly, false),
    ignoreWarnings: bool(options.ignoreWarnings, false),
    rollbackOnError: bool(options.rollbackOnError, true),
    singlePackage: bool(options.singlePackage, false),
  };
}

/** Starts a deploy job for a zip on behalf of a user; returns the job. */
export async function startDeploy(
  ctx: EmulatorContext,
  userId: string,
  zip: Buffer,
  options: DeployOptions,
  endpointVersion?: string,
) {
  const verdict = await judgeDeployment(zip, { ...options, endpointVersion }, ctx.state, ctx.faults);
  const user = ctx.state.users.find((u) => u.id === userId);
  return ctx.deploys.create({
    options,
    createdById: userId,
    createdByName: user ? `${user.firstName} ${user.lastName}` : '',
    verdict,
  });
}

export async function handleSoap(req: EmulatorRequest, ctx: EmulatorContext): Promise<Reply> {
  const call = await parseSoapCall(req.body.toString('utf8'));
  if (!call) return soapFault('INVALID_XML', 'The request is not a SOAP envelope');
  const session = validSession(ctx, call.sessionId);
  if (!session) return INVALID_SESSION_FAULT;
  const user = ctx.state.users.find((u) => u.id === session.userId);
  switch (call.method) {
    case 'deploy': {
      const zip = Buffer.from(String(call.args.ZipFile ?? ''), 'base64');
      const options = deployOptionsOf(call.args.DeployOptions as Record<string, unknown> | undefined);
      const job = await startDeploy(ctx, session.userId, zip, options, req.params[0]);
      return soapResponse('deploy', { done: false, id: job.id, state: 'Queued' });
    }
    case 'checkDeployStatus': {
      const job = ctx.deploys.get(String(call.args.asyncProcessId ?? ''));
      if (!job) return soapFault('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      ctx.deploys.advance(job);
      return soapResponse('checkDeployStatus', deployResultOf(job, String(call.args.includeDetails) === 'true'));
    }
    case 'cancelDeploy': {
      const job = ctx.deploys.get(String(call.args.id ?? ''));
      if (!job) return soapFault('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      const canceling = ctx.deploys.cancel(job, session.userId, user ? `${user.firstName} ${user.lastName}` : '');
      return soapResponse('cancelDeploy', { done: !canceling, id: job.id });
    }
    case 'readMetadata':
      return readMetadata(ctx.state, call.args);
    default:
      return (
        (await handleRetrieveCall(ctx.state, call.method, call.args, session.userId)) ??
        soapFault('UNKNOWN_EXCEPTION', `The emulator does not implement the Metadata API call ${call.method}`)
      );
  }
}
