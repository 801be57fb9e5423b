/*
 * /services/oauth2/authorize: the page where a person logs in (username only) and allows or denies an
 * app, then the redirect to the registered callback with `code` and `state`, or `error=access_denied`.
 * Element ids for browser automation: input#username, button#allow, button#deny.
 */
import { type EmulatorContext, type EmulatorRequest, type Reply, formBody } from './http.js';
import { newOpaqueToken } from './ids.js';
import { type AppOAuth, appOfClient, isPreAuthorized, isRegisteredCallback } from './oauthApps.js';
import { findUser, userHasPermission } from './state.js';

/** How long an authorization code stays valid. */
export const CODE_LIFETIME_MS = 120_000;

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const html = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=UTF-8' },
  body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Emulated Salesforce login</title></head><body>${body}</body></html>`,
});

/**
 * What an org shows an API Only user (PermissionsApiUserOnly) who logs in through the UI: no consent page, no code,
 * no redirect to the app. The heading is the org's; the sentence under it is the emulator's wording.
 */
const apiOnlyPage = (): Reply =>
  html(
    200,
    '<h1 id="api-only-error">Access Restricted for API Only Users</h1>' +
      "<p>You can't log in to the Salesforce user interface as an API only user. Close this window to continue.</p>",
  );

/** The page an org shows instead of redirecting when it cannot trust the redirect URI. */
const errorPage = (error: string, description: string): Reply =>
  html(
    400,
    `<h1>OAuth Error</h1><p id="error">error=${escapeHtml(error)}</p><p id="error_description">${escapeHtml(description)}</p>`,
  );

const redirect = (target: string, params: Record<string, string | undefined>): Reply => {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return { status: 302, headers: { location: url.toString() }, body: '' };
};

type Checked = { oauth: AppOAuth; params: URLSearchParams } | { reply: Reply };

/** Validates the request parameters; errors go to the page or, once the redirect URI is trusted, to the client. */
function check(ctx: EmulatorContext, params: URLSearchParams): Checked {
  const oauth = appOfClient(ctx, params.get('client_id') ?? undefined);
  if (!oauth) return { reply: errorPage('invalid_client_id', 'client identifier invalid') };
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!isRegisteredCallback(oauth, redirectUri))
    return { reply: errorPage('redirect_uri_mismatch', 'redirect_uri must match configuration') };
  const state = params.get('state') ?? undefined;
  if (params.get('response_type') !== 'code') {
    return {
      reply: redirect(redirectUri, {
        error: 'unsupported_response_type',
        error_description: 'response type not supported',
        state,
      }),
    };
  }
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (oauth.pkceRequired && !challenge)
    return {
      reply: redirect(redirectUri, {
        error: 'invalid_request',
        error_description: 'missing required code challenge',
        state,
      }),
    };
  // Salesforce reads code_challenge as the S256 hash; jsforce (sf org login web) sends it without a method.
  if (challenge && method !== null && method !== 'S256')
    return {
      reply: redirect(redirectUri, {
        error: 'invalid_request',
        error_description: 'invalid code challenge method',
        state,
      }),
    };
  return { oauth, params };
}

function loginPage(oauth: AppOAuth, params: URLSearchParams, problem?: string): Reply {
  const hidden = [...params.entries()]
    .filter(([key]) => key !== 'username' && key !== 'decision')
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join('');
  return html(
    200,
    `<h1>Allow access?</h1><p id="app">${escapeHtml(oauth.app.label)} wants to access your data.</p>` +
      (problem ? `<p id="login-error">${escapeHtml(problem)}</p>` : '') +
      `<form method="POST" action="/services/oauth2/authorize">${hidden}` +
      '<label for="username">Username</label> <input id="username" name="username" type="text" autocomplete="username">' +
      '<button id="allow" name="decision" value="allow" type="submit">Allow</button> ' +
      '<button id="deny" name="decision" value="deny" type="submit">Deny</button></form>',
  );
}

export function authorizeGet(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const checked = check(ctx, req.query);
  return 'reply' in checked ? checked.reply : loginPage(checked.oauth, checked.params);
}

export function authorizePost(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  const form = formBody(req);
  const checked = check(ctx, form);
  if ('reply' in checked) return checked.reply;
  const { oauth } = checked;
  const redirectUri = form.get('redirect_uri')!;
  const state = form.get('state') ?? undefined;
  if (form.get('decision') !== 'allow') {
    return redirect(redirectUri, { error: 'access_denied', error_description: 'end-user denied authorization', state });
  }
  const user = findUser(ctx.state, form.get('username') ?? '');
  if (!user?.isActive)
    return loginPage(
      oauth,
      form,
      "Please check your username. If you still can't log in, contact your Salesforce administrator.",
    );
  if (userHasPermission(ctx.state, user.id, 'ApiUserOnly')) return apiOnlyPage();
  if (oauth.adminApproved && !isPreAuthorized(ctx.state, oauth, user)) {
    return redirect(redirectUri, {
      error: 'OAUTH_APP_ACCESS_DENIED',
      error_description: 'user is not admin approved to access this app',
      state,
    });
  }
  ctx.state.oauth.approvals.add(`${oauth.app.id}:${user.id}`);
  const code = newOpaqueToken('aPrx', 60);
  ctx.state.oauth.codes.set(code, {
    code,
    appId: oauth.app.id,
    userId: user.id,
    redirectUri,
    codeChallenge: form.get('code_challenge') ?? undefined,
    scopes: oauth.scopes,
    expiresAt: new Date(Date.now() + CODE_LIFETIME_MS),
  });
  return redirect(redirectUri, { code, state });
}
