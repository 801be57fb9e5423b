/*
 * SOAP Metadata API readMetadata for the ECA types: the stored component as a retrieve would hold it, in the shape real
 * orgs answer (`<result><records xsi:type="Type"><fullName>…</fullName>…fields…</records></result>`, one record per
 * name asked, in the order asked). A name the org doesn't hold answers `<records xsi:nil="true"/>`, as real orgs do:
 * jsforce's `metadata.read` then returns `{}` (a record without fullName), not an error. A type the org doesn't know
 * is the sf:INVALID_TYPE fault.
 */
import { ECA, typeByName } from './metadataTypes.js';
import { type Reply } from './http.js';
import { soapFault, soapResponseXml, toXml } from './soapXml.js';
import { type OrgState, type StoredComponent } from './state.js';

/** The stored component of a type by its API name (an app's own component by the app's name). */
export function storedComponent(state: OrgState, type: string, fullName: string): StoredComponent | undefined {
  for (const app of state.apps) {
    const component = app.components[type];
    if (component?.fullName === fullName) return component;
    if (type === ECA && app.developerName === fullName && component) return component;
  }
  return undefined;
}

export function readMetadata(state: OrgState, args: Record<string, unknown>): Reply {
  const type = String(args.type ?? '');
  if (!typeByName(type)) return soapFault('INVALID_TYPE', `Unknown type name '${type}' specified in the call`);
  const names = [args.fullNames ?? []].flat().map(String);
  const records = names
    .map((name) => {
      const component = storedComponent(state, type, name);
      if (!component) return '<records xsi:nil="true"/>';
      const fields = Object.entries(component.fields)
        .filter(([key]) => key !== '$' && key !== 'fullName')
        .map(([key, value]) => toXml(key, value))
        .join('');
      return `<records xsi:type="${type}">${toXml('fullName', component.fullName)}${fields}</records>`;
    })
    .join('');
  return soapResponseXml('readMetadata', `<result>${records}</result>`);
}
