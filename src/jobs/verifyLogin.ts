/*
 * `sf eca verify --login`: after the token is proven, authorize sf itself through the app (src/org/cliLogin.ts): the
 * JWT bearer flow with the same key and username, a client credentials app's token handed over as an access token;
 * for the web server flow the browser step itself is sf's web login, so the person logs in once.
 */
import { Messages } from '../messages.js';
import type { AppSpec } from '../model/appSpec.js';
import type { TokenFlow } from '../oauth/loginHost.js';
import type { ObtainedToken } from '../oauth/obtainToken.js';
import type { TokenResponse } from '../oauth/tokenRequest.js';
import type * as CliLoginModule from '../org/cliLogin.js';
import type { CliLoginSettings } from '../org/cliLogin.js';
import { browserNotOpened, type VerifyInput, type VerifyUi } from './verify.js';
import type { VerifyResult } from './verifyResult.js';

// Loaded on --login only: core's web login server is not needed by any other run.
const cliLogin = (): Promise<typeof CliLoginModule> => import('../org/cliLogin.js');

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'verify');

type Credentials = { clientId: string; clientSecret?: string };

/** JWT bearer and client credentials: log sf in once the token is proven. */
export async function loginAfterVerify(
  input: VerifyInput,
  flow: TokenFlow,
  base: string,
  credentials: Credentials,
  obtained: ObtainedToken,
): Promise<VerifyResult['login']> {
  const { loginWithAccessToken, loginWithJwt } = await cliLogin();
  if (flow === 'jwt-bearer')
    return loginWithJwt(
      { clientId: credentials.clientId, keyFile: input.jwtKeyFile!, username: input.username!, loginUrl: base },
      loginSettings(input),
    );
  if (flow === 'client-credentials')
    return loginWithAccessToken(
      {
        accessToken: obtained.token.access_token,
        instanceUrl: obtained.token.instance_url,
        username: input.spec.policies.runAsUser,
      },
      loginSettings(input),
    );
  return undefined;
}

/** --alias defaults to the app's API name. */
const loginSettings = (input: VerifyInput): CliLoginSettings => ({
  alias: input.login?.alias ?? input.spec.apiName,
  setDefault: input.login?.setDefault ?? false,
});

export async function assertWebLoginCallback(spec: AppSpec): Promise<void> {
  const callback = await (await cliLogin()).webLoginCallback();
  const registered = spec.oauth.callbackUrls.some(
    (url) => url === callback || url === callback.replace(/:\d+\//, ':*/'),
  );
  if (!registered)
    throw messages.createError(
      'error.LoginCallbackMissing',
      [callback, spec.oauth.callbackUrls.join(', ') || '-'],
      [callback],
    );
}

/** The browser step through sf's own web login: the token sf saved is the one verify proves. */
export async function webServerLogin(
  input: VerifyInput,
  base: string,
  credentials: Credentials,
  ui: VerifyUi,
  done: { done?: VerifyResult['login'] },
): Promise<TokenResponse> {
  const { AuthInfo } = await import('@salesforce/core');
  const login = await (
    await cliLogin()
  ).loginWithWebServer(
    {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      loginUrl: base,
      showUrl: async (url) => {
        ui.authorizeUrl(url);
        if (!input.openBrowser) return ui.log(messages.getMessage('info.browserNotAsked'));
        await ui.browse(url).then(
          () => ui.log(messages.getMessage('info.browserOpened')),
          (error: unknown) => ui.warn(browserNotOpened(error)),
        );
      },
    },
    loginSettings(input),
  );
  done.done = login;
  const fields = (await AuthInfo.create({ username: login.username })).getFields(true);
  return {
    access_token: fields.accessToken ?? '',
    instance_url: fields.instanceUrl ?? base,
    ...(fields.orgId && fields.userId ? { id: `${base}/id/${fields.orgId}/${fields.userId}` } : {}),
    ...(fields.refreshToken ? { refresh_token: fields.refreshToken } : {}),
  };
}
