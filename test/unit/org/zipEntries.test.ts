/*
 * Reading a retrieve's zip with node:zlib: stored and deflated entries, folders left out, a comment after the
 * directory; and every kind of archive it does not read, refused with what is wrong.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { ZipReadError, zipEntries } from '../../../src/org/zipEntries.js';

const ECA = '<?xml version="1.0" encoding="UTF-8"?>\n<ExternalClientApplication>é</ExternalClientApplication>\n';

async function zipOf(
  files: Record<string, string>,
  options: { compression: 'STORE' | 'DEFLATE'; comment?: string; folders?: string[] },
): Promise<Buffer> {
  const zip = new JSZip();
  for (const folder of options.folders ?? []) zip.folder(folder);
  for (const [path, text] of Object.entries(files)) zip.file(path, text, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: options.compression, comment: options.comment });
}

/** The offset of the first central directory header, and of the first local header's data. */
const centralAt = (zip: Buffer): number => zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
const dataAt = (zip: Buffer): number => 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);

describe('zipEntries: the files of a retrieve zip', () => {
  const files = {
    'externalClientApps/A.eca': ECA,
    'extlClntAppOauthPolicies/A_ecaOauthPlcy.ecaOauthPlcy': ECA.repeat(40),
    'package.xml': '<Package/>',
  };

  for (const compression of ['STORE', 'DEFLATE'] as const) {
    it(`reads ${compression === 'STORE' ? 'stored' : 'deflated'} entries, UTF-8 intact, folders left out`, async () => {
      const zip = await zipOf(files, { compression, folders: ['externalClientApps'], comment: 'retrieved' });
      const entries = zipEntries(zip);
      expect(Object.fromEntries(entries.map((e) => [e.path, e.data.toString('utf8')]))).to.deep.equal(files);
    });
  }

  it('reads an empty archive as no files', async () => {
    expect(zipEntries(await zipOf({}, { compression: 'DEFLATE' }))).to.deep.equal([]);
  });

  const damaged: Array<{ what: string; damage: (zip: Buffer) => Buffer; error: RegExp }> = [
    { what: 'not a zip', damage: () => Buffer.from('<html>maintenance</html>'.padEnd(64)), error: /not a zip archive/ },
    { what: 'cut short', damage: (zip) => zip.subarray(40), error: /no central directory header|no local header/ },
    {
      what: 'a flipped byte in the data',
      damage: (zip) => {
        const copy = Buffer.from(zip);
        copy[dataAt(copy) + 3] ^= 0xff;
        return copy;
      },
      error: /CRC-32 does not match|does not inflate|bytes where the directory says/,
    },
    {
      what: 'another compression method (bzip2, 12)',
      damage: (zip) => {
        const copy = Buffer.from(zip);
        copy.writeUInt16LE(12, centralAt(copy) + 10);
        return copy;
      },
      error: /compression method 12 is not read/,
    },
    {
      what: 'an encrypted entry',
      damage: (zip) => {
        const copy = Buffer.from(zip);
        copy.writeUInt16LE(copy.readUInt16LE(centralAt(copy) + 8) | 1, centralAt(copy) + 8);
        return copy;
      },
      error: /encrypted entries are not read/,
    },
    {
      what: 'a size the data does not have',
      damage: (zip) => {
        const copy = Buffer.from(zip);
        copy.writeUInt32LE(copy.readUInt32LE(centralAt(copy) + 24) + 1, centralAt(copy) + 24);
        return copy;
      },
      error: /bytes where the directory says/,
    },
  ];
  for (const { what, damage, error } of damaged) {
    it(`refuses an archive ${what}, saying what is wrong`, async () => {
      const zip = damage(await zipOf({ 'externalClientApps/A.eca': ECA.repeat(20) }, { compression: 'DEFLATE' }));
      let thrown: unknown;
      try {
        zipEntries(zip);
      } catch (caught) {
        thrown = caught;
      }
      expect(thrown, what).to.be.instanceOf(ZipReadError);
      expect((thrown as Error).message).to.match(error);
    });
  }
});
