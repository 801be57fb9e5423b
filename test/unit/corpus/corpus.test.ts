/*
 * Every app of the evidence corpus (test/fixtures/corpus/eca, real files from public repositories: see MANIFEST.tsv)
 * read the way `sf eca deploy` reads a project: discovery per repository folder, parsing, and the re-check of files.
 * The expectations were written from the files themselves; a regression in discovery, parsing or the rules fails here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { findAppFiles, loadApp } from '../../../src/metadata/discover.js';
import { checkAppSpec } from '../../../src/model/rules.js';

const CORPUS = 'test/fixtures/corpus/eca';
/** Certificates in the corpus are judged at a fixed time (RamiroHernandez's expires in 2028). */
const NOW = new Date('2027-01-01T00:00:00Z');

type Expected = {
  repo: string;
  apiName: string;
  /** Relative to the repository folder, in the order discovery lists them. */
  files: string[];
  flows: string[];
  scopes: string[];
  runAsUser?: string;
  permittedUsers: string;
  refreshTokenPolicy: string;
  ipRelaxation: string;
  /** Rule ids of error-level findings (the org would reject the files), parse and re-check together. */
  errors: string[];
  /** Rule ids of warning-level findings. */
  warnings: string[];
};

const EXPECTED: Expected[] = [
  {
    "repo": "Cho-Geer__chogeer",
    "apiName": "Booking_Integration_API",
    "files": [
      "force-app/main/default/externalClientApps/Booking_Integration_API.eca-meta.xml",
      "force-app/main/default/extlClntAppGlobalOauthSets/Booking_Integration_API_glbloauth.ecaGlblOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/Booking_Integration_API_oauth.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/Booking_Integration_API_oauthPlcy.ecaOauthPlcy-meta.xml",
      "force-app/main/default/extlClntAppPolicies/Booking_Integration_API_plcy.ecaPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "jwt-bearer"
    ],
    "scopes": [
      "Api",
      "RefreshToken"
    ],
    "permittedUsers": "AdminApprovedPreAuthorized",
    "refreshTokenPolicy": "SpecificInactivity",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA012",
      "ECA024"
    ]
  },
  {
    "repo": "Jaganpro__sf-skills",
    "apiName": "{{APP_NAME}}",
    "files": [
      "skills/sf-connected-apps/assets/eca-global-oauth.xml",
      "skills/sf-connected-apps/assets/eca-oauth-settings.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "{{SCOPES}}"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [
      "ECA104",
      "ECA108",
      "ECA110",
      "ECA121",
      "ECA126",
      "ECA127",
      "ECA132"
    ],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA013",
      "ECA024"
    ]
  },
  {
    "repo": "Jaganpro__sf-skills",
    "apiName": "eca-policies",
    "files": [
      "skills/sf-connected-apps/assets/eca-policies.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [
      "ECA104",
      "ECA105",
      "ECA112",
      "ECA121",
      "ECA126",
      "ECA127",
      "ECA136"
    ],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA013",
      "ECA014",
      "ECA024",
      "ECA027",
      "ECA035",
      "ECA114"
    ]
  },
  {
    "repo": "Jaganpro__sf-skills",
    "apiName": "external-client-app",
    "files": [
      "skills/sf-connected-apps/assets/external-client-app.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [
      "ECA104",
      "ECA107",
      "ECA121",
      "ECA128",
      "ECA130",
      "ECA136"
    ],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA013",
      "ECA014",
      "ECA024",
      "ECA035",
      "ECA114"
    ]
  },
  {
    "repo": "RamiroHernandez__CICD",
    "apiName": "SOLU_CI_CD",
    "files": [
      "force-app/main/default/externalClientApps/SOLU_CI_CD.eca-meta.xml",
      "force-app/main/default/extlClntAppGlobalOauthSets/SOLU_CI_CD_glbloauth.ecaGlblOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/SOLU_CI_CD_oauth.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/SOLU_CI_CD_oauthPlcy.ecaOauthPlcy-meta.xml",
      "force-app/main/default/extlClntAppPolicies/SOLU_CI_CD_plcy.ecaPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "jwt-bearer"
    ],
    "scopes": [
      "Api",
      "Web",
      "RefreshToken"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA009",
      "ECA012",
      "ECA015",
      "ECA022",
      "ECA024"
    ]
  },
  {
    "repo": "Sanpelegrino1__AnalyticsSECommandCenter",
    "apiName": "CommandCenterAuth",
    "files": [
      "salesforce/force-app/main/default/externalClientApps/CommandCenterAuth.eca-meta.xml",
      "salesforce/force-app/main/default/extlClntAppGlobalOauthSets/CommandCenterAuth_glbloauth.ecaGlblOauth-meta.xml",
      "salesforce/force-app/main/default/extlClntAppOauthSettings/CommandCenterAuth_oauth.ecaOauth-meta.xml",
      "salesforce/force-app/main/default/extlClntAppOauthPolicies/CommandCenterAuth_oauthPlcy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "token-exchange"
    ],
    "scopes": [
      "Api",
      "RefreshToken",
      "OfflineAccess",
      "Web",
      "CDPIngest"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Bypass",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA006",
      "ECA011",
      "ECA012",
      "ECA013",
      "ECA015",
      "ECA024"
    ]
  },
  {
    "repo": "bgaldino__rlm-base-dev",
    "apiName": "ClaudeMcpClientRC",
    "files": [
      "unpackaged/post_mcp/externalClientApps/ClaudeMcpClientRC.eca",
      "unpackaged/post_mcp/extlClntAppGlobalOauthSets/ClaudeMcpClientRC_glbloauth.ecaGlblOauth",
      "unpackaged/post_mcp/extlClntAppOauthSettings/ClaudeMcpClientRC_oauth.ecaOauth",
      "unpackaged/post_mcp/extlClntAppOauthPolicies/ClaudeMcpClientRC_oauthPlcy.ecaOauthPlcy",
      "unpackaged/post_mcp/extlClntAppPolicies/ClaudeMcpClientRC_plcy.ecaPlcy"
    ],
    "flows": [
      "web-server",
      "client-credentials"
    ],
    "scopes": [
      "Api",
      "RefreshToken",
      "SFApiPlatform",
      "MCP"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Bypass",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA006",
      "ECA008",
      "ECA010",
      "ECA011",
      "ECA015",
      "ECA019",
      "ECA024"
    ]
  },
  {
    "repo": "bgaldino__rlm-base-dev",
    "apiName": "RLMQuotingMcpClient",
    "files": [
      "unpackaged/post_mcp/externalClientApps/RLMQuotingMcpClient.eca-meta.xml",
      "unpackaged/post_mcp/extlClntAppGlobalOauthSets/RLMQuotingMcpClient.ecaGlblOauth-meta.xml",
      "unpackaged/post_mcp/extlClntAppOauthSettings/RLMQuotingMcpClient.ecaOauth-meta.xml",
      "unpackaged/post_mcp/extlClntAppOauthPolicies/RLMQuotingMcpClient.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "RefreshToken",
      "MCP"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA013",
      "ECA015",
      "ECA024"
    ]
  },
  {
    "repo": "bstaubersalesforce__h360-sf-workshop",
    "apiName": "Headless360_MCP_Client",
    "files": [
      "sfdx/force-app/main/default/externalClientApps/Headless360_MCP_Client.eca-meta.xml",
      "sfdx/force-app/main/default/extlClntAppGlobalOauthSets/Headless360_MCP_Client_glbloauth.ecaGlblOauth-meta.xml",
      "sfdx/force-app/main/default/extlClntAppOauthSettings/Headless360_MCP_Client_oauth.ecaOauth-meta.xml",
      "sfdx/force-app/main/default/extlClntAppOauthPolicies/Headless360_MCP_Client_oauthPlcy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "RefreshToken",
      "MCP"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificInactivity",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA013",
      "ECA015",
      "ECA024"
    ]
  },
  {
    "repo": "chrzasz__sf-th-eca-via-metadata",
    "apiName": "ecaViaMetadata",
    "files": [
      "force-app/main/default/externalClientApps/ecaViaMetadata.eca-meta.xml",
      "force-app/main/default/extlClntAppGlobalOauthSets/ecaViaMetadataGlblOAuth.ecaGlblOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/ecaViaMetadataSettings.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/ecaViaMetadataSettings_defaultPolicy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "Api",
      "Web",
      "OpenID"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA009",
      "ECA012",
      "ECA013",
      "ECA024",
      "ECA028"
    ]
  },
  {
    "repo": "eelywasa__sf-bulk-loader",
    "apiName": "SfblE2E",
    "files": [
      "tests/e2e/sf/sfdx/force-app/main/default/externalClientApps/SfblE2E.eca-meta.xml",
      "tests/e2e/sf/sfdx/force-app/main/default/extlClntAppGlobalOauthSets/SfblE2E.ecaGlblOauth-meta.xml",
      "tests/e2e/sf/sfdx/force-app/main/default/extlClntAppOauthSettings/SfblE2E.ecaOauth-meta.xml",
      "tests/e2e/sf/sfdx/force-app/main/default/extlClntAppOauthPolicies/SfblE2E.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "jwt-bearer"
    ],
    "scopes": [
      "Api",
      "Web",
      "RefreshToken",
      "OpenID"
    ],
    "permittedUsers": "AdminApprovedPreAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA004",
      "ECA009",
      "ECA013",
      "ECA015",
      "ECA023",
      "ECA024"
    ]
  },
  {
    "repo": "eelywasa__sf-bulk-loader",
    "apiName": "SfblE2ECiDevHub",
    "files": [
      "tests/e2e/sf/sfdx-devhub/force-app/main/default/externalClientApps/SfblE2ECiDevHub.eca-meta.xml",
      "tests/e2e/sf/sfdx-devhub/force-app/main/default/extlClntAppGlobalOauthSets/SfblE2ECiDevHub.ecaGlblOauth-meta.xml",
      "tests/e2e/sf/sfdx-devhub/force-app/main/default/extlClntAppOauthSettings/SfblE2ECiDevHub.ecaOauth-meta.xml",
      "tests/e2e/sf/sfdx-devhub/force-app/main/default/extlClntAppOauthPolicies/SfblE2ECiDevHub.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "jwt-bearer"
    ],
    "scopes": [
      "Api",
      "Web",
      "RefreshToken",
      "OpenID"
    ],
    "permittedUsers": "AdminApprovedPreAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA004",
      "ECA009",
      "ECA013",
      "ECA015",
      "ECA023",
      "ECA024"
    ]
  },
  {
    "repo": "hardisgroupcom__sfdx-hardis",
    "apiName": "APPNAME",
    "files": [
      "src/common/utils/index.ts.extracted/externalClientApps/APPNAME.eca-meta.xml",
      "src/common/utils/index.ts.extracted/extlClntAppGlobalOauthSets/APPNAMEGlblOAuth.ecaGlblOauth-meta.xml",
      "src/common/utils/index.ts.extracted/extlClntAppOauthSettings/APPNAMEOAuthSettings.ecaOauth-meta.xml",
      "src/common/utils/index.ts.extracted/extlClntAppOauthPolicies/APPNAMEOAuthSettings_defaultPolicy.ecaOauthPlcy-meta.xml",
      "src/common/utils/index.ts.extracted/extlClntAppPolicies/APPNAME_defaultPolicy.ecaPlcy-meta.xml"
    ],
    "flows": [
      "web-server",
      "jwt-bearer"
    ],
    "scopes": [
      "Api",
      "Web",
      "RefreshToken"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [
      "ECA101",
      "ECA109",
      "ECA128",
      "ECA140"
    ],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA009",
      "ECA012",
      "ECA015",
      "ECA022",
      "ECA024"
    ]
  },
  {
    "repo": "justinsohn__gstdev",
    "apiName": "Postman",
    "files": [
      "force-app/main/default/externalClientApps/Postman.eca-meta.xml",
      "force-app/main/default/extlClntAppGlobalOauthSets/Postman_glbloauth.ecaGlblOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/Postman_oauth.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/Postman_oauthPlcy.ecaOauthPlcy-meta.xml",
      "force-app/main/default/extlClntAppPolicies/Postman_plcy.ecaPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "Api",
      "RefreshToken"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA012",
      "ECA024"
    ]
  },
  {
    "repo": "mpavankalyan732__We-Go",
    "apiName": "Claude_Salesforce_Connector_App",
    "files": [
      "force-app/main/default/externalClientApps/Claude_Salesforce_Connector_App.eca-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/Claude_Salesforce_Connector_App_oauth.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/Claude_Salesforce_Connector_App_oauthPlcy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "RefreshToken",
      "MCP"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA013",
      "ECA014",
      "ECA024",
      "ECA035"
    ]
  },
  {
    "repo": "mpavankalyan732__We-Go",
    "apiName": "InboundAPITest",
    "files": [
      "force-app/main/default/extlClntAppOauthPolicies/InboundAPITest_oauthPlcy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Bypass",
    "errors": [
      "ECA110",
      "ECA126",
      "ECA127",
      "ECA136"
    ],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA006",
      "ECA013",
      "ECA014",
      "ECA024",
      "ECA035",
      "ECA114"
    ]
  },
  {
    "repo": "mpavankalyan732__We-Go",
    "apiName": "RoadLink_Bus_Integration",
    "files": [
      "force-app/main/default/externalClientApps/RoadLink_Bus_Integration.eca-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/RoadLink_Bus_Integration_oauth.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/RoadLink_Bus_Integration_oauthPlcy.ecaOauthPlcy-meta.xml"
    ],
    "flows": [
      "client-credentials"
    ],
    "scopes": [
      "Api",
      "Full",
      "Chatbot"
    ],
    "runAsUser": "pavankalyanm@unitedtechno.com2025_04_21_12-23-0.demo",
    "permittedUsers": "AdminApprovedPreAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA001",
      "ECA004",
      "ECA013",
      "ECA014",
      "ECA024",
      "ECA035"
    ]
  },
  {
    "repo": "tyoshikawa1106__salesforce-platform-playground",
    "apiName": "Salesforce_API_Playground",
    "files": [
      "scratch-org/main/default/externalClientApps/Salesforce_API_Playground.eca-meta.xml",
      "scratch-org/main/default/extlClntAppGlobalOauthSets/Salesforce_API_Playground_glbloauth.ecaGlblOauth-meta.xml",
      "scratch-org/main/default/extlClntAppOauthSettings/Salesforce_API_Playground_oauth.ecaOauth-meta.xml",
      "scratch-org/main/default/extlClntAppOauthPolicies/Salesforce_API_Playground_oauthPlcy.ecaOauthPlcy-meta.xml",
      "scratch-org/main/default/extlClntAppPolicies/Salesforce_API_Playground_plcy.ecaPlcy-meta.xml",
      "scratch-org/main/default/extlClntAppOauthSecuritySettings/Salesforce_API_Playground_defOauthSecuritySet.ecaOauthSecurity-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "Api",
      "RefreshToken"
    ],
    "permittedUsers": "AllSelfAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [],
    "warnings": [
      "ECA002",
      "ECA004",
      "ECA009",
      "ECA015",
      "ECA024"
    ]
  },
  {
    "repo": "tyoshikawa1106__salesforce-platform-playground",
    "apiName": "Salesforce_API_Playground_Integration",
    "files": [
      "scratch-org/main/default/externalClientApps/Salesforce_API_Playground_Integration.eca-meta.xml",
      "scratch-org/main/default/extlClntAppGlobalOauthSets/Salesforce_API_Playground_Integration_glbloauth.ecaGlblOauth-meta.xml",
      "scratch-org/main/default/extlClntAppOauthSettings/Salesforce_API_Playground_Integration_oauth.ecaOauth-meta.xml",
      "scratch-org/templates/client-credentials/extlClntAppOauthPolicies/Salesforce_API_Playground_Integration_oauthPlcy.ecaOauthPlcy-meta.xml",
      "scratch-org/main/default/extlClntAppPolicies/Salesforce_API_Playground_Integration_plcy.ecaPlcy-meta.xml",
      "scratch-org/main/default/extlClntAppOauthSecuritySettings/Salesforce_API_Playground_Integration_oauthSecurity.ecaOauthSecurity-meta.xml"
    ],
    "flows": [
      "web-server"
    ],
    "scopes": [
      "Api",
      "RefreshToken"
    ],
    "runAsUser": "__CLIENT_CREDENTIALS_FLOW_USER__",
    "permittedUsers": "AdminApprovedPreAuthorized",
    "refreshTokenPolicy": "SpecificLifetime",
    "ipRelaxation": "Enforce",
    "errors": [
      "ECA144"
    ],
    "warnings": [
      "ECA004",
      "ECA009",
      "ECA011",
      "ECA015",
      "ECA020",
      "ECA024"
    ]
  }
];

