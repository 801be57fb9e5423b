/*
 * SOAP Metadata API listMetadata, retrieve and checkRetrieveStatus for the ECA types, ConnectedApp and the
 * ExternalClientApp settings, as real orgs answer them: listMetadata takes up to 3 queries and answers one
 * FileProperties per component; retrieve (up to 10,000 components) answers an AsyncResult; checkRetrieveStatus answers
 * the zip (base64) of the components in metadata format (`externalClientApps/X.eca`, `settings/ExternalClientApp.settings`;
 * under `unpackaged/` unless singlePackage), each file in the shape of retrieveShape.ts. Members may be `*`. A name the
 * org does not hold is a message of the result, not a failure.
 */
import { ORG_METADATA_TYPES, typeByName } from './metadataTypes.js';
import { type Reply } from './http.js';
import { externalClientAppSettingsXml, retrievedFields, retrievedXml } from './retrieveShape.js';
import { soapFault, soapResponse } from './soapXml.js';
import { type OrgState } from './state.js';
import { writeZip } from './writeZip.js';

export const MAX_LIST_QUERIES = 3;
export const MAX_RETRIEVE_COMPONENTS = 10_000;

type Component = { type: string; fullName: string; fileName: string; id: string; xml: () => string; created: Date };

const SETTINGS = { type: 'Settings', fullName: 'ExternalClientApp', fileName: 'settings/ExternalClientApp.settings' };

/** Every component of a type the org holds. */
function componentsOf(state: OrgState, type: string): Component[] {
  if (type === 'Settings') {
    return [{ ...SETTINGS, id: '', xml: () => externalClientAppSettingsXml(state), created: new Date(0) }];
  }
  const known = typeByName(type);
  if (!known) return [];
  if (type === 'ConnectedApp') {
    return state.connectedApps.map((app) => ({
      type,
      fullName: app.fullName,
      fileName: `${known.folder}/${app.fullName}.${known.suffix}`,
      id: app.id,
      xml: () => app.xml,
      created: app.createdAt,
    }));
  }
  return state.apps.flatMap((app) => {
    const stored = app.components[type];
    if (!stored) return [];
    const fullName = stored.fullName;
    return [
      {
        type,
        fullName,
        fileName: `${known.folder}/${fullName}.${known.suffix}`,
        id: app.id,
        xml: () => retrievedXml(type, retrievedFields(state, app, type)),
        created: app.createdAt,
      },
    ];
  });
}

const fileProperties = (state: OrgState, c: Component) => {
  const admin = state.users[0];
  return {
    createdById: admin?.id ?? '',
    createdByName: admin ? `${admin.firstName} ${admin.lastName}` : '',
    createdDate: c.created.toISOString(),
    fileName: c.fileName,
    fullName: c.fullName,
    id: c.id,
    lastModifiedById: admin?.id ?? '',
    lastModifiedByName: admin ? `${admin.firstName} ${admin.lastName}` : '',
    lastModifiedDate: c.created.toISOString(),
    manageableState: 'unmanaged',
    type: c.type,
  };
};

export function listMetadata(state: OrgState, args: Record<string, unknown>): Reply {
  const queries = [args.queries ?? []].flat() as Array<{ type?: unknown }>;
  if (queries.length > MAX_LIST_QUERIES) {
    return soapFault('INVALID_QUERY', `Too many queries: at most ${MAX_LIST_QUERIES} per listMetadata call`);
  }
  const result = [];
  for (const query of queries) {
    const type = String(query.type ?? '');
    if (type !== 'Settings' && !typeByName(type)) {
      return soapFault('INVALID_TYPE', `Unknown type name '${type}' specified in the call`);
    }
    result.push(...componentsOf(state, type).map((c) => fileProperties(state, c)));
  }
  return soapResponse('listMetadata', result);
}

type TypeMembers = { name?: unknown; members?: unknown };

