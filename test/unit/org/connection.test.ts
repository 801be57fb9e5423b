import { expect } from 'chai';
import { SfError } from '@salesforce/core';
import { translateOrgError } from '../../../src/org/connection.js';

describe('translateOrgError', () => {
  it('turns an invalid session into an error that says to log in again', () => {
    const original = Object.assign(new Error('Session expired or invalid'), {
      name: 'INVALID_SESSION_ID',
      errorCode: 'INVALID_SESSION_ID',
    });
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
