/*
 * After a deploy: the new app's consumer key, read back from the org with the deploying user's session.
 * Key only: the credentials list resource (`/apps/oauth/credentials/{appId}`) never carries the secret, and this module
 * never asks for `?part=secret`. (verify's credentials module reads the secret, in memory, when the user wants it.)
 */
import type { Connection } from '@salesforce/core';
import { externalClientAppIdQuery } from './queries.js';

type ConsumerList = { consumers?: Array<{ id?: string; key?: string; name?: string; url?: string }> };

export type DeployedConsumer = { appId: string; consumerKey?: string };

/** The ExternalClientApplication record id of an app (`0xI…`), or undefined when the org has none by that name. */
export async function findExternalClientAppId(connection: Connection, apiName: string): Promise<string | undefined> {
  const result = await connection.query<{ Id: string }>(externalClientAppIdQuery(apiName));
  return result.records[0]?.Id;
}

/** The app's record id and the key of its first consumer; undefined when the org has no such app. */
export async function readDeployedConsumerKey(connection: Connection, apiName: string): Promise<DeployedConsumer | undefined> {
  const appId = await findExternalClientAppId(connection, apiName);
  if (!appId) return undefined;
  const list = await connection.request<ConsumerList>({
    method: 'GET',
    url: `/services/data/v${connection.getApiVersion()}/apps/oauth/credentials/${encodeURIComponent(appId)}`,
  });
  const key = list.consumers?.find((consumer) => typeof consumer.key === 'string' && consumer.key.length > 0)?.key;
  return { appId, ...(key ? { consumerKey: key } : {}) };
}
