import { expect } from 'chai';
import {
  type Emulator,
  type ExternalClientApp,
  STANDARD_USERNAME,
  setProfilePermission,
  startEmulator,
} from '../src/index.js';
import { installApp } from '../src/installApp.js';
import { errorOf, requestToken } from './helpers/oauthClient.js';

type Answer = { status: number; body: unknown };
type Staged = { id: string; key: string; secret?: string; state: string; url: string; createdBy: string };

describe('emulator: staged credential rotation', () => {
  let emulator: Emulator;
  let app: ExternalClientApp;
  let token: string;

  beforeEach(async () => {
    emulator = await startEmulator();
    app = await installApp(emulator);
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    token = emulator.openSession().token;
  });
  afterEach(() => emulator.close());

  const stagedPath = (): string => `/services/data/v66.0/apps/oauth/credentials/${app.id}/${app.consumerId}/staged`;
  const call = async (method: string, path: string, body?: string, as = token): Promise<Answer> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${as}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const stage = async (): Promise<Staged> => {
    const answer = await call('POST', stagedPath(), '{}');
    expect(answer.status).to.equal(201);
    return (answer.body as { stagedCredentials: Staged[] }).stagedCredentials[0];
  };
  const cc = (key: string, secret: string): Promise<[number, string]> =>
    requestToken(emulator.url, { grant_type: 'client_credentials', client_id: key, client_secret: secret }).then(
      (a) => [a.status, a.body.error ?? 'ok'],
    );

  it('lists the consumer with its stagedCredentialsUrl, paged', async () => {
    const answer = await call('GET', `/services/data/v66.0/apps/oauth/credentials/${app.id}`);
    expect(answer.body).to.deep.include({ nextPageUrl: null });
    const [consumer] = (answer.body as { consumers: Array<{ stagedCredentialsUrl: string }> }).consumers;
    expect(consumer.stagedCredentialsUrl).to.equal(stagedPath());
  });

  it('stages a new key and secret beside the current ones; both work; rotate swaps them; DELETE revokes the old', async () => {
    const old = { key: app.consumerKey, secret: app.consumerSecret };
    const staged = await stage();
    expect(staged).to.include({ state: 'Active', createdBy: 'admin@eca-emulator.test' });
    expect(staged.key).not.to.equal(old.key);
    expect(staged.secret).to.be.a('string').and.not.equal(old.secret);
    expect(await cc(staged.key, staged.secret!)).to.deep.equal([200, 'ok']);
    expect(await cc(old.key, old.secret)).to.deep.equal([200, 'ok']);
    expect(await cc(staged.key, old.secret)).to.deep.equal([400, 'invalid_client']);

    const second = await call('POST', stagedPath(), '{}');
    expect(second.status, 'one staged credential per consumer').to.equal(400);

    const rotated = await call('PATCH', `${stagedPath()}/${staged.id}`, '{"command":"rotate"}');
    expect(rotated.status).to.equal(200);
    expect(app.consumerKey).to.equal(staged.key);
    const listed = await call('GET', stagedPath());
    const [previous] = (listed.body as { stagedCredentials: Staged[] }).stagedCredentials;
    expect(previous).to.include({ state: 'Rotated', key: old.key });
    expect(previous, 'no secret unless asked').not.to.have.property('secret');
    expect(await cc(old.key, old.secret), 'old works in the grace period').to.deep.equal([200, 'ok']);
    expect(await cc(staged.key, staged.secret!)).to.deep.equal([200, 'ok']);

    expect((await call('DELETE', `${stagedPath()}/${staged.id}`)).status).to.equal(204);
    expect(await cc(old.key, old.secret)).to.deep.equal([400, 'invalid_client_id']);
    expect(await cc(staged.key, staged.secret!)).to.deep.equal([200, 'ok']);
  });

  it('ends the grace period after the configured time', async () => {
    emulator.state.rotationGraceMs = 50;
    const old = { key: app.consumerKey, secret: app.consumerSecret };
    const staged = await stage();
    await call('PATCH', `${stagedPath()}/${staged.id}`, '{"command":"rotate"}');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await cc(old.key, old.secret)).to.deep.equal([400, 'invalid_client_id']);
    const listed = await call('GET', stagedPath());
    expect((listed.body as { stagedCredentials: Staged[] }).stagedCredentials[0].state).to.equal('Expired');
    expect((await call('POST', stagedPath(), '{}')).status, 'an expired one does not block staging').to.equal(201);
  });

  it('refuses a staged key until it has propagated', async () => {
    emulator.faults.stagedPropagationDelayMs = 60_000;
    const staged = await stage();
    expect(await cc(staged.key, staged.secret!)).to.deep.equal([400, 'invalid_client_id']);
    emulator.state.apps[0].staged!.liveAt = new Date(Date.now() - 1);
    expect(await cc(staged.key, staged.secret!)).to.deep.equal([200, 'ok']);
  });

  it('introspects a token of the staged key with the staged secret', async () => {
    const staged = await stage();
    const answer = await requestToken(emulator.url, {
      grant_type: 'client_credentials',
      client_id: staged.key,
      client_secret: staged.secret!,
    });
    const introspected = await fetch(`${emulator.url}/services/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: answer.body.access_token,
        client_id: staged.key,
        client_secret: staged.secret!,
      }).toString(),
    });
    expect(((await introspected.json()) as { active: boolean }).active).to.equal(true);
  });

  it('refuses a packaged app, a closed secret API, missing permissions, a bad command and a POST without a body', async () => {
    const refused = (answer: Answer): [number, string] => [
      answer.status,
      (answer.body as Array<{ errorCode: string }>)[0].errorCode,
    ];
    emulator.state.settings.enableClientSecretInRestApiAccess = false;
    expect(refused(await call('POST', stagedPath(), '{}'))).to.deep.equal([403, 'FUNCTIONALITY_NOT_ENABLED']);
    emulator.state.settings.enableClientSecretInRestApiAccess = true;
    setProfilePermission(emulator.state, 'System Administrator', 'ViewClientSecret', false);
    const noSecret = await call('POST', stagedPath(), '{}');
    expect(refused(noSecret)).to.deep.equal([403, 'INSUFFICIENT_ACCESS']);
    expect(JSON.stringify(noSecret.body)).to.include('View Client Secret');
    setProfilePermission(emulator.state, 'System Administrator', 'ViewClientSecret', true);
    const standard = emulator.openSession(STANDARD_USERNAME).token;
    expect(JSON.stringify((await call('GET', stagedPath(), undefined, standard)).body)).to.include(
      'External Client App Developer',
    );
    const staged = await stage();
    expect(refused(await call('PATCH', `${stagedPath()}/${staged.id}`, '{"command":"spin"}'))).to.deep.equal([
      400,
      'INVALID_INPUT',
    ]);
    app.namespacePrefix = 'acme';
    const packaged = await call('GET', stagedPath());
    expect(refused(packaged)).to.deep.equal([400, 'INVALID_OPERATION']);
    expect(JSON.stringify(packaged.body)).to.include('only for local');
    delete app.namespacePrefix;
    delete app.staged;
    await fetch(`${emulator.url}${stagedPath()}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    }).then(
      () => expect.fail('a POST without a body is answered'),
      (error: Error) => expect(error.message).to.match(/fetch failed/),
    );
    expect(app.staged).to.equal(undefined);
    expect(errorOf(await requestToken(emulator.url, { grant_type: 'client_credentials' }))[0]).to.equal(
      'invalid_client_id',
    );
  });

  it('can lose the answer of a request it carried out, and delay one', async () => {
    emulator.faults.dropReplyNext('/staged');
    await call('POST', stagedPath(), '{}').then(
      () => expect.fail('answered'),
      (error: Error) => expect(error.message).to.match(/fetch failed/),
    );
    expect(app.staged?.state, 'staged although the answer was lost').to.equal('Active');
    emulator.faults.delayNext('/staged', 150);
    const started = Date.now();
    await call('GET', stagedPath());
    expect(Date.now() - started).to.be.at.least(140);
  });
});
