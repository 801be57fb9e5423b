import { expect } from 'chai';
import { type Connection } from '@salesforce/core';
import { type Emulator, startEmulator } from '../src/index.js';
import { connectTo } from '../src/connect.js';
import { appFiles } from '../src/fixtures.js';
import { deployFiles } from './helpers/testing.js';
import { expectRejection } from './helpers/expectError.js';
import { makeTestCertificate } from './helpers/testCertificate.js';

type Reader = { metadata: { read(type: string, fullNames: string | string[]): Promise<unknown> } };

describe('emulator: SOAP readMetadata of the ECA types, as jsforce reads it', function () {
  let emulator: Emulator;
  let connection: Connection;
  const read = (type: string, names: string | string[]): Promise<unknown> =>
    (connection as unknown as Reader).metadata.read(type, names);
  const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
  const globalLines = (certificate?: string): string[] => [
    '<callbackUrl>https://app.example.com/callback</callbackUrl>',
    ...(certificate ? [`<certificate>${certificate}</certificate>`] : []),
    '<externalClientApplication>Emu_App</externalClientApplication>',
    '<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>',
    '<label>Emu_App</label>',
  ];

  beforeEach(async () => {
    emulator = await startEmulator();
    connection = await connectTo(emulator);
  });
  afterEach(() => emulator.close());

  it('answers the stored Global OAuth settings with their certificate, and without it once a redeploy clears it', async () => {
    const { certificatePem } = await makeTestCertificate();
    expect((await deployFiles(connection, appFiles({ global: globalLines(certificatePem) }))).status).to.equal(
      'Succeeded',
    );
    const record = (await read(GLOBAL, 'Emu_App_ecaGlblOauth')) as Record<string, unknown>;
    expect(record.fullName).to.equal('Emu_App_ecaGlblOauth');
    expect(String(record.certificate).trim()).to.equal(certificatePem.trim());
    expect(record.externalClientApplication).to.equal('Emu_App');
    expect(emulator.countRequests('POST', '/services/Soap/m/66.0')).to.be.greaterThan(0);

    expect((await deployFiles(connection, appFiles({ global: globalLines() }))).status).to.equal('Succeeded');
    const cleared = (await read(GLOBAL, 'Emu_App_ecaGlblOauth')) as Record<string, unknown>;
    expect(cleared.fullName).to.equal('Emu_App_ecaGlblOauth');
    expect(cleared.certificate).to.equal(undefined);
  });

  it('reads the other ECA types, several names in the order asked; a missing one is a record without fullName', async () => {
    await deployFiles(connection, appFiles());
    const app = (await read('ExternalClientApplication', 'Emu_App')) as Record<string, unknown>;
    expect(app).to.include({ fullName: 'Emu_App', label: 'Emu_App', distributionState: 'Local' });
    const records = (await read('ExtlClntAppOauthSettings', ['Missing_oauth', 'Emu_App_ecaOauth'])) as Array<
      Record<string, unknown>
    >;
    expect(records).to.have.length(2);
    expect(records[0].fullName).to.equal(undefined);
    expect(records[1].fullName).to.equal('Emu_App_ecaOauth');
    expect(await read(GLOBAL, 'No_Such_App_glbl')).to.deep.equal({});
  });

  it('refuses a type the org does not know with sf:INVALID_TYPE', async () => {
    await expectRejection(read('NoSuchType', 'X'), /INVALID_TYPE/);
  });
});
