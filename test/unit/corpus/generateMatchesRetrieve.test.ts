/*
 * `sf eca generate` writes what a retrieve of the app returns (docs/salesforce-facts.md §8). For retrieved apps of
 * the corpus (test/fixtures/corpus/eca, MANIFEST.tsv origin "retrieved") whose settings the flags can express, the
 * app is generated from the flags that describe it and compared with the real files: the org-generated values
 * (orgScopedExternalApp, oauthLink, consumerKey) aside, every element must be the same, except the differences
 * listed below, each with its reason. The list is asserted exactly: a new difference, or a listed one that
 * disappears, fails the test. A second check proves the real file (org values aside) is byte for byte what the
 * writer makes of its own elements, so equal elements mean equal bytes; a file reformatted after the retrieve is
 * listed as such.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateApp } from '../../../src/jobs/generate.js';
import { type GenerateFlags } from '../../../src/model/buildSpec.js';
import { renderMetadataXml, type XmlField } from '../../../src/metadata/xmlWriter.js';
import { schemaProblems } from '../../helpers/schemaProblems.js';

const CORPUS = 'test/fixtures/corpus/eca';
const ORG_GENERATED = ['orgScopedExternalApp', 'oauthLink', 'consumerKey'];

type Difference = { type: string; field: string; generated?: string; retrieved?: string; reason: string };

type Case = {
  repo: string;
  /** Real files by type, relative to the repository folder. */
  files: Record<string, string>;
  flags: GenerateFlags;
  /** The certificate body of the Global file, given to --certificate-file as PEM. */
  certificateFromRetrieve?: boolean;
  /** Files changed after the retrieve, whose bytes are not a retrieve's (MANIFEST.tsv says how). */
  reformatted?: string;
  differences: Array<Omit<Difference, 'reason'> & { reason: keyof typeof REASONS }>;
};

const REASONS = {
  sessionTimeout:
    'secure default: generate sets a 15-minute session timeout; Setup leaves sessionTimeoutInMinutes unset (§8.8)',
  after66:
    'written by orgs at API 67+ (§8.18); generate writes no field the v66 schema lacks, so every file validates (§1.9)',
  tokenExchangeSecret:
    'generate requires the secret for token exchange only from confidential clients: a public client has none to send',
  rotation: 'secure default: generate always rotates refresh tokens when they can be issued; no flag turns it off',
  codeCred:
    'the headless "authorization code and credentials" flow has no flag (not an integration flow); generate keeps it off',
  pkce: 'secure default: generate always requires PKCE; no flag turns it off',
};

const app = (apiName: string): Record<string, string> => ({
  ExternalClientApplication: `externalClientApps/${apiName}.eca-meta.xml`,
  ExtlClntAppGlobalOauthSettings: `extlClntAppGlobalOauthSets/${apiName}_glbloauth.ecaGlblOauth-meta.xml`,
  ExtlClntAppOauthSettings: `extlClntAppOauthSettings/${apiName}_oauth.ecaOauth-meta.xml`,
  ExtlClntAppOauthConfigurablePolicies: `extlClntAppOauthPolicies/${apiName}_oauthPlcy.ecaOauthPlcy-meta.xml`,
  ExtlClntAppConfigurablePolicies: `extlClntAppPolicies/${apiName}_plcy.ecaPlcy-meta.xml`,
});
const under = (folder: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([type, path]) => [type, `${folder}/${path}`]));

const POLICIES = 'ExtlClntAppOauthConfigurablePolicies';
const GLOBAL = 'ExtlClntAppGlobalOauthSettings';

const CASES: Case[] = [
  {
    repo: 'Cho-Geer__chogeer',
    files: under('force-app/main/default', app('Booking_Integration_API')),
    flags: {
      name: 'Booking_Integration_API',
      'contact-email': 'zhaogeyinzuo@outlook.com',
      description: 'P0-3 A2: Booking→SF OAuth 2.0 JWT Bearer (CHK-02 C-7/S-1, ECA migration)',
      // The web server flow has no switch of its own; with it, refresh tokens can be issued and so rotate.
      flow: ['web-server', 'jwt-bearer'],
      'callback-url': ['https://softcode-dev-ed.develop.my.salesforce.com/services/oauth2/success'],
      scopes: ['api', 'refresh_token'],
      'public-client': true,
      'permission-set': ['Booking_Integration_User'],
    },
    certificateFromRetrieve: true,
    differences: [
      { type: GLOBAL, field: 'isDPopEnabled', retrieved: 'false', reason: 'after66' },
      { type: GLOBAL, field: 'isEnforceRefreshTokenTTL', retrieved: 'true', reason: 'after66' },
      {
        type: GLOBAL,
        field: 'isSecretRequiredForTokenExchange',
        generated: 'false',
        retrieved: 'true',
        reason: 'tokenExchangeSecret',
      },
      { type: POLICIES, field: 'sessionTimeoutInMinutes', generated: '15', reason: 'sessionTimeout' },
    ],
  },
  {
    repo: 'justinsohn__gstdev',
    files: under('force-app/main/default', app('Postman')),
    flags: {
      name: 'Postman',
      'contact-email': 'justinsohn@canidium.com',
      flow: ['web-server'],
      'callback-url': ['https://oauth.pstmn.io/v1/browser-callback'],
      scopes: ['api', 'refresh_token'],
      'permitted-users': 'self-authorized',
      'refresh-token-policy': 'lifetime',
      'refresh-token-validity': '365d',
    },
    differences: [
      { type: GLOBAL, field: 'isCodeCredFlowEnabled', generated: 'false', retrieved: 'true', reason: 'codeCred' },
      { type: GLOBAL, field: 'isRefreshTokenRotationEnabled', generated: 'true', retrieved: 'false', reason: 'rotation' },
      { type: POLICIES, field: 'sessionTimeoutInMinutes', generated: '15', reason: 'sessionTimeout' },
    ],
  },
  {
    repo: 'tyoshikawa1106__salesforce-platform-playground',
    files: under('scratch-org/main/default', app('Salesforce_API_Playground')),
    flags: {
      name: 'Salesforce API Playground',
      'contact-email': 'scratch-org@example.com',
      flow: ['web-server'],
      'callback-url': ['http://localhost:3000/api/auth/callback'],
      scopes: ['api', 'refresh_token'],
      'permitted-users': 'self-authorized',
      'refresh-token-policy': 'lifetime',
      'refresh-token-validity': '365d',
    },
    reformatted: 'reformatted by prettier-plugin-xml after the retrieve (§8.10)',
    differences: [
      { type: GLOBAL, field: 'isEnforceRefreshTokenTTL', retrieved: 'false', reason: 'after66' },
      { type: GLOBAL, field: 'isPkceRequired', generated: 'true', retrieved: 'false', reason: 'pkce' },
      { type: GLOBAL, field: 'isRefreshTokenRotationEnabled', generated: 'true', retrieved: 'false', reason: 'rotation' },
      { type: POLICIES, field: 'sessionTimeoutInMinutes', generated: '15', reason: 'sessionTimeout' },
    ],
  },
];

