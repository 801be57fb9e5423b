/*
 * `sf eca audit --target-org`: every External Client App and Connected App of the org, read through the Metadata API
 * (one listMetadata call for the two app types and, at the same time, one retrieve of every app and satellite by
 * wildcard and of the ExternalClientApp settings: up to 10,000 files, about 1,600 apps, §10.2), judged by the same rules as files, plus what only the org knows, from one Composite SOQL batch and the
 * paged OAuth usage resource: the run-as users, the apps' use (auditOrgFacts.ts), the secret-over-REST setting. The
 * number of requests does not grow with the number of apps. A part the org refuses is reported as not checked.
 */
import { basename } from 'node:path';
import type { Connection } from '@salesforce/core';
import { Messages } from '../messages.js';
import { familyTypeByName, parseFamilyFileName } from '../metadata/ecaFamily.js';
import { parseAppFiles, type ParsedApp } from '../metadata/parse.js';
import { readMetadataXml } from '../metadata/xmlReader.js';
import { listComponents } from '../org/listMetadata.js';
import { retrieveComponents, type RetrievedFile } from '../org/retrieveApps.js';
import { type AuditConfig } from '../model/auditConfig.js';
import { auditFinding } from '../model/auditRules.js';
import { type AuditLocation, type IncompletePart, type RawAppFindings } from '../model/auditReport.js';
import { auditConnectedAppFile } from './auditConnectedApps.js';
import { ecaFindings } from './auditSource.js';
import { orgFactFindings, readOrgFacts } from './auditOrgFacts.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

export type OrgAuditTarget = { connection: Connection; label: string; apiVersion: string; signal?: AbortSignal };

/** The app types, listed by name; their satellites are retrieved by wildcard (the types support `*` in a manifest). */
export const LISTED_TYPES = ['ExternalClientApplication', 'ConnectedApp'];
export const SATELLITE_TYPES = [
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
];
const SETTINGS_FILE = 'settings/ExternalClientApp.settings';

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function auditOrg(
  target: OrgAuditTarget,
  options: { config: AuditConfig; names?: readonly string[]; now?: Date },
): Promise<{ apps: RawAppFindings[]; incomplete: IncompletePart[] }> {
  const { connection, apiVersion } = target;
  const incomplete: IncompletePart[] = [];
  const part = (key: string, error: unknown): void => {
    incomplete.push({ part: messages.getMessage(`part.${key}`), reason: reasonOf(error) });
  };
  // The listing and the retrieve go together: the retrieve takes every app type by wildcard, the listing says which
  // apps the org has, so an app the retrieve left out (a permission the user lacks) is reported, not skipped.
  const members = new Map<string, string[]>([
    ...[...LISTED_TYPES, ...SATELLITE_TYPES].map((type): [string, string[]] => [type, ['*']]),
    ['Settings', ['ExternalClientApp']],
  ]);
  const [listed, files] = await Promise.all([
    listComponents(connection, LISTED_TYPES, apiVersion).catch((error: unknown) => void part('list', error)),
    retrieveComponents(connection, members, { apiVersion, signal: target.signal }).catch(
      (error: unknown) => void part('retrieve', error),
    ),
  ]);
  if (!files) return { apps: [], incomplete };
  const retrieved = new Set(files.map((file) => componentOf({ path: file.path }).component));
  const missing = (listed ?? [])
    .map((item) => `${item.type}:${item.fullName}`)
    .filter((component) => !retrieved.has(component));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length} in all)` : '');
    incomplete.push({ part: messages.getMessage('part.missing'), reason: shown });
  }

  const wanted = options.names?.map((name) => name.toLowerCase());
  const selected = (name: string): boolean => !wanted || wanted.includes(name.toLowerCase());
  const parsedApps = groupEcaFiles(files).filter((app) => selected(app.spec.apiName));
  const apps: RawAppFindings[] = parsedApps.map((parsed) => asOrgFindings(ecaFindings(parsed, options, (p) => p)));
  const connectedApps: RawAppFindings[] = [];
  for (const file of files.filter((f) => f.path.startsWith('connectedApps/'))) {
    const audited = await auditConnectedAppFile(file.path, file.path, options.config.thresholds, file.xml);
    if (audited && selected(audited.name)) connectedApps.push(asOrgFindings(audited));
  }
  apps.push(...connectedApps);

  const facts = await readOrgFacts(connection, parsedApps, connectedApps, files, incomplete);
  orgFactFindings(facts, { parsedApps, apps, config: options.config, now: options.now ?? new Date() });

  const settings = files.find((file) => file.path === SETTINGS_FILE);
  if (settings && readMetadataXml(settings.xml).fields.enableClientSecretInRestApiAccess?.trim() === 'true') {
    apps.push({
      name: target.label,
      type: 'Organization',
      findings: [
        {
          finding: auditFinding(
            'settings.secretInRestApi',
            'name',
            'ExternalClientAppSettings.enableClientSecretInRestApiAccess',
          ),
          location: {
            component: 'Settings:ExternalClientApp',
            field: 'ExternalClientAppSettings.enableClientSecretInRestApiAccess',
          },
        },
      ],
    });
  }
  return { apps, incomplete };
}

/** The retrieved ECA-family files grouped by app (the app by its file name, satellites by externalClientApplication). */
export function groupEcaFiles(files: readonly RetrievedFile[]): ParsedApp[] {
  const groups = new Map<string, { apiName: string; files: RetrievedFile[] }>();
  const groupOf = (name: string): { apiName: string; files: RetrievedFile[] } => {
    const key = name.toLowerCase();
    const group = groups.get(key) ?? { apiName: name, files: [] };
    groups.set(key, group);
    return group;
  };
  for (const file of files) {
    const named = parseFamilyFileName(basename(file.path));
    if (!named) continue;
    if (named.type.name === 'ExternalClientApplication') {
      const group = groupOf(named.component);
      group.apiName = named.component;
      group.files.unshift(file);
      continue;
    }
    groupOf(ownerOf(file.xml) || named.component).files.push(file);
  }
  return [...groups.values()].map((group) => parseAppFiles(group.files, { apiName: group.apiName }));
}

/** The app a retrieved satellite names: the org writes the element on one line, so a match is enough; else parse. */
function ownerOf(xml: string): string | undefined {
  const match = /<externalClientApplication>([^<]*)<\/externalClientApplication>/.exec(xml);
  if (match) return match[1].trim();
  try {
    return readMetadataXml(xml).fields.externalClientApplication?.trim();
  } catch {
    return undefined;
  }
}

/** Rules about source control: every retrieve holds the consumer key and the org-specific fields (§8.13). */
const SOURCE_ONLY_RULES: ReadonlySet<string> = new Set(['ECA012', 'ECA038']);

/** Org mode names components, not files: `ExtlClntAppOauthConfigurablePolicies:My_App_oauthPlcy`. */
function asOrgFindings(app: RawAppFindings): RawAppFindings {
  return {
    ...app,
    findings: app.findings
      .filter(({ finding }) => !SOURCE_ONLY_RULES.has(finding.rule))
      .map(({ finding, location }) => ({ finding, location: componentOf(location) })),
  };
}

function componentOf(location: AuditLocation): AuditLocation {
  if (!location.path) return location;
  const name = basename(location.path);
  const named = parseFamilyFileName(name);
  const caName = /^(.+)\.connectedApp$/.exec(name)?.[1];
  const component = named
    ? `${familyTypeByName(named.type.name)?.name ?? named.type.name}:${named.component}`
    : caName
      ? `ConnectedApp:${caName}`
      : location.path;
  return { component, ...(location.field ? { field: location.field } : {}) };
}
