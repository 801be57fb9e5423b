/*
 * Flag values <-> the enumerations of ExternalClientApplication and ExtlClntAppOauthConfigurablePolicies
 * (packages/org-emulator/schema/eca-metadata.xsd and the Metadata API Developer Guide). One table per field, used
 * both ways.
 */
import {
  type DistributionState,
  type IpRelaxationPolicy,
  type PermittedUsersPolicy,
  type PolicyAction,
  type RefreshTokenPolicy,
  type SessionSecurityLevel,
} from './appSpec.js';

export const PERMITTED_USERS: Readonly<Record<string, PermittedUsersPolicy>> = {
  'admin-approved': 'AdminApprovedPreAuthorized',
  'self-authorized': 'AllSelfAuthorized',
};

export const REFRESH_TOKEN_POLICIES: Readonly<Record<string, RefreshTokenPolicy>> = {
  'never-expire': 'Infinite',
  immediately: 'Zero',
  lifetime: 'SpecificLifetime',
  inactivity: 'SpecificInactivity',
};

export const IP_RELAXATION: Readonly<Record<string, IpRelaxationPolicy>> = {
  enforce: 'Enforce',
  bypass: 'Bypass',
  'bypass-with-mfa': 'Bypass_2factor',
  'relax-for-refresh': 'Enforce_RelaxRefresh',
};

/** requiredSessionLevel: high assurance makes every user flow of the app need a multi-factor session. */
export const SESSION_LEVELS: Readonly<Record<string, SessionSecurityLevel>> = {
  standard: 'STANDARD',
  'high-assurance': 'HIGH_ASSURANCE',
};

/** policyAction in the v66 schema (v67 adds StepUpMFA, not offered: it does not validate at v66). */
export const POLICY_ACTIONS: Readonly<Record<string, PolicyAction>> = {
  block: 'Block',
  'raise-session-level': 'RaiseSessionLevel',
};

export const DISTRIBUTION_STATES: Readonly<Record<string, DistributionState>> = {
  local: 'Local',
  packaged: 'Packaged',
};

/** The flag value for a schema value (`AdminApprovedPreAuthorized` -> `admin-approved`). */
export function flagValueOf(table: Readonly<Record<string, string>>, schemaValue: string): string {
  return Object.entries(table).find(([, value]) => value === schemaValue)?.[0] ?? schemaValue;
}

export const isSchemaValue = <T extends string>(table: Readonly<Record<string, T>>, value: string): value is T =>
  Object.values(table).includes(value as T);

/** Refresh-token policies that take a validity period and unit. */
export const POLICIES_WITH_VALIDITY: readonly RefreshTokenPolicy[] = ['SpecificLifetime', 'SpecificInactivity'];

/**
 * Session timeout values (minutes) offered by Setup's "Timeout Value" picklist for an app's session policy:
 * 15, 30 minutes, 1, 2, 4, 8, 12 and 24 hours (the org session settings' list; sessionTimeoutInMinutes is a
 * plain int in the WSDL, and the documentation found lists no values, so this list is not confirmed).
 */
export const SESSION_TIMEOUTS: readonly number[] = [15, 30, 60, 120, 240, 480, 720, 1440];
