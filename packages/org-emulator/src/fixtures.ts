/*
 * Hand-written External Client App files for the emulator's tests: a valid app by default, with
 * overrides to break one rule at a time. Source format (what a DX project holds); `writeDxProject`
 * lays them out for SDR, `zipDeployment` builds the metadata-format zip an org receives.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

export type FixtureOptions = {
  appName?: string;
  /** Elements of each file, as XML lines inside the root, in schema order. */
  eca?: string[];
  global?: string[];
  oauth?: string[];
  oauthPolicy?: string[];
  policy?: string[];
  /** Leave one of the satellites out. */
  omit?: Array<'global' | 'oauth' | 'oauthPolicy' | 'policy'>;
};

export type FixtureFile = { type: string; folder: string; suffix: string; fullName: string; xml: string };

const doc = (root: string, lines: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${lines.map((l) => `    ${l}`).join('\n')}\n</${root}>\n`;

export function appFiles(options: FixtureOptions = {}): FixtureFile[] {
  const app = options.appName ?? 'Emu_App';
  const omit = new Set(options.omit ?? []);
  const files: FixtureFile[] = [
    {
      type: 'ExternalClientApplication',
      folder: 'externalClientApps',
      suffix: 'eca',
      fullName: app,
      xml: doc(
        'ExternalClientApplication',
        options.eca ?? [
          '<contactEmail>dev@example.com</contactEmail>',
          '<distributionState>Local</distributionState>',
          '<isProtected>false</isProtected>',
          `<label>${app}</label>`,
        ],
      ),
    },
  ];
  const satellite = (
    key: 'global' | 'oauth' | 'oauthPolicy' | 'policy',
    type: string,
    folder: string,
    suffix: string,
    lines: string[],
  ): void => {
    if (!omit.has(key)) files.push({ type, folder, suffix, fullName: `${app}_${suffix}`, xml: doc(type, lines) });
  };
  satellite(
    'global',
    'ExtlClntAppGlobalOauthSettings',
    'extlClntAppGlobalOauthSets',
    'ecaGlblOauth',
    options.global ?? [
      '<callbackUrl>https://app.example.com/callback\nhttp://localhost:1717/OauthRedirect</callbackUrl>',
      `<externalClientApplication>${app}</externalClientApplication>`,
      '<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>',
      '<isCodeCredFlowEnabled>false</isCodeCredFlowEnabled>',
      '<isConsumerSecretOptional>false</isConsumerSecretOptional>',
      '<isIntrospectAllTokens>false</isIntrospectAllTokens>',
      '<isPkceRequired>true</isPkceRequired>',
      '<isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>',
      '<isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>',
      `<label>${app}</label>`,
    ],
  );
  satellite(
    'oauth',
    'ExtlClntAppOauthSettings',
    'extlClntAppOauthSettings',
    'ecaOauth',
    options.oauth ?? [
      '<commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>',
      `<externalClientApplication>${app}</externalClientApplication>`,
      `<label>${app}</label>`,
    ],
  );
  satellite(
    'oauthPolicy',
    'ExtlClntAppOauthConfigurablePolicies',
    'extlClntAppOauthPolicies',
    'ecaOauthPlcy',
    options.oauthPolicy ?? [
      '<clientCredentialsFlowUser>integration@eca-emulator.test</clientCredentialsFlowUser>',
      '<commaSeparatedPermissionSet>ECA_Integration</commaSeparatedPermissionSet>',
      `<externalClientApplication>${app}</externalClientApplication>`,
      '<ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>',
      '<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>',
      `<label>${app}</label>`,
      '<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>',
      '<refreshTokenPolicyType>SpecificInactivity</refreshTokenPolicyType>',
      '<refreshTokenValidityPeriod>30</refreshTokenValidityPeriod>',
      '<refreshTokenValidityUnit>Days</refreshTokenValidityUnit>',
      '<sessionTimeoutInMinutes>15</sessionTimeoutInMinutes>',
    ],
  );
  satellite(
    'policy',
    'ExtlClntAppConfigurablePolicies',
    'extlClntAppPolicies',
    'ecaPlcy',
    options.policy ?? [
      `<externalClientApplication>${app}</externalClientApplication>`,
      '<isEnabled>true</isEnabled>',
      '<isOauthPluginEnabled>true</isOauthPluginEnabled>',
      `<label>${app}</label>`,
      '<startPage>None</startPage>',
    ],
  );
  return files;
}

/** A DX project (sfdx-project.json + force-app/main/default/<folder>/<name>.<suffix>-meta.xml); returns its path. */
export function writeDxProject(files: FixtureFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'eca-emu-project-'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
  );
  for (const f of files) {
    const folder = join(dir, 'force-app', 'main', 'default', f.folder);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${f.fullName}.${f.suffix}-meta.xml`), f.xml);
  }
  return dir;
}

/** The metadata-format zip of a deployment: package.xml (at `apiVersion`) plus `<folder>/<name>.<suffix>`. */
export async function zipDeployment(
  files: FixtureFile[],
  packageTypes?: Array<[string, string]>,
  apiVersion = '66.0',
): Promise<Buffer> {
  const zip = new JSZip();
  const members = packageTypes ?? files.map((f): [string, string] => [f.type, f.fullName]);
  const types = [...new Set(members.map(([t]) => t))].map(
    (t) =>
      `    <types>\n${members
        .filter(([x]) => x === t)
        .map(([, m]) => `        <members>${m}</members>\n`)
        .join('')}        <name>${t}</name>\n    </types>\n`,
  );
  zip.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<Package ${NS}>\n${types.join('')}    <version>${apiVersion}</version>\n</Package>\n`,
  );
  for (const f of files) zip.file(`${f.folder}/${f.fullName}.${f.suffix}`, f.xml);
  return zip.generateAsync({ type: 'nodebuffer' });
}
