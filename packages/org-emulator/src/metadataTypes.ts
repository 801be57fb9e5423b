/*
 * The metadata types this org knows, as they appear in a deployment zip (metadata format: `<folder>/<name>.<suffix>`).
 * The emulator keeps its own table, as an org does; it does not ask SDR.
 */

export type OrgMetadataType = { name: string; folder: string; suffix: string; satellite: boolean };

export const ECA = 'ExternalClientApplication';
export const GLOBAL_OAUTH = 'ExtlClntAppGlobalOauthSettings';
export const OAUTH_SETTINGS = 'ExtlClntAppOauthSettings';
export const OAUTH_POLICIES = 'ExtlClntAppOauthConfigurablePolicies';
export const APP_POLICIES = 'ExtlClntAppConfigurablePolicies';
export const OAUTH_SECURITY = 'ExtlClntAppOauthSecuritySettings';
export const CONNECTED_APP = 'ConnectedApp';

export const ORG_METADATA_TYPES: OrgMetadataType[] = [
  { name: ECA, folder: 'externalClientApps', suffix: 'eca', satellite: false },
  { name: GLOBAL_OAUTH, folder: 'extlClntAppGlobalOauthSets', suffix: 'ecaGlblOauth', satellite: true },
  { name: OAUTH_SETTINGS, folder: 'extlClntAppOauthSettings', suffix: 'ecaOauth', satellite: true },
  { name: OAUTH_POLICIES, folder: 'extlClntAppOauthPolicies', suffix: 'ecaOauthPlcy', satellite: true },
  { name: APP_POLICIES, folder: 'extlClntAppPolicies', suffix: 'ecaPlcy', satellite: true },
  {
    name: 'ExtlClntAppSamlConfigurablePolicies',
    folder: 'extlClntAppSamlConfigurablePolicies',
    suffix: 'ecaSamlPlcy',
    satellite: true,
  },
  { name: 'ExtlClntAppCanvasSettings', folder: 'extlClntAppCanvasSettings', suffix: 'ecaCanvas', satellite: true },
  // Newer than the v66 WSDL (docs/salesforce-facts.md §1.3): the schema has it from API 67 (apiVersions.ts).
  {
    name: OAUTH_SECURITY,
    folder: 'extlClntAppOauthSecuritySettings',
    suffix: 'ecaOauthSecurity',
    satellite: true,
  },
  { name: CONNECTED_APP, folder: 'connectedApps', suffix: 'connectedApp', satellite: false },
];

export type ZipComponent = { type: OrgMetadataType; fullName: string; fileName: string };

/** The type and API name of a zip entry such as `externalClientApps/My_App.eca`, if it is one this org knows. */
export function componentOfEntry(fileName: string): ZipComponent | undefined {
  const match = /^([^/]+)\/([^/]+)\.([^./]+)$/.exec(fileName);
  if (!match) return undefined;
  const [, folder, fullName, suffix] = match;
  const type =
    ORG_METADATA_TYPES.find((t) => t.suffix === suffix && t.folder === folder) ??
    ORG_METADATA_TYPES.find((t) => t.suffix === suffix);
  return type ? { type, fullName, fileName } : undefined;
}

export const typeByName = (name: string): OrgMetadataType | undefined =>
  ORG_METADATA_TYPES.find((t) => t.name === name);
