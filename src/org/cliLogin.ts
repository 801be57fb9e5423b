/*
 * `sf eca verify --login`: authorizing the CLI itself through the new app, with @salesforce/core's own auth, so
 * that `sf org list` shows the org and every sf command can use it: the JWT bearer flow as `sf org login jwt` runs
 * it, the web server flow as `sf org login web --client-id` runs it (core's WebOAuthServer on
 * http://localhost:1717/OauthRedirect, or the project's oauthLocalPort). sf has no client credentials login (a
 * long-standing request: forcedotcom/cli#2096), so a client credentials app's token is handed to core as an access
 * token, as `sf org login access-token` does. Nothing here prints: the caller shows the authorize URL.
 */
import { AuthInfo, AuthRemover, WebOAuthServer } from '@salesforce/core';

type AuthInfoOptions = Parameters<typeof AuthInfo.create>[0];

export type CliLoginSettings = { alias?: string; setDefault: boolean };

export type CliLogin = { username: string; orgId?: string; instanceUrl?: string; alias?: string };

async function save(authInfo: AuthInfo, settings: CliLoginSettings): Promise<CliLogin> {
  await authInfo.save();
  await authInfo.handleAliasAndDefaultSettings({
    alias: settings.alias,
    setDefault: settings.setDefault,
    setDefaultDevHub: false,
  });
  const fields = authInfo.getFields();
  return {
    username: authInfo.getUsername(),
    ...(fields.orgId ? { orgId: fields.orgId } : {}),
    ...(fields.instanceUrl ? { instanceUrl: fields.instanceUrl } : {}),
    ...(settings.alias ? { alias: settings.alias } : {}),
  };
}

/**
 * A new auth for the user, as `sf org login jwt` makes one: when sf already holds an auth file for that username,
 * it is removed and made again (core refuses to overwrite it: AuthInfoOverwriteError).
 */
async function freshAuth(options: AuthInfoOptions, username: string | undefined): Promise<AuthInfo> {
  try {
    return await AuthInfo.create(options);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'AuthInfoOverwriteError' || !username) throw error;
    await (await AuthRemover.create()).removeAuth(username);
    return AuthInfo.create(options);
  }
}

/** `sf org login jwt --client-id --jwt-key-file --username --instance-url`, through core. */
export async function loginWithJwt(
  options: { clientId: string; keyFile: string; username: string; loginUrl: string },
  settings: CliLoginSettings,
): Promise<CliLogin> {
  const authInfo = await freshAuth(
    {
      username: options.username,
      oauth2Options: { clientId: options.clientId, privateKeyFile: options.keyFile, loginUrl: options.loginUrl },
    },
    options.username,
  );
  return save(authInfo, settings);
}

/** What `sf org login access-token` does with a token: for a client credentials app, whose flow sf cannot run. */
export async function loginWithAccessToken(
  options: { accessToken: string; instanceUrl: string; username?: string },
  settings: CliLoginSettings,
): Promise<CliLogin> {
  const authInfo = await freshAuth(
    {
      accessTokenOptions: {
        accessToken: options.accessToken,
        instanceUrl: options.instanceUrl,
        loginUrl: options.instanceUrl,
      },
    },
    options.username,
  );
  return save(authInfo, settings);
}

/** The web server flow as `sf org login web --client-id` runs it: the callback core listens on. */
export async function webLoginCallback(): Promise<string> {
  return `http://localhost:${await WebOAuthServer.determineOauthPort()}/OauthRedirect`;
}

/**
 * `sf org login web --client-id --instance-url`, through core's WebOAuthServer: `showUrl` gets the authorize URL
 * (to print and to open in a browser); resolves once the person has allowed access and the auth is saved.
 */
export async function loginWithWebServer(
  options: { clientId: string; clientSecret?: string; loginUrl: string; showUrl: (url: string) => Promise<void> },
  settings: CliLoginSettings,
): Promise<CliLogin> {
  const server = await WebOAuthServer.create({
    oauthConfig: {
      loginUrl: options.loginUrl,
      clientId: options.clientId,
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    },
  });
  await server.start();
  await options.showUrl(server.getAuthorizationUrl());
  return save(await server.authorizeAndSave(), settings);
}
