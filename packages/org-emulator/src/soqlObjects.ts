/*
 * The sObjects the SOQL resource can read, each as rows drawn from the org state, its fields and its
 * lookup relationships (one level).
 */
import { PERMISSION_NAMES, type OrgState, type Permissions } from './state.js';
import { OAUTH_TOKEN_OBJECT } from './orgAudit.js';

export type Row = Record<string, unknown>;

export type ObjectDef = {
  name: string;
  keyPrefix: string;
  rows: (state: OrgState) => Row[];
  /** Canonical field names; a row holds its values under these names. */
  fields: string[];
  /** Relationship name → the object it points at and the id field that holds the reference. */
  relationships: Record<string, { object: string; idField: string }>;
};

const permissionFields = (permissions: Permissions): Row =>
  Object.fromEntries(PERMISSION_NAMES.map((p) => [`Permissions${p}`, permissions[p] === true]));
const PERMISSION_FIELDS = PERMISSION_NAMES.map((p) => `Permissions${p}`);

export const OBJECTS: ObjectDef[] = [
  {
    name: 'User',
    keyPrefix: '005',
    fields: ['Id', 'Username', 'Name', 'FirstName', 'LastName', 'Email', 'IsActive', 'ProfileId', 'UserType'],
    relationships: { Profile: { object: 'Profile', idField: 'ProfileId' } },
    rows: (state) =>
      state.users.map((u) => ({
        Id: u.id,
        Username: u.username,
        Name: `${u.firstName} ${u.lastName}`,
        FirstName: u.firstName,
        LastName: u.lastName,
        Email: u.email,
        IsActive: u.isActive,
        ProfileId: u.profileId,
        UserType: 'Standard',
      })),
  },
  {
    name: 'Profile',
    keyPrefix: '00e',
    fields: ['Id', 'Name', 'UserType', ...PERMISSION_FIELDS],
    relationships: {},
    rows: (state) =>
      state.profiles.map((p) => ({ Id: p.id, Name: p.name, UserType: 'Standard', ...permissionFields(p.permissions) })),
  },
  {
    name: 'PermissionSet',
    keyPrefix: '0PS',
    fields: ['Id', 'Name', 'Label', 'IsOwnedByProfile', 'ProfileId', 'NamespacePrefix', ...PERMISSION_FIELDS],
    relationships: { Profile: { object: 'Profile', idField: 'ProfileId' } },
    rows: (state) =>
      state.permissionSets.map((p) => ({
        Id: p.id,
        Name: p.name,
        Label: p.label,
        IsOwnedByProfile: p.profileId !== undefined,
        ProfileId: p.profileId ?? null,
        NamespacePrefix: null,
        ...permissionFields(p.permissions),
      })),
  },
  {
    name: 'PermissionSetAssignment',
    keyPrefix: '0Pa',
    fields: ['Id', 'AssigneeId', 'PermissionSetId', 'IsActive'],
    relationships: {
      Assignee: { object: 'User', idField: 'AssigneeId' },
      PermissionSet: { object: 'PermissionSet', idField: 'PermissionSetId' },
    },
    rows: (state) =>
      state.assignments.map((a) => ({
        Id: a.id,
        AssigneeId: a.assigneeId,
        PermissionSetId: a.permissionSetId,
        IsActive: true,
      })),
  },
  {
    name: 'ExternalClientApplication',
    keyPrefix: '0xI',
    fields: ['Id', 'DeveloperName', 'MasterLabel', 'NamespacePrefix', 'CreatedDate', 'LastModifiedDate'],
    relationships: {},
    rows: (state) =>
      state.apps.map((a) => ({
        Id: a.id,
        DeveloperName: a.developerName,
        MasterLabel: a.label,
        NamespacePrefix: null,
        CreatedDate: a.createdAt.toISOString().replace('Z', '+0000'),
        LastModifiedDate: a.deployedAt.toISOString().replace('Z', '+0000'),
      })),
  },
  {
    name: 'Organization',
    keyPrefix: '00D',
    fields: ['Id', 'Name', 'InstanceName', 'IsSandbox', 'TrialExpirationDate', 'NamespacePrefix', 'OrganizationType'],
    relationships: {},
    rows: (state) => [
      {
        Id: state.orgId,
        Name: state.orgName,
        InstanceName: state.instanceName,
        IsSandbox: false,
        TrialExpirationDate: null,
        NamespacePrefix: null,
        OrganizationType: 'Developer Edition',
      },
    ],
  },
];

OBJECTS.push(OAUTH_TOKEN_OBJECT);

export const objectByName = (name: string): ObjectDef | undefined =>
  OBJECTS.find((o) => o.name.toLowerCase() === name.toLowerCase());
