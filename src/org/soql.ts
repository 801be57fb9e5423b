/*
 * Every SOQL statement the plugin sends, built in one place so that no user input reaches a query unescaped.
 * String literals: escape backslash first, then the single quote (and the control characters SOQL defines escapes
 * for), so a value can never end the literal. Pure: nothing here talks to an org.
 */

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '"': '\\"',
};

/** The inside of a SOQL '...' literal. */
export function escapeSoqlString(value: string): string {
  return value.replace(/[\\'\n\r\t\b\f"]/g, (c) => ESCAPES[c]);
}

/** A complete SOQL string literal, quotes included. */
export function soqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}

/** A SOQL `IN` list of string literals, duplicates removed: `('a', 'b')`. Callers never pass an empty list. */
export function soqlInList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('A SOQL IN list needs at least one value');
  return `(${[...new Set(values)].map(soqlString).join(', ')})`;
}

/** The profile permissions that make a user an administrator, as field names on Profile and PermissionSet. */
export const ADMIN_PERMISSION_FIELDS = [
  'PermissionsModifyAllData',
  'PermissionsViewAllData',
  'PermissionsManageUsers',
  'PermissionsCustomizeApplication',
] as const;

export type AdminPermissionField = (typeof ADMIN_PERMISSION_FIELDS)[number];

/** The permission that makes a user API Only. */
export const API_ONLY_FIELD = 'PermissionsApiUserOnly';

const PERMISSION_FIELDS = [...ADMIN_PERMISSION_FIELDS, API_ONLY_FIELD];

/** Users by username, with the permissions their profile grants. */
export function usersByUsernameQuery(usernames: readonly string[]): string {
  const profileFields = PERMISSION_FIELDS.map((field) => `Profile.${field}`).join(', ');
  return `SELECT Id, Username, IsActive, Profile.Name, ${profileFields} FROM User WHERE Username IN ${soqlInList(usernames)}`;
}

/**
 * Every permission set assigned to the given users (profile-owned ones included), with the permissions each grants.
 * By username through the Assignee relationship, so that it needs no answer from the users query and goes with it.
 */
export function assignmentsByAssigneeUsernameQuery(usernames: readonly string[]): string {
  const permissionSetFields = PERMISSION_FIELDS.map((field) => `PermissionSet.${field}`).join(', ');
  return `SELECT AssigneeId, PermissionSet.Name, PermissionSet.IsOwnedByProfile, ${permissionSetFields} FROM PermissionSetAssignment WHERE Assignee.Username IN ${soqlInList(usernames)}`;
}

/** Permission sets (not the ones a profile owns) by API name. */
export function permissionSetsByNameQuery(names: readonly string[]): string {
  return `SELECT Id, Name FROM PermissionSet WHERE Name IN ${soqlInList(names)} AND IsOwnedByProfile = false`;
}

/** Profiles by name. */
export function profilesByNameQuery(names: readonly string[]): string {
  return `SELECT Id, Name FROM Profile WHERE Name IN ${soqlInList(names)}`;
}

/** One active user holding the named profile, if any (LIMIT 1: one such user, named, is all that matters). */
export function activeUserWithProfileQuery(profileName: string): string {
  return `SELECT Id, Username, Profile.Name FROM User WHERE Profile.Name = ${soqlString(profileName)} AND IsActive = true LIMIT 1`;
}

/** One assignment of the named permission set to an active user, if any, with the user's username. */
export function activeAssignmentOfPermissionSetQuery(permissionSetName: string): string {
  return `SELECT AssigneeId, Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.Name = ${soqlString(
    permissionSetName,
  )} AND Assignee.IsActive = true LIMIT 1`;
}

/** The ExternalClientApplication record of an app, by its API name. */
export function externalClientAppIdQuery(apiName: string): string {
  return `SELECT Id FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(apiName)}`;
}

/** Active and inactive users by email address: who owns the address a run-as user was given as (§4). */
export function usersByEmailQuery(emails: readonly string[]): string {
  return `SELECT Username, Email, IsActive FROM User WHERE Email IN ${soqlInList(emails)}`;
}

// sf eca audit: every OAuth token row (one per user and app; AppName is the app's label) and every app record.

/** OauthToken rows with their last use, for the audit's usage checks. */
export function oauthTokensQuery(): string {
  return 'SELECT AppName, UserId, LastUsedDate, UseCount FROM OauthToken';
}

/** Every ExternalClientApplication record (Id, DeveloperName, MasterLabel). */
export function externalClientAppsQuery(): string {
  return 'SELECT Id, DeveloperName, MasterLabel FROM ExternalClientApplication';
}
