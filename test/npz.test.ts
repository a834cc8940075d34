// NumPy's .npy and .npz formats (src/store/npz.ts) against NumPy's own bytes (test/fixtures/numpy-npy.json and
// numpy-npy-forms.json, made by scripts/make-tracking-fixtures.py and make-npy-forms-fixtures.py): arrays written byte
// for byte as np.save writes them, np.savez's weights read exactly, and every form the reader refuses named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unzipSync, zipSync } from 'fflate';
import { decodeNpy, decodeWeightsNpz, encodeNpy, encodeWeightsNpz } from '../src/store/npz.js';
import { fixture, fromHex } from './helpers/fixtures.js';

interface NpyArray {
  shape: number[];
  values: string[];
  npy: string;
}
interface NpyFixture {
  arrays: NpyArray[];
  npz: { hidden: number; npz: string; W1: string[]; b1: string[]; W2: string[]; b2: string[] };
}
interface NpyForms {
  read: NpyArray[];
  version2: NpyArray;
  refused: { big_endian: string; fortran_order: string; float32: string };
}

const numpy = fixture<NpyFixture>('numpy-npy.json');
const forms = fixture<NpyForms>('numpy-npy-forms.json');
const f64 = (hex: string[]) => Float64Array.from(hex, fromHex);
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const SHAPE = { inputs: 784, hidden: numpy.npz.hidden, outputs: 10 };
const weights = () => ({ W1: f64(numpy.npz.W1), b1: f64(numpy.npz.b1), W2: f64(numpy.npz.W2), b2: f64(numpy.npz.b2) });

for (const a of [...numpy.arrays, ...forms.read]) {
  test(`an .npy of shape (${a.shape.join(', ')}) is byte for byte what np.save writes, and reads back`, () => {
    const ours = encodeNpy(f64(a.values), a.shape);
    assert.equal(Buffer.from(ours).toString('base64'), a.npy);
    const back = decodeNpy(bytes(a.npy));
    assert.equal(back.shape, a.shape);
    assert.equal(Array.from(back.values), Array.from(f64(a.values)));
  });
}

test('an .npy of format version 2.0 (a 4-byte header length) reads as version 1.0 does', () => {
  const back = decodeNpy(bytes(forms.version2.npy));
  assert.equal(back.shape, [2, 3]);
  assert.equal(Array.from(back.values), [0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3]);
});

test('an .npy inside a larger buffer (a zip entry) reads from its own offset', () => {
  const npy = bytes(numpy.arrays[0].npy);
  const padded = new Uint8Array(npy.length + 16);
  padded.set(npy, 8);
  const back = decodeNpy(padded.subarray(8, 8 + npy.length));
  assert.equal(Array.from(back.values), Array.from(f64(numpy.arrays[0].values)));
});

