/*
 * The emulated org's state: users, profiles, permission sets and their assignments, org settings,
 * deployed External Client Apps with their generated credentials, and sessions. Tests read and change it
 * directly (`emulator.state`) to set up a scenario or check what a deployment did.
 */
import { MAX_API_VERSION } from './apiVersions.js';
import { IdFactory, newAccessToken, toId18 } from './ids.js';
import { type QueryCursor } from './queryCursor.js';

/** The user permissions the emulator knows (SOQL field `Permissions<Name>`). */
export const PERMISSION_NAMES = [
  'ModifyAllData',
  'ViewAllData',
  'ManageUsers',
  'CustomizeApplication',
  'ApiUserOnly',
  'ApiEnabled',
  'ViewSetup',
  'ExternalClientAppDeveloper',
  'ViewClientSecret',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];
export type Permissions = Partial<Record<PermissionName, boolean>>;

export type Profile = { id: string; name: string; permissions: Permissions; ownedPermissionSetId: string };

export type PermissionSet = {
  id: string;
  name: string;
  label: string;
  /** Set for the permission set that holds a profile's permissions. */
  profileId?: string;
  permissions: Permissions;
};

export type User = {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  isActive: boolean;
  profileId: string;
};

export type PermissionSetAssignment = { id: string; assigneeId: string; permissionSetId: string };

/** One deployed metadata component of an app: its API name and its parsed fields (xml2js, strings as leaves). */
export type StoredComponent = { fullName: string; fields: Record<string, unknown> };

/** The component types of one app, by metadata type name. */
export type AppComponents = Partial<Record<string, StoredComponent>>;

export type ExternalClientApp = {
  id: string;
  developerName: string;
  label: string;
  components: AppComponents;
  consumerId: string;
  consumerKey: string;
  consumerSecret: string;
  createdAt: Date;
  deployedAt: Date;
  // Staged credential rotation (ECA-FACTS §9): the one staged credential of the app's consumer, and whether the app
  // came from a package (staged rotation is for local apps only).
  staged?: StagedCredential;
  namespacePrefix?: string;
};

/**
 * A consumer's staged credential: `Active` once staged (working beside the current one after `liveAt`), `Rotated`
 * when it holds the previous credential after a rotation (working until `expiresAt`), `Expired` after that.
 */
export type StagedCredential = {
  id: string;
  key: string;
  secret: string;
  state: 'Active' | 'Rotated' | 'Expired';
  createdById: string;
  createdAt: Date;
  expiresAt: Date;
  /** When the org's token endpoint starts accepting an Active staged credential (propagation). */
  liveAt: Date;
};

export type Session = {
  token: string;
  userId: string;
  /** The app (consumer key) that issued the token; undefined for the CLI's own session. */
  clientId?: string;
  /** The refresh token this session came from, so revoking it ends the session too. */
  refreshToken?: string;
  scopes: string[];
  issuedAt: Date;
  expiresAt?: Date;
  /** The org's session generation when it was opened: it is valid only while the org is still in that generation. */
  generation: number;
};

/** An authorization code from the authorize page: single use, short-lived. */
export type AuthorizationCode = {
  code: string;
  appId: string;
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  scopes: string[];
  expiresAt: Date;
};

export type RefreshGrant = { token: string; appId: string; userId: string; scopes: string[]; issuedAt: Date };

/** OAuth state: codes, refresh tokens, and which users approved which app themselves. */
export type OAuthState = {
  codes: Map<string, AuthorizationCode>;
  refreshTokens: Map<string, RefreshGrant>;
  /** `${appId}:${userId}` for each user who allowed an app on the authorize page. */
  approvals: Set<string>;
};

export type OrgSettings = {
  /** ExternalClientAppSettings.enableClientSecretInRestApiAccess */
  enableClientSecretInRestApiAccess: boolean;
};

