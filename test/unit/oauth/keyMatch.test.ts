import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { keyMatchesCertificate } from '../../../src/oauth/keyMatch.js';
import { generateCertificate } from '../../../src/keys/generateKeyPair.js';

describe('keyMatch: does a private key belong to a certificate', () => {
  it('tells the matching key from another, and reads a retrieve-style body as well as PEM', async () => {
    const pair = await generateCertificate({ apiName: 'Billing_Sync' });
    const key = createPrivateKey(pair.privateKeyPem);
    expect(keyMatchesCertificate(key, pair.certificatePem)).to.equal(true);
    const body = pair.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    expect(keyMatchesCertificate(key, body)).to.equal(true);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(keyMatchesCertificate(other, pair.certificatePem)).to.equal(false);
    expect(keyMatchesCertificate(key, 'not a certificate')).to.equal(undefined);
  });
});
