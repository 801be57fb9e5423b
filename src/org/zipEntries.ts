/*
 * The files of a zip, read with node:zlib: the central directory (PKWARE APPNOTE 4.3.12, 4.3.16) names each entry,
 * its method and sizes; each entry's data follows its local header. Stored (0) and deflated (8) entries, the two
 * methods a Metadata API retrieve uses. A retrieve of hundreds of apps holds thousands of small deflated files, which
 * a JavaScript inflater (jszip, under SDR's ZipTreeContainer) takes a large part of a second to read; native inflate
 * takes milliseconds. Each entry's size and CRC-32 are checked. Anything else (another method, an encrypted entry,
 * ZIP64, a cut or damaged archive) is an error naming it.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { Messages } from '../messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'org');

export type ZipEntry = { path: string; data: Buffer };

const END_OF_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_SIZE = 22;
const ENCRYPTED = 0x0001;

/** What is wrong with the archive, in the words of messages/org.md (`zip.<problem>`). */
export class ZipReadError extends Error {
  public constructor(problem: string, tokens: Array<string | number> = []) {
    super(messages.getMessage(`zip.${problem}`, tokens));
    this.name = 'ZipReadError';
  }
}

/** Where the end of central directory record starts (it ends the file, after a comment of up to 65,535 bytes). */
function endOfDirectory(zip: Buffer): number {
  for (let at = zip.length - END_SIZE; at >= Math.max(0, zip.length - END_SIZE - 0xffff); at--)
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  throw new ZipReadError('notZip');
}

function inflated(path: string, raw: Buffer): Buffer {
  try {
    return inflateRawSync(raw);
  } catch (error) {
    throw new ZipReadError('inflate', [path, error instanceof Error ? error.message : String(error)]);
  }
}

/** Every file entry of the zip (folders left out), in the order of its central directory. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = endOfDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new ZipReadError('zip64');
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_HEADER)
      throw new ZipReadError('noCentralHeader', [index + 1, count, at]);
    const flags = zip.readUInt16LE(at + 8);
    const crc = zip.readUInt32LE(at + 16);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const path = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (path.endsWith('/')) continue;
    if (flags & ENCRYPTED) throw new ZipReadError('encrypted', [path]);
    if (localAt + 30 > zip.length || zip.readUInt32LE(localAt) !== LOCAL_HEADER)
      throw new ZipReadError('noLocalHeader', [path, localAt]);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    if (dataAt + compressed > zip.length) throw new ZipReadError('cut', [path]);
    const raw = zip.subarray(dataAt, dataAt + compressed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflated(path, raw);
    else throw new ZipReadError('method', [path, method]);
    if (data.length !== size) throw new ZipReadError('size', [path, data.length, size]);
    if (crc32(data) !== crc) throw new ZipReadError('crc', [path]);
    entries.push({ path, data });
  }
  return entries;
}
