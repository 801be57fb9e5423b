/*
 * THE table of the five metadata types that make one OAuth External Client App (docs/salesforce-facts.md §1).
 * Suffixes and folders are those of source-deploy-retrieve's registry; a unit test asserts they still match it.
 * This module must stay free of SDR: `sf eca generate` never loads it.
 */

export type EcaTypeName =
  | 'ExternalClientApplication'
  | 'ExtlClntAppOauthSettings'
  | 'ExtlClntAppGlobalOauthSettings'
  | 'ExtlClntAppOauthConfigurablePolicies'
  | 'ExtlClntAppConfigurablePolicies';

export type EcaTypeKey = 'app' | 'oauthSettings' | 'globalOauthSettings' | 'oauthPolicies' | 'policies';

export type EcaType = {
  readonly key: EcaTypeKey;
  readonly name: EcaTypeName;
  /** Source-format suffix: files are `<name>.<suffix>-meta.xml`. */
  readonly suffix: string;
  /** Conventional folder under `main/default`. */
  readonly folder: string;
  /** API version that introduced the type. */
  readonly since: number;
  /** What Setup appends to the app's API name to name a satellite (§8.1); the app itself has none. */
  readonly setupNameSuffix?: string;
};

/** In deploy order: the app first, then its satellites. */
export const ECA_TYPES: readonly EcaType[] = [
  { key: 'app', name: 'ExternalClientApplication', suffix: 'eca', folder: 'externalClientApps', since: 59 },
  {
    key: 'globalOauthSettings',
    name: 'ExtlClntAppGlobalOauthSettings',
    suffix: 'ecaGlblOauth',
    folder: 'extlClntAppGlobalOauthSets',
    since: 59,
    setupNameSuffix: '_glbloauth',
  },
  {
    key: 'oauthSettings',
    name: 'ExtlClntAppOauthSettings',
    suffix: 'ecaOauth',
    folder: 'extlClntAppOauthSettings',
    since: 59,
    setupNameSuffix: '_oauth',
  },
  {
    key: 'oauthPolicies',
    name: 'ExtlClntAppOauthConfigurablePolicies',
    suffix: 'ecaOauthPlcy',
    folder: 'extlClntAppOauthPolicies',
    since: 59,
    setupNameSuffix: '_oauthPlcy',
  },
  {
    key: 'policies',
    name: 'ExtlClntAppConfigurablePolicies',
    suffix: 'ecaPlcy',
    folder: 'extlClntAppPolicies',
    since: 60,
    setupNameSuffix: '_plcy',
  },
];

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export function ecaType(key: EcaTypeKey): EcaType {
  const type = ECA_TYPES.find((t) => t.key === key);
  if (!type) throw new Error(`unknown ECA type key ${key}`);
  return type;
}

export const ecaTypeByName = (name: string): EcaType | undefined => ECA_TYPES.find((t) => t.name === name);

/**
 * The component name Setup gives a type of an app (§8.1): the app's API name for the app, `My_App_glbloauth`,
 * `My_App_oauth`, `My_App_oauthPlcy` and `My_App_plcy` for its satellites.
 */
export const setupComponentName = (type: EcaType, apiName: string): string => `${apiName}${type.setupNameSuffix ?? ''}`;

/** `My_App_oauth` + oauthSettings -> `My_App_oauth.ecaOauth-meta.xml`: a component's source file name. */
export const fileNameFor = (type: EcaType, componentName: string): string => `${componentName}.${type.suffix}-meta.xml`;

/** `extlClntAppOauthSettings/My_App_oauth.ecaOauth-meta.xml`, relative to `<packageDir>/main/default`. */
export const relativePathFor = (type: EcaType, componentName: string): string =>
  `${type.folder}/${fileNameFor(type, componentName)}`;

/** The component name in a file name (`My_App.ecaOauth-meta.xml` -> `My_App`), or undefined if the suffix differs. */
export function componentNameOf(type: EcaType, fileName: string): string | undefined {
  const ending = `.${type.suffix}-meta.xml`;
  return fileName.endsWith(ending) ? fileName.slice(0, -ending.length) : undefined;
}