test('a header written without spaces after the colons (a valid dict all the same) is read', () => {
  const npy = Buffer.from(bytes(forms.read[0].npy));
  const header = npy.subarray(10, 128).toString('latin1');
  const tight = header.replace(/': /g, "':");
  const edited = Buffer.concat([npy.subarray(0, 10), Buffer.from(tight.replace('\n', ' '.repeat(header.length - tight.length) + '\n'), 'latin1'), npy.subarray(128)]);
  assert.is(edited.length, npy.length);
  const back = decodeNpy(new Uint8Array(edited));
  assert.equal(back.shape, [5]);
  assert.equal(Array.from(back.values), [-0.5, -0.25, 0, 0.25, 0.5]);
});

test('decodeNpy should refuse what is not a little-endian, C-order float64 .npy, naming why', () => {
  const refuse = (b: Uint8Array, message: string) => assert.throws(() => decodeNpy(b), (e: Error) => e.message === message);
  const good = Buffer.from(bytes(numpy.arrays[0].npy));
  refuse(new Uint8Array(Buffer.from('PK\x03\x04 not an npy at all')), 'not an .npy file (no \\x93NUMPY magic)');
  for (let i = 0; i < 6; i++) {
    const bad = Buffer.from(good);
    bad[i] ^= 0x20;
    refuse(new Uint8Array(bad), 'not an .npy file (no \\x93NUMPY magic)');
  }
  refuse(bytes(forms.refused.big_endian), "only little-endian float64 arrays are read, the header says {'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }");
  refuse(bytes(forms.refused.float32), "only little-endian float64 arrays are read, the header says {'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }");
  refuse(bytes(forms.refused.fortran_order), 'only C-order arrays are read (fortran_order is True)');
  const noShape = Buffer.from(good.toString('latin1').replace("'shape'", "'shapf'"), 'latin1');
  refuse(new Uint8Array(noShape), "no shape in the header {'descr': '<f8', 'fortran_order': False, 'shapf': (3, 2), }");
  // (3, 2) is 6 values, 48 bytes: one value short, or one too many
  refuse(new Uint8Array(good.subarray(0, good.length - 8)), '40 data bytes for shape (3, 2)');
  refuse(new Uint8Array(Buffer.concat([good, Buffer.alloc(8)])), '56 data bytes for shape (3, 2)');
});

test("the weights of an .npz np.savez wrote are read exactly", () => {
  const w = decodeWeightsNpz(bytes(numpy.npz.npz), SHAPE);
  for (const name of ['W1', 'b1', 'W2', 'b2'] as const) assert.equal(Array.from(w[name]), Array.from(f64(numpy.npz[name])), name);
});

test('an .npz holds W1.npy, b1.npy, W2.npy, b2.npy in the notebook\'s shapes, the same bytes for the same weights', () => {
  const w = weights();
  const npz = encodeWeightsNpz(SHAPE, w);
  const files = unzipSync(npz);
  assert.equal(Object.keys(files), ['W1.npy', 'b1.npy', 'W2.npy', 'b2.npy']);
  assert.equal(decodeNpy(files['W1.npy']).shape, [784, 3]);
  assert.equal(decodeNpy(files['b1.npy']).shape, [1, 3]);
  assert.equal(decodeNpy(files['W2.npy']).shape, [3, 10]);
  assert.equal(decodeNpy(files['b2.npy']).shape, [1, 10]);
  for (const name of ['W1', 'b1', 'W2', 'b2'] as const) assert.equal(Array.from(decodeNpy(files[`${name}.npy`]).values), Array.from(f64(numpy.npz[name])), name);
  assert.equal(Buffer.from(encodeWeightsNpz(SHAPE, w)), Buffer.from(npz));
});

test('an .npz stores its entries uncompressed, dated 1980-01-01 00:00 (the same bytes on every run)', () => {
  const npz = Buffer.from(encodeWeightsNpz(SHAPE, weights()));
  // the zip's first local file header (PKZIP APPNOTE 4.3.7): signature, version, flags, method, DOS time, DOS date
  assert.is(npz.readUInt32LE(0), 0x04034b50);
  assert.is(npz.readUInt16LE(8), 0, 'method 0: stored');
  assert.is(npz.readUInt16LE(10), 0, 'time 00:00:00');
  assert.is(npz.readUInt16LE(12), (0 << 9) | (1 << 5) | 1, 'date 1980-01-01');
  // stored: W1's 784 × 3 doubles appear as they are, right after the first entry's name
  const name = npz.readUInt16LE(26);
  const extra = npz.readUInt16LE(28);
  assert.is(npz.subarray(30, 30 + name).toString('latin1'), 'W1.npy');
  assert.is(npz.readUInt32LE(18), npz.readUInt32LE(22), 'compressed size = size');
  assert.is(npz.readUInt32LE(22), 128 + 784 * 3 * 8);
  assert.is(npz.readDoubleLE(30 + name + extra + 128), fromHex(numpy.npz.W1[0]));
});

test('an .npz of other shapes is refused, naming the array and both shapes', () => {
  const npz = bytes(numpy.npz.npz);
  const refuse = (shape: typeof SHAPE, message: string) => assert.throws(() => decodeWeightsNpz(npz, shape), (e: Error) => e.message === message);
  refuse({ inputs: 784, hidden: 4, outputs: 10 }, 'W1 has shape (784, 3), expected (784, 4)');
  refuse({ inputs: 783, hidden: 3, outputs: 10 }, 'W1 has shape (784, 3), expected (783, 3)');
  refuse({ inputs: 784, hidden: 3, outputs: 9 }, 'W2 has shape (3, 10), expected (3, 9)');
  const files = unzipSync(npz);
  const oneDim = zipSync({ ...files, 'b1.npy': bytes(forms.read[0].npy) });
  assert.throws(() => decodeWeightsNpz(oneDim, SHAPE), (e: Error) => e.message === 'b1 has shape (5), expected (1, 3)');
  const threeDim = zipSync({ ...files, 'b2.npy': bytes(forms.read[2].npy) });
  assert.throws(() => decodeWeightsNpz(threeDim, SHAPE), (e: Error) => e.message === 'b2 has shape (2, 3, 4), expected (1, 10)');
  // b1's two axes right, one axis too many
  const extraAxis = zipSync({ ...files, 'b1.npy': bytes(forms.read[3].npy) });
  assert.throws(() => decodeWeightsNpz(extraAxis, SHAPE), (e: Error) => e.message === 'b1 has shape (1, 3, 1), expected (1, 3)');
  const { 'W2.npy': _dropped, ...withoutW2 } = files;
  assert.throws(() => decodeWeightsNpz(zipSync(withoutW2), SHAPE), (e: Error) => e.message === 'no array W2 in the .npz');
});

test.run();