export type OrgState = {
  orgId: string;
  orgName: string;
  instanceName: string;
  ids: IdFactory;
  profiles: Profile[];
  permissionSets: PermissionSet[];
  users: User[];
  assignments: PermissionSetAssignment[];
  apps: ExternalClientApp[];
  settings: OrgSettings;
  sessions: Map<string, Session>;
  /** Raised by each expiry of every session (Faults.expireSessions); sessions of an earlier generation are invalid. */
  sessionGeneration: number;
  oauth: OAuthState;
  /** How long a rotated (previous) credential keeps working after a rotation; real orgs: 30 days. */
  rotationGraceMs: number;
  // Audit (orgAudit.ts): legacy Connected Apps, OAuth token usage, retrieve jobs.
  connectedApps: ConnectedAppRecord[];
  oauthTokens: OauthTokenRecord[];
  retrieves: Map<string, RetrieveJob>;
  // Query paging (queryCursor.ts): the open cursors by locator id, and the largest batch the org answers (2,000; an
  // org may answer fewer rows than asked for, so a test can lower it to page through a few rows).
  queryCursors: Map<string, QueryCursor>;
  queryBatchLimit: number;
  /** The org's newest API version (MAX_API_VERSION, 68: Winter '27); lower it to play an older release. */
  apiVersion: number;
};

/** A legacy Connected App the org holds (seeded: creating one is refused); its metadata as a retrieve returns it. */
export type ConnectedAppRecord = { id: string; fullName: string; label: string; xml: string; createdAt: Date };

/** One OauthToken row: a user's authorization of an app (AppName is the app's label), with its last use. */
export type OauthTokenRecord = {
  id: string;
  appName: string;
  userId: string;
  useCount: number;
  createdDate: Date;
  lastUsedDate: Date;
};

/** A Metadata API retrieve: its id, when it finishes, and the zip it answers (built when asked for). */
export type RetrieveJob = {
  id: string;
  request: Record<string, unknown>;
  /** checkRetrieveStatus calls left before it is done (0: done at the first check). */
  pendingChecks: number;
  userId: string;
};

export const ADMIN_USERNAME = 'admin@eca-emulator.test';
export const INTEGRATION_USERNAME = 'integration@eca-emulator.test';
export const INACTIVE_USERNAME = 'inactive@eca-emulator.test';
export const STANDARD_USERNAME = 'standard@eca-emulator.test';
export const DEFAULT_ORG_ID = '00D5g0000ECAEMU';

export function seedState(orgId15 = DEFAULT_ORG_ID): OrgState {
  const ids = new IdFactory();
  const orgId = orgId15.length === 18 ? orgId15 : toId18(orgId15);
  const state: OrgState = {
    orgId,
    orgName: 'ECA Emulator Org',
    instanceName: 'EMU1',
    ids,
    profiles: [],
    permissionSets: [],
    users: [],
    assignments: [],
    apps: [],
    settings: { enableClientSecretInRestApiAccess: false },
    sessions: new Map(),
    sessionGeneration: 0,
    oauth: { codes: new Map(), refreshTokens: new Map(), approvals: new Set() },
    rotationGraceMs: 30 * 24 * 3_600_000,
    connectedApps: [],
    oauthTokens: [],
    retrieves: new Map(),
    queryCursors: new Map(),
    queryBatchLimit: 2000,
    apiVersion: MAX_API_VERSION,
  };
  const admin = addProfile(state, 'System Administrator', {
    ModifyAllData: true,
    ViewAllData: true,
    ManageUsers: true,
    CustomizeApplication: true,
    ApiEnabled: true,
    ViewSetup: true,
    ExternalClientAppDeveloper: true,
    ViewClientSecret: true,
  });
  const apiOnly = addProfile(state, 'Minimum Access - API Only Integrations', { ApiUserOnly: true, ApiEnabled: true });
  const standard = addProfile(state, 'Standard User', { ApiEnabled: true });
  addProfile(state, 'Minimum Access - Salesforce', {});
  addPermissionSet(state, 'ECA_Integration', 'ECA Integration', { ApiEnabled: true });
  addPermissionSet(state, 'Admin_Like', 'Admin Like', { ModifyAllData: true, ViewAllData: true });
  addUser(state, { username: ADMIN_USERNAME, firstName: 'Ada', lastName: 'Admin', profileId: admin.id });
  const integration = addUser(state, {
    username: INTEGRATION_USERNAME,
    firstName: 'Ivan',
    lastName: 'Integration',
    profileId: apiOnly.id,
  });
  assignPermissionSet(state, integration.id, 'ECA_Integration');
  addUser(state, {
    username: INACTIVE_USERNAME,
    firstName: 'Ina',
    lastName: 'Inactive',
    profileId: apiOnly.id,
    isActive: false,
  });
  addUser(state, { username: STANDARD_USERNAME, firstName: 'Stan', lastName: 'Standard', profileId: standard.id });
  return state;
}

