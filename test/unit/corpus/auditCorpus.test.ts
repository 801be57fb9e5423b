/*
 * `sf eca audit` in source mode over every app of the evidence corpus (test/fixtures/corpus: real External Client App
 * and Connected App files from public repositories, see each MANIFEST.tsv), one repository folder at a time as a
 * project would hold it. The rule ids per app were written from the files: a Setup-made app that lets every user
 * self-authorize is ECA002, a Connected App with refreshTokenPolicy infinite is ECA003, a retrieved app carries its
 * org's fields (ECA038) and consumer key (ECA012), every Connected App is frozen (ECA039), and so on. Every finding
 * must point at a file, line and column.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { auditSource } from '../../../src/jobs/auditSource.js';
import { defaultAuditConfig } from '../../../src/model/auditConfig.js';
import { type RawAppFindings } from '../../../src/model/auditReport.js';

const CORPUS = 'test/fixtures/corpus';
/** Certificates are judged at a fixed time, as in corpus.test.ts. */
const NOW = new Date('2027-01-01T00:00:00Z');

/** `<kind>/<repository folder>/<ECA|CA>:<app>` -> its rule ids, sorted. */
const EXPECTED: ReadonlyArray<[string, string]> = [
  ['eca/Cho-Geer__chogeer/ECA:Booking_Integration_API', 'ECA012 ECA024 ECA038'],
  ['eca/Jaganpro__sf-skills/ECA:{{APP_NAME}}', 'ECA002 ECA004 ECA013 ECA024 ECA104 ECA108 ECA110 ECA121 ECA126 ECA127 ECA132'],
  ['eca/Jaganpro__sf-skills/ECA:eca-policies', 'ECA002 ECA004 ECA013 ECA014 ECA024 ECA027 ECA035 ECA104 ECA105 ECA112 ECA114 ECA121 ECA126 ECA127 ECA136'],
  ['eca/Jaganpro__sf-skills/ECA:external-client-app', 'ECA002 ECA004 ECA013 ECA014 ECA024 ECA035 ECA104 ECA107 ECA114 ECA121 ECA128 ECA130 ECA136'],
  ['eca/RamiroHernandez__CICD/ECA:SOLU_CI_CD', 'ECA002 ECA004 ECA009 ECA012 ECA015 ECA022 ECA024 ECA036'],
  ['eca/Sanpelegrino1__AnalyticsSECommandCenter/ECA:CommandCenterAuth', 'ECA002 ECA004 ECA006 ECA011 ECA012 ECA013 ECA015 ECA024 ECA036'],
  ['eca/bgaldino__rlm-base-dev/ECA:ClaudeMcpClientRC', 'ECA002 ECA004 ECA006 ECA008 ECA010 ECA011 ECA015 ECA019 ECA024'],
  ['eca/bgaldino__rlm-base-dev/ECA:RLMQuotingMcpClient', 'ECA002 ECA004 ECA013 ECA015 ECA024 ECA036'],
  ['eca/bstaubersalesforce__h360-sf-workshop/ECA:Headless360_MCP_Client', 'ECA002 ECA013 ECA015 ECA024 ECA038'],
  ['eca/chrzasz__sf-th-eca-via-metadata/ECA:ecaViaMetadata', 'ECA002 ECA004 ECA009 ECA012 ECA013 ECA024 ECA028 ECA038'],
  ['eca/eelywasa__sf-bulk-loader/ECA:SfblE2E', 'ECA004 ECA009 ECA013 ECA015 ECA023 ECA024 ECA036'],
  ['eca/eelywasa__sf-bulk-loader/ECA:SfblE2ECiDevHub', 'ECA004 ECA009 ECA013 ECA015 ECA023 ECA024 ECA036'],
  // sfdx-hardis's template: one app of five files whose references are the placeholder `${appName}` (ECA109), one
  // file not well-formed (ECA101), a placeholder for the certificate (ECA140) and the contact email (ECA128).
  ['eca/hardisgroupcom__sfdx-hardis/ECA:APPNAME', 'ECA002 ECA004 ECA009 ECA012 ECA015 ECA022 ECA024 ECA036 ECA101 ECA109 ECA128 ECA140'],
  ['eca/justinsohn__gstdev/ECA:Postman', 'ECA002 ECA004 ECA012 ECA024 ECA036 ECA038'],
  ['eca/mpavankalyan732__We-Go/ECA:Claude_Salesforce_Connector_App', 'ECA002 ECA004 ECA013 ECA014 ECA024 ECA035 ECA038'],
  ['eca/mpavankalyan732__We-Go/ECA:InboundAPITest', 'ECA002 ECA004 ECA006 ECA013 ECA014 ECA024 ECA035 ECA110 ECA114 ECA126 ECA127 ECA136'],
  ['eca/mpavankalyan732__We-Go/ECA:RoadLink_Bus_Integration', 'ECA001 ECA004 ECA013 ECA014 ECA024 ECA035 ECA038'],
  ['eca/tyoshikawa1106__salesforce-platform-playground/ECA:Salesforce_API_Playground', 'ECA002 ECA004 ECA009 ECA015 ECA024 ECA036'],
  ['eca/tyoshikawa1106__salesforce-platform-playground/ECA:Salesforce_API_Playground_Integration', 'ECA004 ECA009 ECA011 ECA015 ECA020 ECA024 ECA036 ECA144'],
  ['connectedapp/Jaganpro__sf-skills/CA:connected-app-basic', 'ECA002 ECA003 ECA009 ECA024 ECA036 ECA039'],
  ['connectedapp/Jaganpro__sf-skills/CA:connected-app-canvas', 'ECA003 ECA009 ECA024 ECA036 ECA039'],
  ['connectedapp/Jaganpro__sf-skills/CA:connected-app-jwt', 'ECA009 ECA024 ECA039'],
  ['connectedapp/Jaganpro__sf-skills/CA:connected-app-oauth', 'ECA003 ECA009 ECA036 ECA039'],
  ['connectedapp/craig-jackson-ideascience__DEV/CA:docusign_sfdc_sync', 'ECA001 ECA002 ECA003 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/craig-jackson-ideascience__DEV/CA:LF_Datadog_Monitoring', 'ECA002 ECA006 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/jaumejuanos__sfdx-project/CA:Postman', 'ECA001 ECA002 ECA006 ECA009 ECA012 ECA036 ECA039'],
  ['connectedapp/jxbambrick__Dreamforce-Advanced-CLI/CA:GitHub_Actions', 'ECA001 ECA003 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Alteryx_Test', 'ECA001 ECA002 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:DDC_Community', 'ECA001 ECA006 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:DEVHUB_aywrre5fyjrxg0toetwh', 'ECA002 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:DXConnectedApp', 'ECA001 ECA002 ECA003 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:GCP_Connected_Clients', 'ECA001 ECA002 ECA003 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Identity_Management', 'ECA002 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:SalesforcepagelayoutAPI', 'ECA001 ECA003 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Salespreso', 'ECA002 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Samsung_Gear_Live_POC', 'ECA001 ECA003 ECA006 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Seismic_OAuth', 'ECA001 ECA002 ECA003 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:Service_Now_Integration_Consumers', 'ECA001 ECA003 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:STEST_NPE_Connected_Clients', 'ECA001 ECA003 ECA009 ECA012 ECA024 ECA039'],
  ['connectedapp/sarath16581__AP-Backup/CA:SumoLogic', 'ECA002 ECA003 ECA009 ECA012 ECA024 ECA036 ECA037 ECA039'],
  ['connectedapp/unofficialbox__box-bedrock-for-clm/CA:Box_Automate_CLM_Integration', 'ECA009 ECA024 ECA039 ECA041'],
];