const ROOT = /<([A-Za-z]+)\s+xmlns="[^"]*"\s*>([\s\S]*)<\/\1>\s*$/;
const CHILD = /<([A-Za-z]+)\s*>([\s\S]*?)<\/\1>/g;

/** The root type and its child elements, as [name, raw text] in file order. */
function elementsOf(xml: string): { root: string; fields: Array<[string, string]> } {
  const match = ROOT.exec(xml);
  if (!match) throw new Error('not an ECA metadata file');
  return { root: match[1], fields: [...match[2].matchAll(CHILD)].map((m): [string, string] => [m[1], m[2]]) };
}

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function differencesOf(type: string, generated: string, retrieved: string): Array<Omit<Difference, 'reason'>> {
  const mine = new Map(elementsOf(generated).fields);
  const theirs = new Map(elementsOf(retrieved).fields.filter(([name]) => !ORG_GENERATED.includes(name)));
  const names = [...new Set([...mine.keys(), ...theirs.keys()])].sort();
  return names
    .filter((name) => mine.get(name) !== theirs.get(name))
    .map((field) => ({
      type,
      field,
      ...(mine.has(field) ? { generated: mine.get(field) } : {}),
      ...(theirs.has(field) ? { retrieved: theirs.get(field) } : {}),
    }));
}

/** The real file without its org-generated elements, as this project's writer writes those elements. */
function rewritten(retrieved: string): string {
  const { root, fields } = elementsOf(retrieved);
  const kept = fields.filter(([name]) => !ORG_GENERATED.includes(name));
  return renderMetadataXml(root, kept.map(([name, text]): XmlField => [name, unescapeXml(text)]));
}

const withoutOrgGenerated = (retrieved: string): string =>
  retrieved
    .split('\n')
    .filter((line) => !ORG_GENERATED.some((name) => line.trimStart().startsWith(`<${name}>`)))
    .join('\n');

describe('generate matches what a retrieve returns', () => {
  for (const c of CASES) {
    describe(c.repo, () => {
      const real = (type: string): string => readFileSync(join(CORPUS, c.repo, c.files[type]), 'utf8');
      const generate = async (): Promise<Map<string, { fileName: string; relativePath: string; xml: string }>> => {
        const dir = mkdtempSync(join(tmpdir(), 'eca-corpus-'));
        let certificateFile: string | undefined;
        if (c.certificateFromRetrieve) {
          const body = /<certificate>([\s\S]*?)<\/certificate>/.exec(real(GLOBAL))?.[1] ?? '';
          certificateFile = join(dir, 'app.crt');
          writeFileSync(certificateFile, `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);
        }
        try {
          const outcome = await generateApp({ flags: c.flags, cwd: dir, outputDir: dir, certificateFile, dryRun: true });
          return new Map(outcome.files.map((f) => [f.type, f]));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };

      it('names every file as the retrieve does', async () => {
        const files = await generate();
        expect(Object.fromEntries([...files].map(([type, f]) => [type, f.relativePath]))).to.deep.equal(
          Object.fromEntries(Object.entries(c.files).map(([type, path]) => [type, path.split('/').slice(-2).join('/')])),
        );
      });

      it('writes the same elements, apart from the org-generated values and the listed differences', async () => {
        const files = await generate();
        const found = Object.keys(c.files).flatMap((type) => differencesOf(type, files.get(type)!.xml, real(type)));
        const expected = c.differences.map(({ reason, ...difference }) => ({ ...difference, reason: REASONS[reason] }));
        expect(found.map((d) => ({ ...d, reason: expected.find((e) => e.field === d.field && e.type === d.type)?.reason })))
          .to.deep.equal(expected);
      });

      it(
        c.reformatted
          ? `holds files that are not a retrieve's bytes: ${c.reformatted}`
          : "holds a retrieve's bytes, which are what the writer makes of their elements",
        () => {
          const same = Object.keys(c.files).map((type) => withoutOrgGenerated(real(type)) === rewritten(real(type)));
          expect(same).to.deep.equal(Object.keys(c.files).map(() => !c.reformatted));
        },
      );

      it('validates against the ECA schema', async () => {
        const files = await generate();
        expect(await schemaProblems([...files.values()])).to.deep.equal([]);
      });
    });
  }
});
