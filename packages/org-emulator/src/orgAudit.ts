/*
 * What an audit reads of the org beyond its metadata: the OauthToken sObject (one row per user and app, AppName is the
 * app's label, with its last use), the paged OAuth usage resource (`GET /services/data/vNN.0/apps/oauth/usage`:
 * `{ apps: [{ developerName, identifier, label }], currentPageUrl, nextPageUrl }`, page from 0, pageSize default 100,
 * only apps with usage data), legacy Connected Apps seeded from real files, and seeding with many apps for tests and
 * the benchmark. Creating Connected Apps stays refused (rules.ts).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createApp } from './apply.js';
import { APP_POLICIES, ECA, GLOBAL_OAUTH, OAUTH_POLICIES, OAUTH_SETTINGS } from './metadataTypes.js';
import { type EmulatorContext, type EmulatorRequest, type Reply, json, requireRestSession } from './http.js';
import { type ObjectDef } from './soqlObjects.js';
import { ADMIN_USERNAME, type ExternalClientApp, INTEGRATION_USERNAME, type OrgState, findUser } from './state.js';

const soqlDate = (date: Date): string => date.toISOString().replace('Z', '+0000');

/** OauthToken rows: the seeded ones and one per refresh token the emulator's own OAuth flows issued. */
function oauthTokenRows(state: OrgState): Array<Record<string, unknown>> {
  const seeded = state.oauthTokens.map((t) => ({
    Id: t.id,
    AppName: t.appName,
    AppMenuItemId: null,
    UserId: t.userId,
    UseCount: t.useCount,
    CreatedDate: soqlDate(t.createdDate),
    LastUsedDate: soqlDate(t.lastUsedDate),
  }));
  const issued = [...state.oauth.refreshTokens.values()].map((grant, index) => ({
    Id: `0CQ${String(index).padStart(15, '0')}`,
    AppName: state.apps.find((a) => a.id === grant.appId)?.label ?? '',
    AppMenuItemId: null,
    UserId: grant.userId,
    UseCount: 1,
    CreatedDate: soqlDate(grant.issuedAt),
    LastUsedDate: soqlDate(grant.issuedAt),
  }));
  return [...seeded, ...issued];
}

export const OAUTH_TOKEN_OBJECT: ObjectDef = {
  name: 'OauthToken',
  keyPrefix: '0CQ',
  fields: ['Id', 'AppName', 'AppMenuItemId', 'UserId', 'UseCount', 'CreatedDate', 'LastUsedDate'],
  relationships: { User: { object: 'User', idField: 'UserId' } },
  rows: oauthTokenRows,
};

/** Apps with usage data: an ECA with at least one OauthToken row. */
export function oauthUsage(req: EmulatorRequest, ctx: EmulatorContext): Reply {
  requireRestSession(req, ctx);
  const page = Math.max(0, Number(req.query.get('page') ?? 0) || 0);
  const pageSize = Math.max(1, Number(req.query.get('pageSize') ?? 100) || 100);
  const used = new Set(oauthTokenRows(ctx.state).map((row) => String(row.AppName).toLowerCase()));
  const apps = ctx.state.apps
    .filter((app) => used.has(app.label.toLowerCase()))
    .map((app) => ({ developerName: app.developerName, identifier: app.id, label: app.label }));
  const path = req.path;
  const slice = apps.slice(page * pageSize, (page + 1) * pageSize);
  const more = (page + 1) * pageSize < apps.length;
  return json(200, {
    apps: slice,
    currentPageUrl: `${path}?page=${page}&pageSize=${pageSize}`,
    nextPageUrl: more ? `${path}?page=${page + 1}&pageSize=${pageSize}` : null,
  });
}

/** A legacy Connected App as the org holds it (its metadata as written by the org). */
export function addConnectedApp(state: OrgState, fullName: string, xml: string): void {
  const label = /<label>([^<]*)<\/label>/.exec(xml)?.[1]?.trim() ?? fullName;
  state.connectedApps.push({ id: state.ids.next('0H4'), fullName, label, xml, createdAt: new Date('2021-03-01') });
}

/** Seed Connected Apps from real `X.connectedApp-meta.xml` files (the project's corpus). */
export function seedConnectedApps(state: OrgState, paths: readonly string[]): void {
  for (const path of paths) {
    addConnectedApp(state, basename(path).replace(/\.connectedApp(-meta\.xml)?$/, ''), readFileSync(path, 'utf8'));
  }
}

/** A user's token of an app (by its label), last used `daysAgo` days ago. */
export function addOauthToken(state: OrgState, appLabel: string, username: string, daysAgo: number): void {
  const user = findUser(state, username);
  if (!user) throw new Error(`no user ${username}`);
  const last = new Date(Date.now() - daysAgo * 86_400_000);
  state.oauthTokens.push({
    id: state.ids.next('0CQ'),
    appName: appLabel,
    userId: user.id,
    useCount: 3,
    createdDate: new Date(last.getTime() - 86_400_000),
    lastUsedDate: last,
  });
}

