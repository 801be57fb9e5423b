import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { codeChallengeS256, createCodeVerifier, createPkcePair, createState } from '../../../src/oauth/pkce.js';

describe('pkce', () => {
  it('matches the S256 test vector of RFC 7636 Appendix B', () => {
    // The verifier is base64url of the appendix's 32 octets; the challenge is the appendix's value.
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
      91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const verifier = Buffer.from(octets).toString('base64url');
    expect(verifier).to.equal('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(codeChallengeS256(verifier)).to.equal('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers from the unreserved alphabet, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const verifier = createCodeVerifier();
      expect(verifier).to.match(/^[A-Za-z0-9_-]{43}$/);
      seen.add(verifier);
    }
    expect(seen.size).to.equal(100);
  });

  it('pairs a verifier with its S256 challenge', () => {
    const pair = createPkcePair();
    expect(pair.method).to.equal('S256');
    expect(pair.challenge).to.equal(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(pair.challenge).to.not.contain('=');
  });

  it('makes unguessable states', () => {
    const a = createState();
    const b = createState();
    expect(a).to.match(/^[A-Za-z0-9_-]{32}$/);
    expect(a).to.not.equal(b);
  });
});
