import { expect } from 'chai';
import sinon from 'sinon';
import { type Connection } from '@salesforce/core';
import {
  deleteStaged,
  findConsumer,
  parseStagedCredential,
  readStaged,
  rotateToStaged,
  stageCredential,
  stagedRequestError,
} from '../../../src/org/stagedCredentials.js';
import { expectRejection } from '../../helpers/expectError.js';

const APP_ID = '0xI5g000000ABCDEAA';
const CONSUMER_URL = `/services/data/v64.0/apps/oauth/credentials/${APP_ID}/8885g000000WXYZAAA`;
const STAGED_URL = `${CONSUMER_URL}/staged`;

function fakeConnection(apiVersion = '62.0'): { conn: Connection; request: sinon.SinonStub } {
  const request = sinon.stub();
  const conn = {
    request,
    getApiVersion: () => apiVersion,
    getUsername: () => 'admin@acme.example',
  } as unknown as Connection;
  return { conn, request };
}

const apiError = (message: string, errorCode: string): Error =>
  Object.assign(new Error(message), { name: errorCode, errorCode });

const entry = (state: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '0Hz5g0000000001AAA',
  key: 'staged-key',
  secret: 'staged-secret',
  state,
  url: `${STAGED_URL}/0Hz5g0000000001AAA`,
  createdBy: 'admin@acme.example',
  createdDate: '2026-12-01T10:00:00.000Z',
  expirationDate: '2026-12-31T10:00:00.000Z',
  ...extra,
});

