import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { failureLocation, isRestDeployEnabled, translateOrgError } from '../../../src/jobs/deploy.js';

describe('isRestDeployEnabled', () => {
  const table: Array<[Record<string, string>, boolean]> = [
    [{ SF_ORG_METADATA_REST_DEPLOY: 'true' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'TRUE' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'false' }, false],
    [{ SFDX_REST_DEPLOY: 'true' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'false', SFDX_REST_DEPLOY: 'true' }, false],
  ];
  for (const [env, expected] of table) {
    it(`${JSON.stringify(env)} → ${expected ? 'REST' : 'SOAP'}`, async () => {
      expect(await isRestDeployEnabled(env)).to.equal(expected);
    });
  }
});

describe('translateOrgError', () => {
  it('turns an invalid session into an error that says to log in again', () => {
    const original = Object.assign(new Error('Session expired or invalid'), { name: 'INVALID_SESSION_ID', errorCode: 'INVALID_SESSION_ID' });
    const translated = translateOrgError(original, 'my-org') as SfError;
    expect(translated).to.be.instanceOf(SfError);
    expect(translated.name).to.equal('SessionExpiredError');
    expect(translated.message).to.include('The session for my-org has expired');
    expect(translated.actions?.join('\n')).to.include('sf org login web --alias my-org');
  });

  it('passes every other error through unchanged', () => {
    const original = new Error('ECONNREFUSED');
    expect(translateOrgError(original, 'my-org')).to.equal(original);
    expect(translateOrgError('text', 'my-org')).to.equal('text');
  });
});

describe('failureLocation', () => {
  it('is file:line:column relative to the project, or the component name without a file', () => {
    const base = { type: 'ExtlClntAppOauthSettings', fullName: 'A', problem: 'x' };
    expect(failureLocation({ ...base, file: '/p/force-app/a.xml', line: 3, column: 9 }, '/p')).to.equal('force-app/a.xml:3:9');
    expect(failureLocation({ ...base, file: '/elsewhere/a.xml', line: 3 }, '/p')).to.equal('/elsewhere/a.xml:3');
    expect(failureLocation(base, '/p')).to.equal('A');
  });
});
