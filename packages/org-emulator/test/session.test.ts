import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import { type Emulator, ADMIN_USERNAME, authorizeEmulator, startEmulator } from '../src/index.js';
import { isolatedHome } from './helpers/home.js';

const soapCall = (token: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header>` +
  '<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><checkDeployStatus><asyncProcessId>0Af000000000001</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus></soapenv:Body></soapenv:Envelope>';

describe('emulator: sessions', () => {
  let emulator: Emulator;
  beforeEach(async () => (emulator = await startEmulator()));
  afterEach(() => emulator.close());

  const rest = (token?: string): Promise<Response> =>
    fetch(`${emulator.url}/services/data/v66.0/`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('issues org-shaped access tokens (00D…!…, not JWT-shaped)', () => {
    const { token } = emulator.openSession();
    expect(token).to.match(new RegExp(`^${emulator.state.orgId.slice(0, 15)}![A-Za-z0-9]{96}$`));
    expect(token.split('.')).to.have.length(1);
  });

  for (const [what, token] of [
    ['no', undefined],
    ['an unknown', '00D000000000001!nope'],
  ] as const) {
    it(`answers ${what} REST session with 401 INVALID_SESSION_ID`, async () => {
      const response = await rest(token);
      expect(response.status).to.equal(401);
      expect(await response.json()).to.deep.equal([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    });
  }

  it('answers a path with doubled slashes as the org does (an instance URL stored with a trailing slash)', async () => {
    const { token } = emulator.openSession();
    const versions = await fetch(`${emulator.url}//services/data`);
    expect(versions.status).to.equal(200);
    const query = await fetch(
      `${emulator.url}//services/data/v66.0//query?q=${encodeURIComponent("SELECT Id FROM User WHERE Username = 'a//b'")}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(query.status).to.equal(200);
    expect(await query.json()).to.include({ totalSize: 0 });
  });

  it('accepts a valid session, and refuses it after expireSessions()', async () => {
    const { token } = emulator.openSession();
    expect((await rest(token)).status).to.equal(200);
    emulator.faults.expireSessions();
    expect((await rest(token)).status).to.equal(401);
    expect((await rest(emulator.openSession().token)).status).to.equal(200);
  });

  it('accepts a session opened in the same millisecond as expireSessions(), and refuses the older one', async () => {
    const { token: before } = emulator.openSession();
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    let after: string;
    try {
      emulator.faults.expireSessions();
      after = emulator.openSession().token;
    } finally {
      clock.restore();
    }
    expect((await rest(after)).status).to.equal(200);
    expect((await rest(before)).status).to.equal(401);
  });

  it('answers an invalid SOAP session with an sf:INVALID_SESSION_ID fault (HTTP 500)', async () => {
    const response = await fetch(`${emulator.url}/services/Soap/m/66.0`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', SOAPAction: '""' },
      body: soapCall('00D000000000001!nope'),
    });
    expect(response.status).to.equal(500);
    expect(response.headers.get('content-type')).to.match(/^text\/xml/);
    expect(await response.text()).to.match(/<faultcode>sf:INVALID_SESSION_ID<\/faultcode>/);
  });

  it('answers userinfo for a valid token and 403 Bad_OAuth_Token otherwise', async () => {
    const { token } = emulator.openSession();
    const ok = await fetch(`${emulator.url}/services/oauth2/userinfo`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await ok.json()).to.include({ preferred_username: ADMIN_USERNAME, organization_id: emulator.state.orgId });
    const bad = await fetch(`${emulator.url}/services/oauth2/userinfo`, { headers: { Authorization: 'Bearer nope' } });
    expect([bad.status, await bad.text()]).to.deep.equal([403, 'Bad_OAuth_Token']);
  });

  it("lists API versions up to 68.0 (Winter '27, where orgs are) without a session", async () => {
    const versions = (await (await fetch(`${emulator.url}/services/data`)).json()) as Array<{
      version: string;
      label: string;
    }>;
    expect(versions.at(-1)).to.deep.equal({ version: '68.0', label: "Winter '27", url: '/services/data/v68.0' });
    expect(versions.find((v) => v.version === '66.0')?.label).to.equal("Spring '26");
  });

  it('authorizes the CLI in an isolated HOME with an alias', async () => {
    const home = isolatedHome();
    const result = await authorizeEmulator({ home, instanceUrl: emulator.url, alias: 'emu', setDefault: true });
    expect(result).to.deep.equal({ username: ADMIN_USERNAME, orgId: emulator.state.orgId, alias: 'emu' });
    expect(existsSync(join(home, '.sfdx', `${ADMIN_USERNAME}.json`))).to.equal(true);
    expect(JSON.parse(readFileSync(join(home, '.sfdx', 'alias.json'), 'utf8'))).to.deep.equal({
      orgs: { emu: ADMIN_USERNAME },
    });
    expect(JSON.parse(readFileSync(join(home, '.sf', 'config.json'), 'utf8'))).to.include({ 'target-org': 'emu' });
    rmSync(home, { recursive: true, force: true });
  });
});