/** Every file under a folder, with its bytes' hash and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(path, `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

/** repository folder -> origin of each of its files, from MANIFEST.tsv. */
function origins(): Map<string, string[]> {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const [repo, path, , , origin] = line.split('\t');
    out.set(`${repo.replace('/', '__')}/${path}`, [origin.split(':')[0]]);
  }
  return out;
}

const repos = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the real corpus', () => {
  const before = snapshot(CORPUS);
  const seen: string[] = [];

  it('has an expectation for every repository folder', () => {
    expect([...new Set(EXPECTED.map((e) => e.repo))].sort()).to.deep.equal(repos);
  });

  for (const repo of repos) {
    it(`groups and reads every app of ${repo}`, async () => {
      const root = join(CORPUS, repo);
      const apps = await findAppFiles([root]);
      const expected = EXPECTED.filter((e) => e.repo === repo);
      expect(apps.map((app) => app.apiName)).to.deep.equal(expected.map((e) => e.apiName));
      for (const [index, app] of apps.entries()) {
        const want = expected[index];
        expect(app.files.map((file) => relative(root, file.path)), `${want.apiName} files`).to.deep.equal(want.files);
        const parsed = await loadApp(app);
        const findings = [...parsed.findings, ...checkAppSpec(parsed.spec, { source: 'files', now: NOW })];
        const ids = (level: string): string[] =>
          [...new Set(findings.filter((f) => f.level === level).map((f) => f.rule))].sort();
        const { spec } = parsed;
        expect(
          {
            repo,
            apiName: spec.apiName,
            files: want.files,
            flows: spec.oauth.flows,
            scopes: spec.oauth.scopes,
            ...(spec.policies.runAsUser ? { runAsUser: spec.policies.runAsUser } : {}),
            permittedUsers: spec.policies.permittedUsers,
            refreshTokenPolicy: spec.policies.refreshTokenPolicy,
            ipRelaxation: spec.policies.ipRelaxation,
            errors: ids('error'),
            warnings: ids('warning'),
          },
          want.apiName,
        ).to.deep.equal(want);
        for (const finding of findings) expect(finding.level === 'warning').to.equal(finding.severity !== undefined);
        seen.push(...app.files.map((file) => relative(CORPUS, file.path)));
      }
    });
  }

  it('reads every ECA file of the corpus, each in exactly one app', () => {
    const files = [...before.keys()].map((path) => relative(CORPUS, path)).filter((p) => p !== 'MANIFEST.tsv');
    expect([...seen].sort()).to.deep.equal(files.sort());
  });

  it('sends every app made only of retrieved files, its app file among them, without an error (what deploy refuses)', () => {
    const origin = origins();
    const retrievedOnly = EXPECTED.filter(
      (e) =>
        e.files.some((f) => f.includes('externalClientApps/')) &&
        e.files.every((f) => origin.get(`${e.repo}/${f}`)?.[0] === 'retrieved'),
    );
    expect(retrievedOnly.length).to.be.greaterThan(10);
    for (const app of retrievedOnly) expect(app.errors, app.apiName).to.deep.equal([]);
  });

  it('gives templates and hand-written files the schema rejects error findings, not crashes', () => {
    for (const repo of ['Jaganpro__sf-skills', 'hardisgroupcom__sfdx-hardis']) {
      for (const app of EXPECTED.filter((e) => e.repo === repo)) expect(app.errors, app.apiName).not.to.deep.equal([]);
    }
  });

  it('never changes a file it reads (same bytes, same modification time)', () => {
    expect(snapshot(CORPUS)).to.deep.equal(before);
  });
});