export function addProfile(state: OrgState, name: string, permissions: Permissions): Profile {
  const id = state.ids.next('00e');
  const owned: PermissionSet = {
    id: state.ids.next('0PS'),
    name: `X${id.slice(0, 15)}`,
    label: name,
    profileId: id,
    permissions,
  };
  state.permissionSets.push(owned);
  const profile: Profile = { id, name, permissions, ownedPermissionSetId: owned.id };
  state.profiles.push(profile);
  return profile;
}

export function addPermissionSet(
  state: OrgState,
  name: string,
  label: string,
  permissions: Permissions,
): PermissionSet {
  const set: PermissionSet = { id: state.ids.next('0PS'), name, label, permissions };
  state.permissionSets.push(set);
  return set;
}

export type NewUser = {
  username: string;
  firstName: string;
  lastName: string;
  profileId: string;
  isActive?: boolean;
  email?: string;
};

/** Adds a user; like an org, it also assigns the permission set that holds the profile's permissions. */
export function addUser(state: OrgState, user: NewUser): User {
  const created: User = {
    id: state.ids.next('005'),
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email ?? user.username,
    isActive: user.isActive ?? true,
    profileId: user.profileId,
  };
  state.users.push(created);
  const profile = state.profiles.find((p) => p.id === user.profileId);
  if (profile)
    state.assignments.push({
      id: state.ids.next('0Pa'),
      assigneeId: created.id,
      permissionSetId: profile.ownedPermissionSetId,
    });
  return created;
}

export function assignPermissionSet(state: OrgState, userId: string, permissionSetName: string): void {
  const set = state.permissionSets.find((p) => p.name === permissionSetName);
  if (!set) throw new Error(`no permission set ${permissionSetName}`);
  state.assignments.push({ id: state.ids.next('0Pa'), assigneeId: userId, permissionSetId: set.id });
}

export const findUser = (state: OrgState, username: string): User | undefined =>
  state.users.find((u) => u.username.toLowerCase() === username.toLowerCase());

export const findApp = (state: OrgState, developerName: string): ExternalClientApp | undefined =>
  state.apps.find((a) => a.developerName === developerName);

/** A user's effective permission: from the profile or any assigned permission set. */
export function userHasPermission(state: OrgState, userId: string, permission: PermissionName): boolean {
  const setIds = new Set(state.assignments.filter((a) => a.assigneeId === userId).map((a) => a.permissionSetId));
  return state.permissionSets.some((p) => setIds.has(p.id) && p.permissions[permission] === true);
}

/** Switch one permission of a profile (by name) on or off, e.g. to take ViewClientSecret away from admins. */
export function setProfilePermission(
  state: OrgState,
  profileName: string,
  permission: PermissionName,
  value: boolean,
): void {
  const profile = state.profiles.find((p) => p.name === profileName);
  if (!profile) throw new Error(`no profile ${profileName}`);
  profile.permissions[permission] = value;
}

/** Opens a session for a user, as a login or a token grant does. */
export function openSession(
  state: OrgState,
  userId: string,
  extra: Partial<Omit<Session, 'token' | 'userId' | 'generation'>> = {},
): Session {
  const session: Session = {
    token: newAccessToken(state.orgId),
    userId,
    scopes: ['Full'],
    issuedAt: new Date(),
    ...extra,
    generation: state.sessionGeneration,
  };
  state.sessions.set(session.token, session);
  return session;
}
