import { Readable } from 'node:stream';
import { expect } from 'chai';
import { CLIENT_SECRET_ENV, readSecretFromStream, resolveClientSecret } from '../../../src/oauth/clientSecret.js';
import { expectRejection } from '../../helpers/expectError.js';

describe('clientSecret', () => {
  const stream = (text: string, isTTY = false): Readable & { isTTY?: boolean } =>
    Object.assign(Readable.from([Buffer.from(text)]), { isTTY });

  it('the environment comes first', async () => {
    let askedOrg = false;
    const result = await resolveClientSecret({
      env: { [CLIENT_SECRET_ENV]: 'from-env' },
      fromStdin: true,
      stdin: stream('from-stdin'),
      fromOrg: () => {
        askedOrg = true;
        return Promise.resolve('from-org');
      },
    });
    expect(result).to.deep.equal({ secret: 'from-env', source: 'env' });
    expect(askedOrg).to.equal(false);
  });

  it('then standard input when asked, without the trailing newline', async () => {
    expect(await resolveClientSecret({ env: {}, fromStdin: true, stdin: stream('s3cr3t\n') })).to.deep.equal({
      secret: 's3cr3t',
      source: 'stdin',
    });
    expect(await readSecretFromStream(stream('a b\r\n'))).to.equal('a b');
  });

  it('then the org', async () => {
    expect(
      await resolveClientSecret({ env: {}, fromStdin: false, fromOrg: () => Promise.resolve('from-org') }),
    ).to.deep.equal({
      secret: 'from-org',
      source: 'org',
    });
    expect(await resolveClientSecret({ env: { [CLIENT_SECRET_ENV]: '' }, fromStdin: false })).to.deep.equal({
      secret: undefined,
      source: 'none',
    });
  });

  it('refuses an empty pipe and a terminal', async () => {
    expect((await expectRejection(readSecretFromStream(stream('\n')))).name).to.equal('SecretStdinEmptyError');
    expect((await expectRejection(readSecretFromStream(stream('typed', true)))).name).to.equal(
      'SecretStdinIsTerminalError',
    );
  });
});
