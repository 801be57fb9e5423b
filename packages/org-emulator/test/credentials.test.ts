import { expect } from 'chai';
import {
  type Emulator,
  type ExternalClientApp,
  STANDARD_USERNAME,
  setProfilePermission,
  startEmulator,
} from '../src/index.js';
import { installApp } from '../src/installApp.js';

describe('emulator: credentials REST API', () => {
  let emulator: Emulator;
  let app: ExternalClientApp;
  let token: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    app = await installApp(emulator);
    token = emulator.openSession().token;
  });
  afterEach(() => emulator.close());

  const get = async (path: string, as = token): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${emulator.url}/services/data/v66.0/apps/oauth/credentials/${path}`, {
      headers: { Authorization: `Bearer ${as}` },
    });
    return { status: response.status, body: await response.json() };
  };
  const base = () => `/services/data/v66.0/apps/oauth/credentials/${app.id}/${app.consumerId}`;

  it("hands an app's key and secret to the person running the emulator, with the org's secret API still closed", async () => {
    emulator.state.settings.enableClientSecretInRestApiAccess = false;
    const response = await fetch(`${emulator.url}/_emulator/apps/${app.developerName.toLowerCase()}/credentials`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      apiName: app.developerName,
      consumerKey: app.consumerKey,
      consumerSecret: app.consumerSecret,
    });
    expect((await fetch(`${emulator.url}/_emulator/apps/No_Such_App/credentials`)).status).to.equal(404);
  });

  it('finds the app id by SOQL, then lists its consumer', async () => {
    const soql = encodeURIComponent(
      "SELECT Id, DeveloperName FROM ExternalClientApplication WHERE DeveloperName = 'Emu_App'",
    );
    const found = (await (
      await fetch(`${emulator.url}/services/data/v66.0/query?q=${soql}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { records: Array<{ Id: string }> };
    expect(found.records[0].Id).to.equal(app.id);
    expect(await get(found.records[0].Id)).to.deep.equal({
      status: 200,
      body: {
        consumers: [
          {
            id: app.consumerId,
            key: app.consumerKey,
            name: 'Emu_App',
            url: base(),
            stagedCredentialsUrl: `${base()}/staged`,
          },
        ],
        currentPageUrl: `/services/data/v66.0/apps/oauth/credentials/${app.id}`,
        nextPageUrl: null,
      },
    });
  });

  it('gives the key without the secret for part=key', async () => {
    expect(await get(`${app.id}/${app.consumerId}?part=key`)).to.deep.equal({
      status: 200,
      body: {
        id: app.consumerId,
        key: app.consumerKey,
        name: 'Emu_App',
        url: base(),
        stagedCredentialsUrl: `${base()}/staged`,
      },
    });
  });

  it("refuses the secret while the org setting is off, with the org's wording", async () => {
    const answer = await get(`${app.id}/${app.consumerId}?part=keyandsecret`);
    expect(answer.status).to.equal(403);
    expect(answer.body).to.deep.equal([
      {
        errorCode: 'FUNCTIONALITY_NOT_ENABLED',
        message: 'Access to External Client App consumer secrets via REST API is not currently enabled for this org.',
      },
    ]);
  });

  it('gives the secret when asked, with the setting on and View Client Secret', async () => {
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    expect((await get(`${app.id}/${app.consumerId}?part=keyandsecret`)).body).to.include({
      key: app.consumerKey,
      secret: app.consumerSecret,
    });
    const secretOnly = (await get(`${app.id}/${app.consumerId}?part=secret`)).body as Record<string, string>;
    expect(secretOnly.secret).to.equal(app.consumerSecret);
    expect(secretOnly).to.not.have.property('key');
  });

  it('refuses the secret to a user without View Client Secret', async () => {
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    setProfilePermission(emulator.state, 'System Administrator', 'ViewClientSecret', false);
    const answer = await get(`${app.id}/${app.consumerId}?part=secret`);
    expect(answer.status).to.equal(403);
    expect((answer.body as Array<{ errorCode: string }>)[0].errorCode).to.equal('INSUFFICIENT_ACCESS');
  });

  it('refuses everything to a user without External Client App Developer', async () => {
    const answer = await get(app.id, emulator.openSession(STANDARD_USERNAME).token);
    expect(answer.status).to.equal(403);
  });

  it('answers 404 for an unknown app, 400 for an unknown part, 401 without a session', async () => {
    expect((await get('0xI000000000000AAA')).status).to.equal(404);
    expect((await get(`${app.id}/${app.consumerId}?part=everything`)).status).to.equal(400);
    expect((await get(app.id, 'nope')).status).to.equal(401);
  });
});
