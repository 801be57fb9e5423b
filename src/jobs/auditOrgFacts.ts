/*
 * What only the org knows, for the audit: the run-as users (exists, active, API Only, administrator through the
 * profile or a permission set: the pre-flight's queries and reasons, src/org/preflight.ts), the OAuth tokens
 * (OauthToken: last use and users per app), the records of the apps, all from one Composite SOQL batch, and the apps
 * with usage data (the paged usage resource). Each part the org refuses is reported as not checked.
 */
import type { Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { type ParsedApp } from '../metadata/parse.js';
import { readMetadataXml } from '../metadata/xmlReader.js';
import { soqlRunnerFor } from '../org/connection.js';
import { appsWithUsage, type UsageApp } from '../org/oauthUsage.js';
import { adminReasons, type AssignmentRecord, type UserRecord } from '../org/preflight.js';
import {
  API_ONLY_FIELD,
  assignmentsByAssigneeUsernameQuery,
  oauthTokensQuery,
  usersByUsernameQuery,
} from '../org/soql.js';
import { type RetrievedFile } from '../org/retrieveApps.js';
import { type AuditConfig } from '../model/auditConfig.js';
import { auditFinding } from '../model/auditRules.js';
import { type IncompletePart, type RawAppFindings } from '../model/auditReport.js';
import { FLOWS_ISSUING_REFRESH_TOKENS } from '../model/flows.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

type TokenRow = { AppName?: string | null; UserId?: string | null; LastUsedDate?: string | null };

/** What the audit needs of a Connected App beyond its rules. */
type ConnectedAppFacts = {
  name: string;
  label: string;
  runAsUser?: string;
  selfAuthorized: boolean;
  interactive: boolean;
};

export type OrgFacts = {
  users?: UserRecord[];
  assignments?: AssignmentRecord[];
  tokens?: TokenRow[];
  usage?: UsageApp[];
  connectedApps: ConnectedAppFacts[];
};

const POLICY = 'ExtlClntAppOauthConfigurablePolicies';
const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function connectedAppFacts(file: RetrievedFile): ConnectedAppFacts | undefined {
  let record;
  try {
    record = readMetadataXml(file.xml);
  } catch {
    return undefined;
  }
  const oauth = record.entries.find((e) => e.name === 'oauthConfig');
  const child = (name: string): string | undefined => oauth?.children.find((c) => c.name === name)?.text.trim();
  const scopes = oauth?.children.filter((c) => c.name === 'scopes').map((c) => c.text.trim()) ?? [];
  return {
    name: file.path.replace(/^connectedApps\//, '').replace(/\.connectedApp$/, ''),
    label: record.fields.label?.trim() ?? '',
    ...(child('oauthClientCredentialUser') ? { runAsUser: child('oauthClientCredentialUser') } : {}),
    selfAuthorized: child('isAdminApproved') !== 'true',
    interactive: Boolean(child('callbackUrl')) || scopes.includes('RefreshToken'),
  };
}

export async function readOrgFacts(
  connection: Connection,
  parsedApps: readonly ParsedApp[],
  connectedApps: readonly RawAppFindings[],
  files: readonly RetrievedFile[],
  incomplete: IncompletePart[],
): Promise<OrgFacts> {
  const part =
    (key: string) =>
    (error: unknown): undefined => {
      const name = messages.getMessage(`part.${key}`);
      if (!incomplete.some((p) => p.part === name)) incomplete.push({ part: name, reason: reasonOf(error) });
      return undefined;
    };
  const connectedAppNames = new Set(connectedApps.map((app) => app.name));
  const caFacts = files
    .filter((f) => f.path.startsWith('connectedApps/'))
    .map(connectedAppFacts)
    .filter((facts): facts is ConnectedAppFacts => facts !== undefined)
    .filter((facts) => connectedAppNames.has(facts.name));
  const usernames = [
    ...new Set(
      [...parsedApps.map((app) => app.spec.policies.runAsUser), ...caFacts.map((ca) => ca.runAsUser)].filter(
        (name): name is string => typeof name === 'string' && name.trim() !== '',
      ),
    ),
  ];
  const query = soqlRunnerFor(connection);
  const [users, assignments, tokens, usage] = await Promise.all([
    usernames.length > 0 ? query<UserRecord>(usersByUsernameQuery(usernames)).catch(part('users')) : [],
    usernames.length > 0
      ? query<AssignmentRecord>(assignmentsByAssigneeUsernameQuery(usernames)).catch(part('users'))
      : [],
    query<TokenRow>(oauthTokensQuery()).catch(part('tokens')),
    appsWithUsage(connection).catch(part('usage')),
  ]);
  return { users, assignments, tokens, usage, connectedApps: caFacts };
}

/** The org-only findings, added to the apps they are about. */
export function orgFactFindings(
  facts: OrgFacts,
  context: { parsedApps: readonly ParsedApp[]; apps: RawAppFindings[]; config: AuditConfig; now: Date },
): void {
  const { thresholds } = context.config;
  // Indexed once: an org's tokens run to many thousands of rows, its apps to hundreds.
  const appsByKey = firstBy(context.apps, (app) => `${app.type}:${app.name}`);
  const appOf = (name: string, type: RawAppFindings['type']): RawAppFindings | undefined =>
    appsByKey.get(`${type}:${name}`);
  const since = context.now.getTime() - thresholds.unusedDays * 86_400_000;
  const tokensByApp = new Map<string, TokenRow[]>();
  for (const row of facts.tokens ?? []) {
    const key = (row.AppName ?? '').toLowerCase();
    const rows = tokensByApp.get(key);
    if (rows) rows.push(row);
    else tokensByApp.set(key, [row]);
  }
  const tokensOf = (label: string, name: string): TokenRow[] => {
    const byLabel = tokensByApp.get(label.toLowerCase()) ?? [];
    return label.toLowerCase() === name.toLowerCase()
      ? byLabel
      : [...byLabel, ...(tokensByApp.get(name.toLowerCase()) ?? [])];
  };
  const lastUse = (rows: readonly TokenRow[]): number =>
    rows.reduce((latest, row) => Math.max(latest, Date.parse(row.LastUsedDate ?? '') || 0), 0);
  const distinctUsers = (rows: readonly TokenRow[]): number => new Set(rows.map((row) => row.UserId)).size;
  const usersByName = firstBy(facts.users ?? [], (user) => user.Username.toLowerCase());
  const usageNames = new Set((facts.usage ?? []).map((u) => u.developerName?.toLowerCase()));

  const checkRunAs = (target: RawAppFindings, username: string, component: string, field: string): void => {
    if (!facts.users || !facts.assignments) return;
    const user = usersByName.get(username.toLowerCase());
    const location = { component, field };
    const add = (code: string, tokens: Array<string | number>): void => {
      target.findings.push({ finding: auditFinding(code, 'run-as-user', field, tokens), location });
    };
    if (!user) return add('runAsUser.notFound', [username]);
    if (!user.IsActive) add('runAsUser.inactive', [username]);
    const reasons = adminReasons(user, facts.assignments);
    if (reasons.length > 0) add('runAsUser.admin', [username, reasons.join('; ')]);
    const apiOnly =
      user.Profile?.[API_ONLY_FIELD] === true ||
      facts.assignments.some((a) => a.AssigneeId === user.Id && a.PermissionSet?.[API_ONLY_FIELD] === true);
    if (!apiOnly) add('runAsUser.notApiOnly', [username]);
  };

  for (const parsed of context.parsedApps) {
    const { spec } = parsed;
    const target = appOf(spec.apiName, 'ExternalClientApplication');
    if (!target) continue;
    const policyFile = parsed.files.find((f) => f.type === POLICY);
    const policyComponent = `${POLICY}:${policyFile ? componentName(policyFile.path) : spec.apiName}`;
    const appComponent = `ExternalClientApplication:${spec.apiName}`;
    if (spec.policies.runAsUser) {
      checkRunAs(target, spec.policies.runAsUser, policyComponent, `${POLICY}.clientCredentialsFlowUser`);
    }
    if (!facts.tokens) continue;
    const rows = tokensOf(spec.label, spec.apiName);
    const interactive = spec.oauth.flows.some((flow) => FLOWS_ISSUING_REFRESH_TOKENS.includes(flow));
    const inUsage = usageNames.has(spec.apiName.toLowerCase());
    if (interactive && lastUse(rows) < since && !(rows.length === 0 && inUsage)) {
      target.findings.push({
        finding: auditFinding('usage.unused', 'name', 'ExternalClientApplication', [thresholds.unusedDays]),
        location: { component: appComponent },
      });
    }
    const users = distinctUsers(rows);
    if (spec.policies.permittedUsers === 'AllSelfAuthorized' && users >= thresholds.manyUsers) {
      target.findings.push({
        finding: auditFinding(
          'usage.selfAuthorizedManyUsers',
          'permitted-users',
          `${POLICY}.permittedUsersPolicyType`,
          [users],
        ),
        location: { component: policyComponent, field: `${POLICY}.permittedUsersPolicyType` },
      });
    }
  }

  for (const ca of facts.connectedApps) {
    const target = appOf(ca.name, 'ConnectedApp');
    if (!target) continue;
    const component = `ConnectedApp:${ca.name}`;
    if (ca.runAsUser) checkRunAs(target, ca.runAsUser, component, 'ConnectedApp.oauthConfig.oauthClientCredentialUser');
    if (!facts.tokens) continue;
    const rows = tokensOf(ca.label, ca.name);
    const last = lastUse(rows);
    if (last >= since) {
      target.findings.push({
        finding: auditFinding('connectedApp.inUseFrozen', 'name', 'ConnectedApp', [
          ca.name,
          new Date(last).toISOString().slice(0, 10),
        ]),
        location: { component },
      });
    } else if (ca.interactive) {
      target.findings.push({
        finding: auditFinding('usage.unused', 'name', 'ConnectedApp', [thresholds.unusedDays]),
        location: { component },
      });
    }
    const users = distinctUsers(rows);
    if (ca.selfAuthorized && users >= thresholds.manyUsers) {
      target.findings.push({
        finding: auditFinding(
          'usage.selfAuthorizedManyUsers',
          'permitted-users',
          'ConnectedApp.oauthConfig.isAdminApproved',
          [users],
        ),
        location: { component, field: 'ConnectedApp.oauthConfig.isAdminApproved' },
      });
    }
  }
}

/** The first item of each key, as a lookup (what `find` gives, without a scan per lookup). */
function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

const componentName = (path: string): string => (path.split('/').pop() ?? path).replace(/\.[^.]+(-meta\.xml)?$/, '');
