/*
 * An in-process @salesforce/core Connection to the emulator for tests. Username, org id, dev-hub flag
 * and namespace are supplied up front, so AuthInfo neither asks the org nor saves anything to the test
 * process's HOME. @salesforce/core is loaded on the first call, so starting the emulator does not load it.
 */
import { type Connection } from '@salesforce/core';
import { type Emulator } from './index.js';
import { ADMIN_USERNAME, findUser } from './state.js';

export async function connectTo(
  emulator: Emulator,
  username = ADMIN_USERNAME,
  apiVersion = '66.0',
): Promise<Connection> {
  const core = await import('@salesforce/core');
  const user = findUser(emulator.state, username);
  if (!user) throw new Error(`no user ${username}`);
  const session = emulator.openSession(username);
  const accessTokenOptions = {
    accessToken: session.token,
    instanceUrl: emulator.url,
    loginUrl: emulator.url,
    username: user.username,
    orgId: emulator.state.orgId,
    isDevHub: false,
    namespacePrefix: null,
  };
  const authInfo = await core.AuthInfo.create({ accessTokenOptions } as Parameters<typeof core.AuthInfo.create>[0]);
  return core.Connection.create({ authInfo, connectionOptions: { version: apiVersion } });
}
