// The network's weights in NumPy's own format: an .npz (a zip of .npy files, as np.savez writes) holding W1
// (inputs × hidden), b1 (1 × hidden), W2 (hidden × outputs), b2 (1 × outputs), little-endian float64, C order — so
// `np.load(f)['W1']` works with NumPy alone. .npy layout (NumPy's format spec, version 1.0): the magic "\x93NUMPY",
// 1, 0, a little-endian uint16 header length, then a Python dict literal padded with spaces and ended by "\n" so
// that the data starts at a multiple of 64 bytes, then the array's bytes.
import { unzipSync, zipSync } from 'fflate';
import type { Shape } from '../train/mlp.js';
import type { Weights } from '../train/train.js';

const MAGIC = [0x93, ...Buffer.from('NUMPY', 'latin1')];
const ALIGN = 64;
/** NumPy leaves room for the first axis to grow to 21 digits (np.lib.format.GROWTH_AXIS_MAX_DIGITS). */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** A fixed time stamp for every zip entry (DOS time starts in 1980), so the same weights give the same bytes. */
const MTIME = new Date(1980, 0, 1, 0, 0, 0);

const NAMES = ['W1', 'b1', 'W2', 'b2'] as const;

function shapesOf(shape: Shape): Record<(typeof NAMES)[number], [number, number]> {
  return { W1: [shape.inputs, shape.hidden], b1: [1, shape.hidden], W2: [shape.hidden, shape.outputs], b2: [1, shape.outputs] };
}

/** One float64 array, C order, as the bytes of an .npy file exactly as np.save writes them. */
export function encodeNpy(values: Float64Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
  header += ' '.repeat(shape.length === 0 ? 0 : GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((ALIGN - (unpadded % ALIGN)) % ALIGN) + '\n';
  const out = new Uint8Array(MAGIC.length + 4 + header.length + values.length * 8);
  out.set(MAGIC, 0);
  out.set([1, 0, header.length & 0xff, header.length >> 8], MAGIC.length);
  out.set(Buffer.from(header, 'latin1'), MAGIC.length + 4);
  const view = new DataView(out.buffer, MAGIC.length + 4 + header.length);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return out;
}

/** An .npy file's float64 array and shape; throws Error naming what is not as expected. */
export function decodeNpy(bytes: Uint8Array): { values: Float64Array; shape: number[] } {
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not an .npy file (no \\x93NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [length, start] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12];
  const header = Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
  if (!/'descr':\s*'<f8'/.test(header)) throw new Error(`only little-endian float64 arrays are read, the header says ${header.trim()}`);
  if (!/'fortran_order':\s*False/.test(header)) throw new Error('only C-order arrays are read (fortran_order is True)');
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (dims === undefined) throw new Error(`no shape in the header ${header.trim()}`);
  const shape = dims.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + length;
  if (bytes.length - offset !== count * 8) throw new Error(`${bytes.length - offset} data bytes for shape (${shape.join(', ')})`);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(offset + i * 8, true);
  return { values, shape };
}

/** The weights as the bytes of an .npz file (stored, not deflated: float64 weights hardly compress). */
export function encodeWeightsNpz(shape: Shape, w: Weights): Uint8Array {
  const shapes = shapesOf(shape);
  const files = Object.fromEntries(NAMES.map((name) => [`${name}.npy`, encodeNpy(w[name], shapes[name])]));
  return zipSync(files, { level: 0, mtime: MTIME });
}

/** The weights of an .npz file of the network `shape`; throws Error naming the array that is missing or misshapen. */
export function decodeWeightsNpz(bytes: Uint8Array, shape: Shape): Weights {
  const files = unzipSync(bytes);
  const shapes = shapesOf(shape);
  const out: Partial<Weights> = {};
  for (const name of NAMES) {
    const file = files[`${name}.npy`];
    if (!file) throw new Error(`no array ${name} in the .npz`);
    const { values, shape: got } = decodeNpy(file);
    const want = shapes[name];
    if (got.length !== 2 || got[0] !== want[0] || got[1] !== want[1]) throw new Error(`${name} has shape (${got.join(', ')}), expected (${want.join(', ')})`);
    out[name] = values;
  }
  return out as Weights;
}
