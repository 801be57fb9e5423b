/*
 * Child process of authorizeEmulator: reads { accessToken, instanceUrl, alias, setDefault } from stdin,
 * saves the auth in this process's HOME and prints { username, orgId, alias } as JSON.
 */
import { AuthInfo } from '@salesforce/core';

type Input = { accessToken: string; instanceUrl: string; alias?: string; setDefault: boolean };

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;

const authInfo = await AuthInfo.create({
  accessTokenOptions: { accessToken: input.accessToken, instanceUrl: input.instanceUrl, loginUrl: input.instanceUrl },
});
await authInfo.save();
await authInfo.handleAliasAndDefaultSettings({
  alias: input.alias,
  setDefault: input.setDefault,
  setDefaultDevHub: false,
});
const fields = authInfo.getFields();
process.stdout.write(`${JSON.stringify({ username: fields.username, orgId: fields.orgId, alias: input.alias })}\n`);