async function auditRepository(kind: string, repo: string): Promise<RawAppFindings[]> {
  const dir = join(CORPUS, kind, repo);
  return auditSource({ dirs: [dir], baseDir: dir, config: defaultAuditConfig(), now: NOW });
}

describe('sf eca audit over the corpus (source mode)', () => {
  const found = new Map<string, RawAppFindings>();

  before(async () => {
    for (const kind of ['eca', 'connectedapp']) {
      for (const repo of readdirSync(join(CORPUS, kind)).filter((name) => !name.includes('.'))) {
        for (const app of await auditRepository(kind, repo)) {
          found.set(`${kind}/${repo}/${app.type === 'ConnectedApp' ? 'CA' : 'ECA'}:${app.name}`, app);
        }
      }
    }
  });

  it('finds every app of the corpus, and no other', () => {
    expect([...found.keys()].sort()).to.deep.equal(EXPECTED.map(([key]) => key).sort());
  });

  for (const [key, ids] of EXPECTED) {
    it(`${key}: ${ids}`, () => {
      const app = found.get(key);
      expect(app, key).to.not.equal(undefined);
      expect([...new Set(app!.findings.map((f) => f.finding.rule))].sort().join(' ')).to.equal(ids);
    });
  }

  it('locates every finding at a file of its repository, line and column from 1', () => {
    for (const [key, app] of found) {
      for (const { finding, location } of app.findings) {
        expect(location.path, `${key} ${finding.rule}`).to.be.a('string').and.not.match(/^\//);
        expect(location.line, `${key} ${finding.rule}`).to.be.at.least(1);
        expect(location.column, `${key} ${finding.rule}`).to.be.at.least(1);
      }
    }
  });

  it('points a finding at the element it is about', () => {
    const alteryx = found.get('connectedapp/sarath16581__AP-Backup/CA:Alteryx_Test')!;
    const full = alteryx.findings.find((f) => f.finding.rule === 'ECA001')!;
    expect(full.location.path).to.equal('force-app/main/default/connectedApps/Alteryx_Test.connectedApp-meta.xml');
    expect(full.location.field).to.equal('ConnectedApp.oauthConfig.scopes');
    const postman = found.get('eca/justinsohn__gstdev/ECA:Postman')!;
    const selfAuthorized = postman.findings.find((f) => f.finding.rule === 'ECA002')!;
    expect(selfAuthorized.location.path).to.match(/Postman_oauthPlcy\.ecaOauthPlcy-meta\.xml$/);
    expect(selfAuthorized.location.field).to.equal('ExtlClntAppOauthConfigurablePolicies.permittedUsersPolicyType');
    expect(selfAuthorized.location.line).to.be.greaterThan(2);
  });

  it('reports a file that does not parse as a parse error at file:line:column and goes on with the rest', () => {
    const hardis = found.get('eca/hardisgroupcom__sfdx-hardis/ECA:APPNAME')!;
    const parse = hardis.findings.find((f) => f.finding.rule === 'ECA101')!;
    expect(parse.finding.message).to.match(/_defaultPolicy\.ecaOauthPlcy-meta\.xml:8:40 is not well-formed XML: /);
    expect(parse.location.line).to.be.at.least(1);
    expect(found.has('eca/hardisgroupcom__sfdx-hardis/ECA:APPNAME')).to.equal(true);
  });
});
