/*
 * Every type of the External Client App family that source-deploy-retrieve knows (docs/salesforce-facts.md §1.1–§1.3),
 * by root element and file suffix: the five OAuth types of types.ts and the others (OAuth security, SAML, canvas,
 * mobile, push, notification, sample, attest), which discovery keeps with their app and deploys with it. A unit test
 * checks this table against SDR's registry; this module must stay free of SDR.
 */
import { ECA_TYPES } from './types.js';

export type FamilyType = { readonly name: string; readonly suffix: string; readonly folder: string };

/** The family types beyond the five of an OAuth app: read as "other files of the app", never generated. */
export const OTHER_ECA_TYPES: readonly FamilyType[] = [
  { name: 'ExtlClntAppOauthSecuritySettings', suffix: 'ecaOauthSecurity', folder: 'extlClntAppOauthSecuritySettings' },
  {
    name: 'ExtlClntAppSamlConfigurablePolicies',
    suffix: 'ecaSamlPlcy',
    folder: 'extlClntAppSamlConfigurablePolicies',
  },
  { name: 'ExtlClntAppCanvasSettings', suffix: 'ecaCanvas', folder: 'extlClntAppCanvasSettings' },
  { name: 'ExtlClntAppMobileSettings', suffix: 'ecaMobile', folder: 'extlClntAppMobileSettings' },
  { name: 'ExtlClntAppMobileConfigurablePolicies', suffix: 'ecaMobilePlcy', folder: 'extlClntAppMobilePolicies' },
  { name: 'ExtlClntAppPushSettings', suffix: 'ecaPush', folder: 'extlClntAppPushSettings' },
  { name: 'ExtlClntAppPushConfigurablePolicies', suffix: 'ecaPushPlcy', folder: 'extlClntAppPushPolicies' },
  { name: 'ExtlClntAppNotificationSettings', suffix: 'ecaNotifications', folder: 'extlClntAppNotifSettings' },
  { name: 'ExtlClntAppSampleSettings', suffix: 'ecaSmpl', folder: 'extlClntAppSampleSettings' },
  { name: 'ExtlClntAppSampleConfigurablePolicies', suffix: 'ecaSmplPlcy', folder: 'extlClntAppSamplePolicies' },
  { name: 'ExtlClntAppAttestSettings', suffix: 'ecaAttest', folder: 'extlClntAppAttestSettings' },
  { name: 'ExtlClntAppAttestConfigurablePolicies', suffix: 'ecaAttestPlcy', folder: 'extlClntAppAttestPolicies' },
];

/** All family types: the five OAuth ones first (in deploy order), then the others. */
export const ECA_FAMILY: readonly FamilyType[] = [
  ...ECA_TYPES.map(({ name, suffix, folder }) => ({ name, suffix, folder })),
  ...OTHER_ECA_TYPES,
];

export const familyTypeByName = (name: string): FamilyType | undefined => ECA_FAMILY.find((t) => t.name === name);

export type FileNameForm = 'source' | 'metadata';

/**
 * The type and component name a file name gives, in source form (`X.ecaOauth-meta.xml`) or metadata form
 * (`X.ecaOauth`, §8.11); undefined for any other name (SDR would not deploy such a file).
 */
export function parseFamilyFileName(
  fileName: string,
): { type: FamilyType; component: string; form: FileNameForm } | undefined {
  for (const type of ECA_FAMILY) {
    for (const [ending, form] of [
      [`.${type.suffix}-meta.xml`, 'source'],
      [`.${type.suffix}`, 'metadata'],
    ] as const) {
      if (fileName.endsWith(ending) && fileName.length > ending.length) {
        return { type, component: fileName.slice(0, -ending.length), form };
      }
    }
  }
  return undefined;
}
