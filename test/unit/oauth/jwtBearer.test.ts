import { generateKeyPairSync, verify } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  buildJwtAssertion,
  JWT_BEARER_GRANT,
  parsePrivateKey,
  readPrivateKeyFile,
  requestJwtBearerToken,
} from '../../../src/oauth/jwtBearer.js';
import { expectRejection } from '../../helpers/expectError.js';
import { json, startStub } from '../../helpers/stubServer.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);

function decode(jwt: string): {
  header: unknown;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
} {
  const [h, p, s] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

describe('jwtBearer', () => {
  it('builds an RS256 JWT with iss, sub, aud, exp that verifies against the public key', () => {
    const jwt = buildJwtAssertion({
      clientId: '3MVG9KEY',
      username: 'integration@acme.example',
      audience: 'https://login.salesforce.com',
      privateKey,
      now: () => NOW,
    });
    expect(jwt.split('.')).to.have.length(3);
    expect(jwt).to.match(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const { header, claims, signingInput, signature } = decode(jwt);
    expect(header).to.deep.equal({ alg: 'RS256' });
    expect(claims).to.deep.equal({
      iss: '3MVG9KEY',
      sub: 'integration@acme.example',
      aud: 'https://login.salesforce.com',
      exp: NOW / 1000 + 170,
    });
    expect(verify('RSA-SHA256', Buffer.from(signingInput), publicKey, signature)).to.equal(true);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verify('RSA-SHA256', Buffer.from(signingInput), other, signature)).to.equal(false);
  });

  it('never puts exp more than 180 s ahead', () => {
    for (const [asked, expected] of [
      [600, 180],
      [180, 180],
      [60, 60],
      [0, 1],
    ]) {
      const jwt = buildJwtAssertion({
        clientId: 'K',
        username: 'u',
        audience: 'a',
        privateKey,
        now: () => NOW,
        lifetimeSeconds: asked,
      });
      expect(decode(jwt).claims.exp, `asked ${asked}`).to.equal(NOW / 1000 + expected);
    }
  });

  describe('private key files', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'eca-jwt-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('reads a 0600 key without warnings', async () => {
      const path = join(dir, 'ok.key');
      await writeFile(path, pem, { mode: 0o600 });
      const file = await readPrivateKeyFile(path);
      expect(file.warnings).to.deep.equal([]);
      expect(file.key.asymmetricKeyType).to.equal('rsa');
    });

    it('warns about a key others can read, without printing the key', async () => {
      const path = join(dir, 'open.key');
      await writeFile(path, pem);
      await chmod(path, 0o644);
      const file = await readPrivateKeyFile(path);
      expect(file.warnings).to.have.length(1);
      expect(file.warnings[0]).to.contain(path).and.contain('644').and.contain('chmod 600');
      expect(file.warnings[0]).to.not.contain('PRIVATE KEY');
    });

    const bad: Array<[string, () => string, string]> = [
      ['not a key', () => 'hello', 'PrivateKeyUnreadableError'],
      [
        'an EC key',
        () =>
          generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        'PrivateKeyNotRsaError',
      ],
      [
        'a 1024-bit RSA key',
        () =>
          generateKeyPairSync('rsa', { modulusLength: 1024 })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        'PrivateKeyNotRsaError',
      ],
      [
        'an encrypted key',
        () => privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
        'PrivateKeyEncryptedError',
      ],
      [
        'an encrypted PKCS#1 key',
        () => privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
        'PrivateKeyEncryptedError',
      ],
    ];
    for (const [what, make, name] of bad) {
      it(`refuses ${what} without echoing it`, () => {
        const content = make();
        let caught: Error | undefined;
        try {
          parsePrivateKey(content, '/keys/app.key');
        } catch (error) {
          caught = error as Error;
        }
        expect(caught?.name).to.equal(name);
        expect(caught?.message).to.contain('/keys/app.key');
        expect(caught?.message).to.not.contain('BEGIN');
      });
    }

    it('a missing file is an error naming the file', async () => {
      const error = await expectRejection(readPrivateKeyFile(join(dir, 'missing.key')));
      expect(error.name).to.equal('PrivateKeyFileMissingError');
      expect(error.message).to.contain('missing.key').and.contain('ENOENT');
    });
  });

  it('sends grant_type and a fresh, valid assertion to the token endpoint', async () => {
    const stub = await startStub((_req, res) =>
      json(res, 200, { access_token: '00D000000000001!AQ', instance_url: 'https://x' }),
    );
    try {
      await requestJwtBearerToken({
        base: stub.url,
        clientId: 'KEY',
        username: 'u@example.com',
        audience: 'https://login.salesforce.com',
        privateKey: parsePrivateKey(pem, 'k'),
      });
      const form = new URLSearchParams(stub.requests[0].body);
      expect(form.get('grant_type')).to.equal(JWT_BEARER_GRANT);
      const { claims, signingInput, signature } = decode(form.get('assertion') ?? '');
      expect(claims.iss).to.equal('KEY');
      expect(claims.sub).to.equal('u@example.com');
      const exp = claims.exp as number;
      expect(exp - Date.now() / 1000).to.be.within(150, 181);
      expect(verify('RSA-SHA256', Buffer.from(signingInput), publicKey, signature)).to.equal(true);
    } finally {
      await stub.close();
    }
  });
});
