import { expect } from 'chai';
import sinon from 'sinon';
import { type Connection, type SfError } from '@salesforce/core';
import {
  credentialsApiVersion,
  findAppId,
  isSecretAccessClosed,
  listConsumers,
  readConsumer,
} from '../../../src/org/credentials.js';
import { expectRejection } from '../../helpers/expectError.js';

const APP_ID = '0xI5g000000ABCDEAA';
const CONSUMER_ID = '8885g000000WXYZAAA';

type FakeConnection = {
  query: sinon.SinonStub;
  request: sinon.SinonStub;
  getApiVersion: sinon.SinonStub;
  getUsername: sinon.SinonStub;
};

function fakeConnection(apiVersion = '62.0'): FakeConnection {
  return {
    query: sinon.stub(),
    request: sinon.stub(),
    getApiVersion: sinon.stub().returns(apiVersion),
    getUsername: sinon.stub().returns('admin@acme.example'),
  };
}
const asConnection = (fake: FakeConnection): Connection => fake as unknown as Connection;

/** The error shape jsforce throws for a REST error answer. */
function apiError(message: string, errorCode: string): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('org credentials', () => {
  describe('findAppId', () => {
    it('queries ExternalClientApplication by escaped DeveloperName', async () => {
      const conn = fakeConnection();
      conn.query.resolves({ records: [{ Id: APP_ID }], totalSize: 1, done: true });
      expect(await findAppId(asConnection(conn), "My_App' OR Id != '")).to.equal(APP_ID);
      expect(conn.query.firstCall.args[0]).to.equal(
        "SELECT Id FROM ExternalClientApplication WHERE DeveloperName = 'My_App\\' OR Id != \\''",
      );
    });

    it('an unknown app is an error that says how to deploy it', async () => {
      const conn = fakeConnection();
      conn.query.resolves({ records: [], totalSize: 0, done: true });
      const error = await expectRejection<SfError>(findAppId(asConnection(conn), 'Missing_App', 'my-org'));
      expect(error.name).to.equal('AppNotFoundError');
      expect(error.message).to.contain('Missing_App');
      // The command runs as printed: the target org in it, nothing glued to it.
      expect(error.actions?.join('\n')).to.contain('`sf eca deploy --name Missing_App --target-org my-org`');
    });

    it('an org without External Client Apps says so', async () => {
      const conn = fakeConnection();
      conn.query.rejects(apiError("sObject type 'ExternalClientApplication' is not supported.", 'INVALID_TYPE'));
      const error = await expectRejection<SfError>(findAppId(asConnection(conn), 'My_App'));
      expect(error.name).to.equal('EcaNotQueryableError');
    });
  });

  it('uses the connection API version, at least v62', () => {
    expect(credentialsApiVersion(asConnection(fakeConnection('60.0')))).to.equal('62.0');
    expect(credentialsApiVersion(asConnection(fakeConnection('66.0')))).to.equal('66.0');
  });

  describe('readConsumer', () => {
    function happyConnection(apiVersion = '66.0'): FakeConnection {
      const conn = fakeConnection(apiVersion);
      conn.request
        .withArgs(sinon.match({ url: `/services/data/v${apiVersion}/apps/oauth/credentials/${APP_ID}` }))
        .resolves({ consumers: [{ id: CONSUMER_ID, key: '3MVG9KEY', name: 'My_App', url: '/x' }] });
      conn.request
        .withArgs(
          sinon.match({
            url: `/services/data/v${apiVersion}/apps/oauth/credentials/${APP_ID}/${CONSUMER_ID}?part=keyandsecret`,
          }),
        )
        .resolves({ id: CONSUMER_ID, key: '3MVG9KEY', secret: 'S3CR3T', name: 'My_App' });
      conn.request
        .withArgs(
          sinon.match({
            url: `/services/data/v${apiVersion}/apps/oauth/credentials/${APP_ID}/${CONSUMER_ID}?part=key`,
          }),
        )
        .resolves({ id: CONSUMER_ID, key: '3MVG9KEY', name: 'My_App' });
      return conn;
    }

    it('reads the key and secret of the first consumer', async () => {
      const conn = happyConnection();
      expect(await readConsumer(asConnection(conn), APP_ID, 'keyandsecret')).to.deep.equal({
        consumerId: CONSUMER_ID,
        key: '3MVG9KEY',
        secret: 'S3CR3T',
      });
      expect(conn.request.callCount).to.equal(2);
      expect(conn.request.secondCall.args[0]).to.include({ method: 'GET' });
    });

    it('reads the key from the consumer list alone when asked for the key (one request)', async () => {
      const conn = happyConnection();
      expect(await readConsumer(asConnection(conn), APP_ID, 'key')).to.deep.equal({
        consumerId: CONSUMER_ID,
        key: '3MVG9KEY',
      });
      expect(conn.request.callCount).to.equal(1);
    });

    it('asks the consumer for its key when the list does not carry it', async () => {
      const conn = fakeConnection();
      conn.request.onFirstCall().resolves({ consumers: [{ id: CONSUMER_ID }] });
      conn.request.onSecondCall().resolves({ id: CONSUMER_ID, key: '3MVG9KEY' });
      expect(await readConsumer(asConnection(conn), APP_ID, 'key')).to.deep.equal({
        consumerId: CONSUMER_ID,
        key: '3MVG9KEY',
      });
      expect(conn.request.secondCall.args[0]).to.include({
        url: `/services/data/v62.0/apps/oauth/credentials/${APP_ID}/${CONSUMER_ID}?part=key`,
      });
    });

    it('lists consumers', async () => {
      const conn = happyConnection();
      expect(await listConsumers(asConnection(conn), APP_ID)).to.have.length(1);
    });

    const closed: Array<[string, Error]> = [
      [
        'the org setting is off',
        apiError('This feature is not currently enabled for this user.', 'FUNCTIONALITY_NOT_ENABLED'),
      ],
      ['the feature is not enabled', apiError('The requested feature is not enabled.', 'NOT_FOUND')],
      ['a 403', apiError('', 'ERROR_HTTP_403')],
      [
        'missing permissions',
        apiError('Insufficient access rights on cross-reference id', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY'),
      ],
    ];
    for (const [what, error] of closed) {
      it(`when ${what}: both ways forward, and the setting left alone`, async () => {
        const conn = fakeConnection();
        conn.request.onFirstCall().resolves({ consumers: [{ id: CONSUMER_ID }] });
        conn.request.onSecondCall().rejects(error);
        const caught = await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'keyandsecret'));
        expect(caught.name).to.equal('SecretApiClosedError');
        const actions = caught.actions?.join('\n') ?? '';
        expect(actions).to.contain('SF_ECA_CLIENT_SECRET').and.contain('--client-secret-stdin');
        expect(actions)
          .to.contain('Allow access to External Client App consumer secrets via REST API')
          .and.contain('turn the setting off again');
        // Only GETs: nothing was switched on.
        for (const call of conn.request.getCalls()) expect(call.args[0]).to.include({ method: 'GET' });
      });
    }

    it('an answer without the secret counts as a closed secret API', async () => {
      const conn = fakeConnection();
      conn.request.onFirstCall().resolves({ consumers: [{ id: CONSUMER_ID }] });
      conn.request.onSecondCall().resolves({ id: CONSUMER_ID, key: '3MVG9KEY' });
      expect((await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'keyandsecret'))).name).to.equal(
        'SecretApiClosedError',
      );
    });

    it('a closed credentials API when reading the key only is reported as such', async () => {
      const conn = fakeConnection();
      conn.request.rejects(apiError('Insufficient privileges', 'FORBIDDEN'));
      expect((await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'key'))).name).to.equal(
        'CredentialsApiClosedError',
      );
    });

    it('an app without consumers', async () => {
      const conn = fakeConnection();
      conn.request.resolves({ consumers: [] });
      expect((await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'key'))).name).to.equal(
        'NoConsumerError',
      );
    });

    it('other failures keep their code and never carry the secret', async () => {
      const conn = fakeConnection();
      conn.request.rejects(apiError('Bad part', 'INVALID_INPUT'));
      const error = await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'key'));
      expect(error.name).to.equal('CredentialsRequestFailedError');
      expect(error.message).to.contain('INVALID_INPUT');
    });

    it('an org failing (an HTML 503 page) is the org unavailable, exit 70, in one line without the page', async () => {
      const conn = fakeConnection();
      conn.request.rejects(
        apiError(
          '<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body>x</body></html>',
          'ERROR_HTTP_503',
        ),
      );
      const error = await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'key'));
      expect(error.name).to.equal('OrgUnavailableError');
      expect(error.exitCode).to.equal(70);
      expect(error.message).to.contain('HTTP 503 with an HTML page ("Service Unavailable")').and.not.contain('<');
    });

    it('an expired login says to log in again', async () => {
      const conn = fakeConnection();
      conn.request.rejects(apiError('Session expired or invalid', 'INVALID_SESSION_ID'));
      const error = await expectRejection<SfError>(readConsumer(asConnection(conn), APP_ID, 'key'));
      expect(error.name).to.equal('SessionExpiredError');
      expect(error.actions?.join('\n')).to.match(/Log in to the org again/);
    });

    it('a closed API: the key error says --client-id, the secret error names the setting and both ways to pass it', async () => {
      const closed = (): Error =>
        apiError(
          'Access to External Client App consumer secrets via REST API is not currently enabled for this org.',
          'FUNCTIONALITY_NOT_ENABLED',
        );
      const keyConn = fakeConnection();
      keyConn.request.rejects(closed());
      const keyError = await expectRejection<SfError>(readConsumer(asConnection(keyConn), APP_ID, 'key'));
      expect(keyError.name).to.equal('CredentialsApiClosedError');
      expect(keyError.message).to.contain('not currently enabled');
      expect(keyError.actions?.join('\n')).to.contain('--client-id').and.contain('SF_ECA_CLIENT_SECRET');
      const secretConn = fakeConnection();
      secretConn.request.rejects(closed());
      const secretError = await expectRejection<SfError>(
        readConsumer(asConnection(secretConn), APP_ID, 'keyandsecret'),
      );
      expect(secretError.name).to.equal('SecretApiClosedError');
      expect(secretError.message).to.contain('Allow access to External Client App consumer secrets via REST API');
      expect(secretError.actions?.join('\n'))
        .to.contain('SF_ECA_CLIENT_SECRET')
        .and.contain('--client-secret-stdin')
        .and.not.match(/^- Give the user the External Client App Developer permission, or pass the consumer key/);
      expect(`${secretError.message} ${secretError.actions?.join(' ')}`).not.to.match(/\.\./);
    });

    it('refuses ids that are not Salesforce ids (no path injection)', async () => {
      const conn = fakeConnection();
      const error = await expectRejection<SfError>(readConsumer(asConnection(conn), '../../sobjects/User', 'key'));
      expect(error.name).to.equal('BadRecordIdError');
      expect(conn.request.called).to.equal(false);
    });
  });

  it('recognises a closed secret API', () => {
    expect(isSecretAccessClosed(apiError('This feature is not currently enabled for this user.', 'X'))).to.equal(true);
    expect(isSecretAccessClosed(apiError('x', 'ERROR_HTTP_403'))).to.equal(true);
    expect(isSecretAccessClosed(apiError('Server error', 'ERROR_HTTP_500'))).to.equal(false);
    expect(isSecretAccessClosed('not an error')).to.equal(false);
  });
});
