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
  },
  {
    key: 'oauthSettings',
    name: 'ExtlClntAppOauthSettings',
    suffix: 'ecaOauth',
    folder: 'extlClntAppOauthSettings',
    since: 59,
  },
  {
    key: 'oauthPolicies',
    name: 'ExtlClntAppOauthConfigurablePolicies',
    suffix: 'ecaOauthPlcy',
    folder: 'extlClntAppOauthPolicies',
    since: 59,
  },
  {
    key: 'policies',
    name: 'ExtlClntAppConfigurablePolicies',
    suffix: 'ecaPlcy',
    folder: 'extlClntAppPolicies',
    since: 60,
  },
];

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export function ecaType(key: EcaTypeKey): EcaType {
  const type = ECA_TYPES.find((t) => t.key === key);
  if (!type) throw new Error(`unknown ECA type key ${key}`);
  return type;
}

export const ecaTypeByName = (name: string): EcaType | undefined => ECA_TYPES.find((t) => t.name === name);

/** `My_App` + app -> `My_App.eca-meta.xml`; every satellite is named after its app too. */
export const fileNameFor = (type: EcaType, apiName: string): string => `${apiName}.${type.suffix}-meta.xml`;

/** `externalClientApps/My_App.eca-meta.xml`, relative to `<packageDir>/main/default`. */
export const relativePathFor = (type: EcaType, apiName: string): string =>
  `${type.folder}/${fileNameFor(type, apiName)}`;

/** The component name in a file name (`My_App.ecaOauth-meta.xml` -> `My_App`), or undefined if the suffix differs. */
export function componentNameOf(type: EcaType, fileName: string): string | undefined {
  const ending = `.${type.suffix}-meta.xml`;
  return fileName.endsWith(ending) ? fileName.slice(0, -ending.length) : undefined;
}