export function startRetrieve(state: OrgState, args: Record<string, unknown>, userId: string): Reply {
  const request = (args.request ?? args.retrieveRequest ?? {}) as Record<string, unknown>;
  const unpackaged = (request.unpackaged ?? {}) as { types?: TypeMembers | TypeMembers[] };
  const types = [unpackaged.types ?? []].flat();
  const count = types.reduce((sum, t) => sum + [t.members ?? []].flat().length, 0);
  if (count > MAX_RETRIEVE_COMPONENTS) {
    return soapFault('LIMIT_EXCEEDED', `Too many components: a retrieve holds at most ${MAX_RETRIEVE_COMPONENTS}`);
  }
  for (const t of types) {
    const name = String(t.name ?? '');
    if (name !== 'Settings' && !typeByName(name)) {
      return soapFault('INVALID_TYPE', `Unknown type name '${name}' specified in the call`);
    }
  }
  const id = state.ids.next('09S');
  state.retrieves.set(id, { id, request, pendingChecks: 0, userId });
  return soapResponse('retrieve', { done: false, id, state: 'Queued' });
}

export function checkRetrieveStatus(state: OrgState, args: Record<string, unknown>): Reply {
  const id = String(args.asyncProcessId ?? args.id ?? '');
  const job = state.retrieves.get(id);
  if (!job) return soapFault('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
  if (job.pendingChecks > 0) {
    job.pendingChecks--;
    return soapResponse('checkRetrieveStatus', { done: false, id, status: 'InProgress', success: false });
  }
  const request = job.request;
  const single = String(request.singlePackage ?? 'false') === 'true';
  const prefix = single ? '' : 'unpackaged/';
  const unpackaged = (request.unpackaged ?? {}) as { types?: TypeMembers | TypeMembers[] };
  const entries: Array<{ name: string; content: string }> = [];
  const files = [];
  const messages = [];
  const packageTypes: string[] = [];
  for (const t of [unpackaged.types ?? []].flat()) {
    const type = String(t.name ?? '');
    const members = [t.members ?? []].flat().map(String);
    const all = componentsOf(state, type);
    const chosen = members.includes('*') ? all : all.filter((c) => members.includes(c.fullName));
    for (const name of members.filter((m) => m !== '*' && !all.some((c) => c.fullName === m))) {
      messages.push({
        fileName: `${prefix}package.xml`,
        problem: `Entity of type '${type}' named '${name}' cannot be found`,
      });
    }
    for (const c of chosen) {
      entries.push({ name: `${prefix}${c.fileName}`, content: c.xml() });
      files.push({ ...fileProperties(state, c), fileName: `${prefix}${c.fileName}` });
    }
    if (chosen.length > 0) {
      packageTypes.push(
        `    <types>\n${chosen.map((c) => `        <members>${c.fullName}</members>`).join('\n')}\n        <name>${type}</name>\n    </types>`,
      );
    }
  }
  const version = String(request.apiVersion ?? '66.0');
  entries.push({
    name: `${prefix}package.xml`,
    content: `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n${packageTypes.join('\n')}\n    <version>${version}</version>\n</Package>\n`,
  });
  const zipFile = writeZip(entries).toString('base64');
  state.retrieves.delete(id);
  return soapResponse('checkRetrieveStatus', {
    done: true,
    fileProperties: files,
    id,
    messages,
    status: 'Succeeded',
    success: true,
    zipFile,
  });
}

/** The Metadata API calls of this module, by name; undefined for a call it does not answer. */
export async function handleRetrieveCall(
  state: OrgState,
  method: string,
  args: Record<string, unknown>,
  userId: string,
): Promise<Reply | undefined> {
  if (method === 'listMetadata') return listMetadata(state, args);
  if (method === 'retrieve') return startRetrieve(state, args, userId);
  if (method === 'checkRetrieveStatus') return checkRetrieveStatus(state, args);
  return undefined;
}

export const RETRIEVABLE_TYPES = [...ORG_METADATA_TYPES.map((t) => t.name), 'Settings'];
