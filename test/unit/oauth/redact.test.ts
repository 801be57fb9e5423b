import { expect } from 'chai';
import { redact } from '../../../src/oauth/redact.js';

describe('redact', () => {
  const table: Array<[string, string, string[]?]> = [
    [
      'grant_type=client_credentials&client_id=KEY&client_secret=s3cr3t',
      'grant_type=client_credentials&client_id=KEY&client_secret=[REDACTED]',
    ],
    ['http://localhost:1717/cb?code=aPrx123&state=xyz', 'http://localhost:1717/cb?code=[REDACTED]&state=xyz'],
    ['code_verifier=abc&assertion=eyJ.eyJ.sig', 'code_verifier=[REDACTED]&assertion=[REDACTED]'],
    [
      '{"access_token":"00Dxx!AQ","instance_url":"https://x"}',
      '{"access_token":"[REDACTED]","instance_url":"https://x"}',
    ],
    ['{"refresh_token" : "5Aep\\"861", "id":"u"}', '{"refresh_token" : "[REDACTED]", "id":"u"}'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [REDACTED]'],
    ['session 00D5g000000ABCD!AQ8AQ.x_y-z ended', 'session [REDACTED] ended'],
    ['-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\nafter', '[REDACTED]\nafter'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE truncated', '[REDACTED]'],
    ['the secret is hunter22 indeed', 'the secret is [REDACTED] indeed', ['hunter22']],
    ['client_id=KEY&grant_type=password&scope=api', 'client_id=KEY&grant_type=password&scope=api'],
    ['nothing to hide', 'nothing to hide', ['', 'ab']],
  ];
  for (const [input, expected, secrets] of table) {
    it(`${JSON.stringify(input)}`, () => {
      expect(redact(input, secrets)).to.equal(expected);
    });
  }
});
