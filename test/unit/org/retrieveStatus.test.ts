/*
 * checkRetrieveStatus read as text: the fields of a running, finished and failed retrieve, none taken from the
 * FileProperties or messages; and every answer that is not a plain one handed to jsforce's own call. Then against the
 * emulator: the text call is the one it answers, in one request.
 */
import { expect } from 'chai';
import { connectTo, type Emulator, seedApp, startEmulator } from '@plugin-eca/org-emulator';
import {
  checkRetrieveStatus,
  checkRetrieveStatusEnvelope,
  readRetrieveStatus,
  type SoapTextConnection,
} from '../../../src/org/retrieveStatus.js';
import { retrieveComponents } from '../../../src/org/retrieveApps.js';

const answer = (result: string, prefix = ''): string =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>` +
  `<${prefix}checkRetrieveStatusResponse><${prefix}result>${result}</${prefix}result></${prefix}checkRetrieveStatusResponse>` +
  '</soapenv:Body></soapenv:Envelope>';

// A FileProperties and a message whose children carry the names the result's own fields have elsewhere.
const NOISE =
  '<fileProperties><createdById>005</createdById><fileName>externalClientApps/A.eca</fileName><fullName>A</fullName>' +
  '<type>ExternalClientApplication</type></fileProperties>' +
  '<messages><fileName>unpackaged/package.xml</fileName><problem>Entity of type &apos;X&apos; named &apos;Y&apos; cannot be found</problem></messages>';

describe('readRetrieveStatus: the fields of a checkRetrieveStatus answer', () => {
  const cases: Array<{ what: string; text: string; expected: ReturnType<typeof readRetrieveStatus> }> = [
    {
      what: 'a retrieve still running',
      text: answer('<done>false</done><id>09S1</id><status>InProgress</status><success>false</success>'),
      expected: { done: 'false', status: 'InProgress', success: 'false' },
    },
    {
      what: 'a finished retrieve, its zip whatever comes around it',
      text: answer(
        `<done>true</done>${NOISE}<id>09S1</id><status>Succeeded</status><success>true</success><zipFile>UEsDBB\nQAAA==</zipFile>`,
      ),
      expected: { done: 'true', status: 'Succeeded', success: 'true', zipFile: 'UEsDBBQAAA==' },
    },
    {
      what: 'the same with the metadata namespace as a prefix',
      text: answer(
        '<m:done>true</m:done><m:fileProperties><m:fileName>x</m:fileName></m:fileProperties><m:status>Succeeded</m:status><m:success>true</m:success><m:zipFile>UEsDBA==</m:zipFile>',
        'm:',
      ),
      expected: { done: 'true', status: 'Succeeded', success: 'true', zipFile: 'UEsDBA==' },
    },
    {
      what: 'a failed retrieve, its message decoded',
      text: answer(
        '<done>true</done><errorMessage>INVALID_CROSS_REFERENCE_KEY: &lt;members&gt; &amp; &quot;types&quot;</errorMessage><errorStatusCode>INVALID_CROSS_REFERENCE_KEY</errorStatusCode><id>09S1</id><status>Failed</status><success>false</success>',
      ),
      expected: {
        done: 'true',
        errorMessage: 'INVALID_CROSS_REFERENCE_KEY: <members> & "types"',
        errorStatusCode: 'INVALID_CROSS_REFERENCE_KEY',
        status: 'Failed',
        success: 'false',
      },
    },
    {
      what: 'a SOAP fault: not an answer',
      text: '<soapenv:Envelope><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>Invalid Session ID</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
      expected: undefined,
    },
    {
      what: 'a page of HTML: not an answer',
      text: '<html><body>Down for maintenance</body></html>',
      expected: undefined,
    },
  ];
  for (const { what, text, expected } of cases) {
    it(what, () => expect(readRetrieveStatus(text)).to.deep.equal(expected));
  }

  it('writes the session and the id escaped into the envelope', () => {
    const envelope = checkRetrieveStatusEnvelope('00D!a<b>&c', '09S1');
    expect(envelope).to.include('<sessionId>00D!a&lt;b&gt;&amp;c</sessionId>');
    expect(envelope).to.include(
      '<checkRetrieveStatus><id>09S1</id><includeZip>true</includeZip></checkRetrieveStatus>',
    );
  });
});

describe('checkRetrieveStatus: the text call, or jsforce when the answer is not a plain one', () => {
  const connection = (reply: () => Promise<unknown>, sent: unknown[] = []): SoapTextConnection => ({
    accessToken: '00D!token',
    version: '68.0',
    request: (request, options) => {
      sent.push({ ...request, options });
      return reply();
    },
  });
  const FINISHED = answer(
    '<done>true</done><status>Succeeded</status><success>true</success><zipFile>UEsFBg==</zipFile>',
  );

  it('asks as jsforce does, for the text of the answer, and reads it', async () => {
    const sent: Array<Record<string, unknown>> = [];
    let fallbacks = 0;
    const status = await checkRetrieveStatus(
      connection(() => Promise.resolve(FINISHED), sent),
      () => Promise.resolve(++fallbacks),
      '09S1',
    );
    expect(status).to.deep.include({ done: 'true', status: 'Succeeded', zipFile: 'UEsFBg==' });
    expect(fallbacks).to.equal(0);
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({
      method: 'POST',
      url: '/services/Soap/m/68.0',
      options: { responseType: 'text/plain' },
    });
    expect(sent[0].headers).to.deep.include({ SOAPAction: '""' });
  });

  const notPlain: Array<{ what: string; reply: () => Promise<unknown> }> = [
    {
      what: 'a refused request (a SOAP fault, an HTTP error)',
      reply: () => Promise.reject(new Error('INVALID_SESSION_ID')),
    },
    { what: 'an answer that is not a retrieve status', reply: () => Promise.resolve('<html>maintenance</html>') },
    { what: 'an answer jsforce parsed anyway', reply: () => Promise.resolve({ done: true }) },
  ];
  for (const { what, reply } of notPlain) {
    it(`hands ${what} to jsforce's own call`, async () => {
      const status = await checkRetrieveStatus(connection(reply), (id) => Promise.resolve({ done: true, id }), '09S1');
      expect(status).to.deep.equal({ done: true, id: '09S1' });
    });
  }
});

describe('retrieveComponents against the emulator: the text call in one request', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator();
    seedApp(emulator.state, 'Text_Call_App');
  });
  after(() => emulator.close());

  it('retrieves the apps with one retrieve and one status request, none through jsforce', async () => {
    const connection = await connectTo(emulator);
    let jsforceCalls = 0;
    const original = connection.metadata.checkRetrieveStatus.bind(connection.metadata);
    connection.metadata.checkRetrieveStatus = ((id: string) => {
      jsforceCalls += 1;
      return original(id);
    }) as typeof connection.metadata.checkRetrieveStatus;
    const before = emulator.requests.length;
    const files = await retrieveComponents(
      connection,
      new Map([
        ['ExternalClientApplication', ['*']],
        ['ExtlClntAppGlobalOauthSettings', ['*']],
      ]),
      { apiVersion: connection.version },
    );
    expect(files.map((f) => f.path)).to.include('externalClientApps/Text_Call_App.eca');
    expect(files.find((f) => f.path.endsWith('Text_Call_App.eca'))?.xml).to.include('<label>');
    expect(emulator.requests.length - before).to.equal(2);
    expect(jsforceCalls).to.equal(0);
  });
});
