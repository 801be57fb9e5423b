/*
 * Which OAuth flow `sf eca verify` runs, and whether the app's files allow it. Left to itself the command picks
 * what the app is for: client credentials if enabled, else JWT bearer if a certificate is set, else the web server
 * flow (issue 4). A flow the app cannot serve is refused before any request, so the user is not left waiting
 * for the org to answer unsupported_grant_type.
 */
import { Messages } from '../messages.js';
import type { TokenFlow } from './loginHost.js';
import { pickLoopbackCallback } from './webServer.js';
import type { AppSpec } from '../model/appSpec.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'oauth');

export const VERIFY_FLOWS: readonly TokenFlow[] = ['client-credentials', 'web-server', 'jwt-bearer'];

/** The flow the app's files point to. */
export function inferFlow(spec: AppSpec): TokenFlow {
  if (spec.oauth.flows.includes('client-credentials')) return 'client-credentials';
  if (spec.oauth.certificate !== undefined || spec.oauth.flows.includes('jwt-bearer')) return 'jwt-bearer';
  return 'web-server';
}

export type FlowPlan = {
  flow: TokenFlow;
  /** Whether the flow came from --flow (false: inferred from the files). */
  requested: boolean;
  /** web-server: the registered loopback callback the code comes back to. */
  redirectUri?: string;
  /** Whether the token request needs the consumer secret (introspection may still use it when available). */
  needsSecret: boolean;
};

/** The flow to run (--flow, else inferred) and what it needs; throws when the app's files cannot serve it. */
export function planFlow(spec: AppSpec, requested?: TokenFlow, targetOrg?: string): FlowPlan {
  const flow = requested ?? inferFlow(spec);
  const name = spec.apiName;
  switch (flow) {
    case 'client-credentials':
      if (!spec.oauth.flows.includes('client-credentials'))
        throw messages.createError('error.FlowNotEnabled', [name, flow], [name, targetOrg ?? '<target org>']);
      if (!spec.policies.runAsUser) throw messages.createError('error.NoRunAsUserInFiles', [name]);
      return { flow, requested: requested !== undefined, needsSecret: true };
    case 'jwt-bearer':
      if (!spec.oauth.certificate) throw messages.createError('error.NoCertificate', [name]);
      return { flow, requested: requested !== undefined, needsSecret: false };
    case 'web-server': {
      const redirectUri = pickLoopbackCallback(spec.oauth.callbackUrls);
      if (!redirectUri)
        throw messages.createError('error.NoLoopbackCallback', [name, spec.oauth.callbackUrls.join(', ') || '-']);
      return { flow, requested: requested !== undefined, redirectUri, needsSecret: !spec.oauth.publicClient };
    }
  }
}