export type SeedAppOptions = {
  /** Global OAuth, OAuth settings and policy fields over the secure defaults. */
  global?: Record<string, string>;
  oauth?: Record<string, string>;
  oauthPolicy?: Record<string, string>;
};

/** An app deployed with its five components (as if deployed: ids, consumer key), secure unless told otherwise. */
export function seedApp(state: OrgState, name: string, options: SeedAppOptions = {}): ExternalClientApp {
  const app = createApp(state, name, name.replace(/_/g, ' '));
  const component = (suffix: string, fields: Record<string, string>) => ({
    fullName: `${name}${suffix}`,
    fields: { externalClientApplication: name, label: `${name}${suffix}`, ...fields },
  });
  app.components[ECA] = {
    fullName: name,
    fields: { contactEmail: 'it@example.com', label: app.label },
  };
  app.components[GLOBAL_OAUTH] = component('_glbloauth', {
    callbackUrl: 'https://app.example.com/oauth/callback',
    isCodeCredFlowEnabled: 'true',
    isPkceRequired: 'true',
    isRefreshTokenRotationEnabled: 'true',
    ...options.global,
  });
  app.components[OAUTH_SETTINGS] = component('_oauth', {
    commaSeparatedOauthScopes: 'Api, RefreshToken',
    ...options.oauth,
  });
  app.components[OAUTH_POLICIES] = component('_oauthPlcy', {
    commaSeparatedPermissionSet: 'ECA_Integration',
    ipRelaxationPolicyType: 'Enforce',
    permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
    refreshTokenPolicyType: 'SpecificLifetime',
    refreshTokenValidityPeriod: '30',
    refreshTokenValidityUnit: 'Days',
    sessionTimeoutInMinutes: '15',
    ...options.oauthPolicy,
  });
  app.components[APP_POLICIES] = component('_plcy', {
    isEnabled: 'true',
    isOauthPluginEnabled: 'true',
    startPage: 'None',
  });
  return app;
}

/**
 * An org for the audit: `count` apps, of which the first few are the seeded insecure cases (Full scope and
 * self-authorized with many users, an admin run-as user, an unused app), the rest secure and used; plus the Connected
 * App files given. Every app but the unused one has a token used yesterday.
 */
export function seedAuditOrg(state: OrgState, count: number, connectedAppFiles: readonly string[] = []): void {
  const insecure: Array<[string, SeedAppOptions]> = [
    [
      'Audit_Full_Scope',
      {
        oauth: { commaSeparatedOauthScopes: 'Full, RefreshToken' },
        oauthPolicy: {
          permittedUsersPolicyType: 'AllSelfAuthorized',
          commaSeparatedPermissionSet: '',
          refreshTokenPolicyType: 'Infinite',
          refreshTokenValidityPeriod: '',
          refreshTokenValidityUnit: '',
        },
      },
    ],
    [
      'Audit_Admin_RunAs',
      {
        global: { isClientCredentialsFlowEnabled: 'true', isCodeCredFlowEnabled: 'false', callbackUrl: '' },
        oauth: { commaSeparatedOauthScopes: 'Api' },
        oauthPolicy: {
          isClientCredentialsFlowEnabled: 'true',
          clientCredentialsFlowUser: ADMIN_USERNAME,
          ipRelaxationPolicyType: 'Bypass',
        },
      },
    ],
    ['Audit_Unused', {}],
  ];
  for (let i = 0; i < count; i++) {
    const [name, options] = insecure[i] ?? [`Audit_App_${String(i).padStart(4, '0')}`, {}];
    const app = seedApp(state, name, options);
    for (const prune of ['commaSeparatedPermissionSet', 'refreshTokenValidityPeriod', 'refreshTokenValidityUnit']) {
      const fields = app.components[OAUTH_POLICIES]!.fields;
      if (fields[prune] === '') delete fields[prune];
    }
    if (name === 'Audit_Unused') continue;
    addOauthToken(state, app.label, INTEGRATION_USERNAME, 1);
  }
  const full = state.apps.find((a) => a.developerName === 'Audit_Full_Scope');
  if (full) for (const username of manyUsers(state, 12)) addOauthToken(state, full.label, username, 2);
  seedConnectedApps(state, connectedAppFiles);
  for (const app of state.connectedApps.slice(0, 3)) addOauthToken(state, app.label, INTEGRATION_USERNAME, 5);
}

/** `count` active standard users (created when missing): users who authorized an app themselves. */
function manyUsers(state: OrgState, count: number): string[] {
  const profile = state.profiles.find((p) => p.name === 'Standard User')!;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = `user${i}@eca-emulator.test`;
    if (!findUser(state, username)) {
      state.users.push({
        id: state.ids.next('005'),
        username,
        firstName: 'User',
        lastName: String(i),
        email: username,
        isActive: true,
        profileId: profile.id,
      });
    }
    names.push(username);
  }
  return names;
}
