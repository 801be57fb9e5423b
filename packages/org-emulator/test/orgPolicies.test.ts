import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, INTEGRATION_USERNAME, findApp, startEmulator } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { type FixtureFile, appFiles } from '../src/fixtures.js';
import { deployFiles } from './helpers/testing.js';
import { errorOf, requestToken } from './helpers/oauthClient.js';
import { type TestCertificate, makeTestCertificate, signJwt } from './helpers/testCertificate.js';

const APP = 'Emu_App';
const link = `<externalClientApplication>${APP}</externalClientApplication>`;
const OAUTH_POLICIES = 'ExtlClntAppOauthConfigurablePolicies';
const APP_POLICIES = 'ExtlClntAppConfigurablePolicies';
const named = (files: FixtureFile[], type: string, fullName: string): FixtureFile[] =>
  files.filter((f) => f.type === type).map((f) => ({ ...f, fullName }));

describe('emulator: policies the org creates, and redeploys that reset omitted fields', function () {
  let emulator: Emulator;
  let connection: Connection;

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  it('creates <App>_oauthPlcy and <App>_plcy with Setup defaults when a deployment gives OAuth settings without policies', async () => {
    const result = await deployFiles(connection, appFiles({ omit: ['oauthPolicy', 'policy'] }));
    expect(result.failures).to.deep.equal([]);
    const app = findApp(emulator.state, APP)!;
    expect(app.components[OAUTH_POLICIES]).to.deep.equal({
      fullName: `${APP}_oauthPlcy`,
      fields: {
        externalClientApplication: APP,
        ipRelaxationPolicyType: 'Enforce',
        isClientCredentialsFlowEnabled: 'false',
        isGuestCodeCredFlowEnabled: 'false',
        isTokenExchangeFlowEnabled: 'false',
        label: `${APP}_oauthPlcy`,
        permittedUsersPolicyType: 'AllSelfAuthorized',
        refreshTokenPolicyType: 'SpecificLifetime',
        refreshTokenValidityPeriod: '365',
        refreshTokenValidityUnit: 'Days',
        requiredSessionLevel: 'STANDARD',
      },
    });
    expect(app.components[APP_POLICIES]?.fullName).to.equal(`${APP}_plcy`);
    expect(app.components[APP_POLICIES]?.fields).to.include({ isEnabled: 'true', startPage: 'None' });
  });

  it('creates nothing for a validation, for an app alone, or when the deployment brings its own policies', async () => {
    await deployFiles(connection, appFiles({ omit: ['oauthPolicy', 'policy'] }), { checkOnly: true });
    expect(emulator.state.apps).to.have.length(0);
    await deployFiles(connection, appFiles().slice(0, 1));
    expect(Object.keys(findApp(emulator.state, APP)!.components)).to.deep.equal(['ExternalClientApplication']);
    await deployFiles(connection, appFiles().slice(1));
    const app = findApp(emulator.state, APP)!;
    expect(app.components[OAUTH_POLICIES]?.fullName).to.equal(`${APP}_ecaOauthPlcy`);
    expect(app.components[APP_POLICIES]?.fullName).to.equal(`${APP}_ecaPlcy`);
  });

  it('refuses a later policy of another name as a duplicate; the same name updates the org-created one', async () => {
    await deployFiles(connection, appFiles({ omit: ['oauthPolicy', 'policy'] }));
    const refused = await deployFiles(connection, [
      ...named(appFiles(), OAUTH_POLICIES, 'Other_Policy'),
      ...named(appFiles(), APP_POLICIES, 'Other_Plcy'),
    ]);
    expect(refused.status).to.equal('Failed');
    expect(refused.failures.map((f) => [f.componentType, f.problem])).to.have.deep.members([
      [OAUTH_POLICIES, `duplicate value found: ExternalClientApplicationId duplicates value on ${APP}_oauthPlcy`],
      [APP_POLICIES, `duplicate value found: ExternalClientApplicationId duplicates value on ${APP}_plcy`],
    ]);
    const updated = await deployFiles(connection, named(appFiles(), OAUTH_POLICIES, `${APP}_oauthPlcy`));
    expect(updated.failures).to.deep.equal([]);
    expect(updated.successes.find((s) => s.componentType === OAUTH_POLICIES)).to.include({
      changed: true,
      created: false,
    });
    const policy = findApp(emulator.state, APP)!.components[OAUTH_POLICIES]!;
    expect(policy.fullName).to.equal(`${APP}_oauthPlcy`);
    expect(policy.fields.permittedUsersPolicyType).to.equal('AdminApprovedPreAuthorized');
    expect(policy.fields, 'the redeploy replaced the defaults').to.not.have.property('requiredSessionLevel');
  });

  describe('a redeploy resets what it leaves out', () => {
    let certificate: TestCertificate;
    before(async () => (certificate = await makeTestCertificate()));

    const globalLines = (withCertificate: boolean) => [
      '<callbackUrl>https://app.example.com/callback</callbackUrl>',
      ...(withCertificate ? [`<certificate>${certificate.certificatePem}</certificate>`] : []),
      link,
      `<label>${APP}</label>`,
    ];
    const jwtGrant = () => {
      const app = findApp(emulator.state, APP)!;
      const assertion = signJwt(
        {
          iss: app.consumerKey,
          sub: INTEGRATION_USERNAME,
          aud: 'https://login.salesforce.com',
          exp: Math.floor(Date.now() / 1000) + 120,
        },
        certificate.privateKeyPem,
      );
      return requestToken(emulator.url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    };

    it('a Global file without <certificate> clears the certificate, and JWT bearer then fails', async () => {
      expect((await deployFiles(connection, appFiles({ global: globalLines(true) }))).failures).to.deep.equal([]);
      expect((await jwtGrant()).status).to.equal(200);
      const again = await deployFiles(
        connection,
        appFiles({ global: globalLines(false) }).filter((f) => f.suffix === 'ecaGlblOauth'),
      );
      expect(again.failures).to.deep.equal([]);
      expect(findApp(emulator.state, APP)!.components.ExtlClntAppGlobalOauthSettings?.fields).to.not.have.property(
        'certificate',
      );
      expect(errorOf(await jwtGrant())).to.deep.equal(['invalid_grant', 'invalid assertion']);
    });
  });
});
