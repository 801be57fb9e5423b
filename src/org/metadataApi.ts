/*
 * Which Metadata API a deploy goes through: REST or SOAP, as the user chose it the way `sf project deploy start`
 * reads the choice, and REST whatever the choice when the session is a JWT-format access token, which SOAP refuses.
 */
import { ConfigAggregator } from '@salesforce/core';

const REST_DEPLOY_CONFIG = 'org-metadata-rest-deploy';
const REST_DEPLOY_ENV = ['SF_ORG_METADATA_REST_DEPLOY', 'SFDX_REST_DEPLOY'];

const isTrue = (value: unknown): boolean => value === true || String(value).toLowerCase() === 'true';

/**
 * REST or SOAP, as `sf project deploy start` decides: SF_ORG_METADATA_REST_DEPLOY (or its older synonym), else the
 * `org-metadata-rest-deploy` config variable. The variable is read directly: outside `sf` (bin/run.js) no plugin
 * registers the config key, so the config aggregator would not map the environment variable to it.
 */
export async function isRestDeployEnabled(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const fromEnv = REST_DEPLOY_ENV.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  if (fromEnv !== undefined) return isTrue(fromEnv);
  const aggregator = await ConfigAggregator.create();
  return isTrue(aggregator.getPropertyValue(REST_DEPLOY_CONFIG));
}

/**
 * A JWT-format access token: three base64url parts (header.payload.signature), not a classic `00D…!…` session id.
 * The SOAP API refuses such tokens and the Metadata REST deploy accepts them (docs/salesforce-facts.md §6.5, [field]).
 * Only the shape is looked at; nothing is decoded.
 */
export function isJwtAccessToken(token: string | undefined): boolean {
  return token !== undefined && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
