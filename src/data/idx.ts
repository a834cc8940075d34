// Reader for the IDX format of the MNIST files: a big-endian header (magic number, then one 32-bit size per
// dimension) followed by unsigned bytes. Only the two kinds MNIST uses are accepted: 2051 = ubyte images (n, rows,
// cols) and 2049 = ubyte labels (n).
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors.js';

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows·cols bytes, row-major, one image after another */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

/**
 * The file's bytes. A gzipped file (as Fashion-MNIST and LeCun's site ship them) is decompressed with Node's zlib,
 * whether it is named `<file>.gz` beside the missing `<file>` or keeps the plain name.
 */
function readBytes(file: string): Uint8Array {
  const name = !existsSync(file) && existsSync(`${file}.gz`) ? `${file}.gz` : file;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file (nor a gzipped .gz beside it)' : code === 'EISDIR' ? 'is a folder' : String(code ?? err);
    throw new UserError(`${file}: cannot read dataset file: ${reason}`);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new UserError(`${name}: not a readable gzip file (${(err as Error).message}); decompress it with gunzip or replace it`);
  }
}

function header(file: string, bytes: Uint8Array, expectedMagic: number, dims: number): number[] {
  const headerLength = 4 + 4 * dims;
  if (bytes.length < headerLength) {
    throw new UserError(`${file}: truncated IDX file: ${bytes.length} bytes, shorter than its ${headerLength}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const kind = expectedMagic === IDX_IMAGES_MAGIC ? 'images' : 'labels';
    throw new UserError(`${file}: wrong magic number ${magic}, expected ${expectedMagic} (IDX ${kind} of unsigned bytes)`);
  }
  const sizes: number[] = [];
  for (let i = 0; i < dims; i++) sizes.push(view.getUint32(4 + 4 * i, false));
  const expected = headerLength + sizes.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const shape = sizes.join('×');
    const what = bytes.length < expected ? 'truncated' : 'too long';
    throw new UserError(`${file}: ${what}: ${bytes.length} bytes, expected ${expected} for ${shape}`);
  }
  return sizes;
}

export function readIdxImages(file: string): IdxImages {
  const bytes = readBytes(file);
  const [count, rows, cols] = header(file, bytes, IDX_IMAGES_MAGIC, 3);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function readIdxLabels(file: string): IdxLabels {
  const bytes = readBytes(file);
  const [count] = header(file, bytes, IDX_LABELS_MAGIC, 1);
  return { count, labels: bytes.subarray(8) };
}