describe('org staged credentials', () => {
  describe('parseStagedCredential', () => {
    const table: Array<[string, unknown, Record<string, unknown> | undefined]> = [
      ['an Active one keeps its secret', entry('Active'), { state: 'Active', secret: 'staged-secret' }],
      ['the state in any case', entry('active'), { state: 'Active' }],
      ['a Rotated one never keeps a secret', entry('Rotated'), { state: 'Rotated', secret: undefined }],
      ['an Expired one', entry('Expired'), { state: 'Expired', secret: undefined }],
      ['an unknown state is dropped', entry('Pending'), undefined],
      ['no key', entry('Active', { key: '' }), undefined],
      ['no url', entry('Active', { url: undefined }), undefined],
      ['not an object', 'Active', undefined],
      ['null', null, undefined],
    ];
    for (const [name, raw, expected] of table)
      it(name, () => {
        const parsed = parseStagedCredential(raw);
        if (expected === undefined) expect(parsed).to.equal(undefined);
        else for (const [key, value] of Object.entries(expected)) expect(parsed?.[key as 'state'], key).to.equal(value);
      });
  });

  describe('stagedRequestError', () => {
    const table: Array<[string, unknown, string, RegExp]> = [
      [
        'the setting off',
        apiError(
          'Access to External Client App consumer secrets via REST API is not currently enabled.',
          'FUNCTIONALITY_NOT_ENABLED',
        ),
        'SecretApiSettingOffError',
        /Allow access to External Client App consumer secrets via REST API/,
      ],
      [
        'View Client Secret missing',
        apiError(
          'You do not have the permission View Client Secret required to view the consumer secret.',
          'INSUFFICIENT_ACCESS',
        ),
        'MissingPermissionError',
        /lacks the user permission View Client Secret/,
      ],
      [
        'External Client App Developer missing',
        apiError('You do not have the permission External Client App Developer required.', 'INSUFFICIENT_ACCESS'),
        'MissingPermissionError',
        /External Client App Developer/,
      ],
      [
        'a packaged app',
        apiError('Staged credentials are supported only for local external client apps.', 'INVALID_OPERATION'),
        'PackagedAppError',
        /only for local External Client Apps/,
      ],
      [
        'a reset connection',
        Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }),
        'ConnectionLostError',
        /dropped during the stage request/,
      ],
      [
        'anything else',
        apiError('Bad things', 'UNKNOWN_EXCEPTION'),
        'RequestFailedError',
        /UNKNOWN_EXCEPTION: Bad things/,
      ],
    ];
    for (const [name, error, expectedName, message] of table)
      it(name, () => {
        const mapped = stagedRequestError(error, 'admin@acme.example', 'stage');
        expect(mapped.name).to.equal(expectedName);
        expect(mapped.message).to.match(message);
      });
  });

  it('finds the first consumer at v64 or later, following nextPageUrl past an empty page', async () => {
    const { conn, request } = fakeConnection('62.0');
    request.onFirstCall().resolves({ consumers: [], nextPageUrl: '/next' });
    request.onSecondCall().resolves({
      consumers: [{ id: '8885g000000WXYZAAA', key: 'k', url: CONSUMER_URL, stagedCredentialsUrl: STAGED_URL }],
    });
    expect(await findConsumer(conn, APP_ID)).to.deep.equal({
      id: '8885g000000WXYZAAA',
      key: 'k',
      stagedCredentialsUrl: STAGED_URL,
    });
    expect(request.firstCall.args[0]).to.deep.equal({
      method: 'GET',
      url: `/services/data/v64.0/apps/oauth/credentials/${APP_ID}`,
    });
    expect(request.secondCall.args[0].url).to.equal('/next');
  });

  it('an app without consumers is an error that says how to get one', async () => {
    const { conn, request } = fakeConnection('66.0');
    request.resolves({ consumers: [], nextPageUrl: null });
    const error = await expectRejection(findConsumer(conn, APP_ID));
    expect(error.name).to.equal('NoConsumerError');
  });

  it('reads the staged credential without its secret unless asked', async () => {
    const { conn, request } = fakeConnection();
    request.resolves({ stagedCredentials: [entry('Active')], url: STAGED_URL });
    const consumer = { id: '8885g000000WXYZAAA', stagedCredentialsUrl: STAGED_URL };
    expect(await readStaged(conn, consumer, false)).not.to.have.property('secret');
    expect(request.firstCall.args[0].url).to.equal(`${STAGED_URL}?part=key`);
    expect((await readStaged(conn, consumer, true))?.secret).to.equal('staged-secret');
    expect(request.secondCall.args[0].url).to.equal(`${STAGED_URL}?part=keyandsecret`);
    request.resolves({ stagedCredentials: [], url: STAGED_URL });
    expect(await readStaged(conn, consumer, false)).to.equal(undefined);
  });

  it('stages with a JSON body {} (without one the org never answers), rotates with the command, deletes', async () => {
    const { conn, request } = fakeConnection();
    const consumer = { id: '8885g000000WXYZAAA', stagedCredentialsUrl: STAGED_URL };
    request.onFirstCall().resolves({ stagedCredentials: [entry('Active')], url: STAGED_URL });
    const staged = await stageCredential(conn, consumer);
    expect(request.firstCall.args[0]).to.deep.equal({
      method: 'POST',
      url: STAGED_URL,
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    request.onSecondCall().resolves({ stagedCredentials: [entry('Rotated')], url: STAGED_URL });
    const previous = await rotateToStaged(conn, staged);
    expect(request.secondCall.args[0]).to.deep.include({
      method: 'PATCH',
      url: staged.url,
      body: '{"command":"rotate"}',
    });
    expect(previous).to.deep.include({ state: 'Rotated' }).and.not.have.property('secret');
    request.onThirdCall().resolves(undefined);
    await deleteStaged(conn, staged);
    expect(request.thirdCall.args[0]).to.deep.equal({ method: 'DELETE', url: staged.url });
  });

  it('a staging answer without a secret is an error, not a credential nobody can hand over', async () => {
    const { conn, request } = fakeConnection();
    request.resolves({ stagedCredentials: [entry('Active', { secret: undefined })] });
    const error = await expectRejection(stageCredential(conn, { id: 'c', stagedCredentialsUrl: STAGED_URL }));
    expect(error.name).to.equal('NoStagedSecretError');
  });
});
