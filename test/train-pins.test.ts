// Bit-for-bit pins of the trainer: weights' SHA-256 and every loss (as the hex of its float64 bits) of a few runs,
// recorded from the trainer before its kernels were optimised (TRAINER_VERSION 1). Any change to the order of a sum
// shows here; if a change is meant to alter results, bump TRAINER_VERSION and record the pins again. Every pin is
// checked with both kernels (TypeScript and WebAssembly SIMD), which must give the same bits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS_NAMES } from '../src/train/kernels/index.js';
import { prepareData, type DataSpec, type PreparedData } from '../src/train/prepared.js';
import { train, TRAINER_VERSION } from '../src/train/train.js';

interface Pin {
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
  /** undefined = all 70,000 samples */
  limit?: number;
  testSize: number;
  splitSeed: number;
  checkpoints?: number[];
  /** float64 bits of each epoch's loss, big-endian hex */
  losses: string[];
  expected: { epochs: number; testCorrect: number; testTotal: number; weightsSha256: string }[];
}

const PINS: Pin[] = [
  {
    lr: 0.03, epochs: 3, hidden: 128, seed: 42, limit: 5000, testSize: 0.2, splitSeed: 42,
    losses: ['4002b49b2f370b52', '400290860fe5478a', '40026dc5924412d5'],
    expected: [{ epochs: 3, testCorrect: 167, testTotal: 1000, weightsSha256: '55c7228fbaa58deafe945a4fbc73b4d6fae529936df63a7c44b0283817ce1e9a' }],
  },
  {
    lr: 0.5, epochs: 4, hidden: 37, seed: 7, limit: 3000, testSize: 0.3, splitSeed: 1,
    losses: ['400297378999f5d3', '4000d5158d2a4514', '3ffe95547b81d5d6', '3ffcecd300c0f9b2'],
    expected: [{ epochs: 4, testCorrect: 270, testTotal: 900, weightsSha256: 'cbdd15a08b13f0f7e8570bfec35518d061d2cd912106b6c1c7b7ea1ffd46431a' }],
  },
  {
    lr: 0.2, epochs: 5, hidden: 13, seed: 3, limit: 1001, testSize: 0.2, splitSeed: 42, checkpoints: [2, 5],
    losses: ['40027b71bc5c2174', '4002125ac8d5c70f', '4001c28214ad72e8', '40016387109509e8', '4000fcb2909eba54'],
    expected: [
      { epochs: 2, testCorrect: 38, testTotal: 201, weightsSha256: 'e45f6e8e8c404084e36d3ec285c8b19f7d640621fea7d06c51d8ba089aa238a6' },
      { epochs: 5, testCorrect: 60, testTotal: 201, weightsSha256: '7a2c04907535ee1c7b09c2d93928845084e34594262295b8efa4ab4e5189797b' },
    ],
  },
  {
    lr: 50, epochs: 6, hidden: 7, seed: 1, limit: 800, testSize: 0.2, splitSeed: 42,
    losses: ['4002b57dc83a44c3', '4028cd85f211ca50', '4030b19912184e72', '401d8338cbc5044e', '401edd367bc9b4e2', '4022ae343c5e9ade'],
    expected: [{ epochs: 6, testCorrect: 16, testTotal: 160, weightsSha256: '66979955d07ae869b65a4e6e735c1ae0bcca32d23a9f6049ee21480157bf3fb5' }],
  },
  {
    lr: 3000, epochs: 6, hidden: 7, seed: 1, limit: 800, testSize: 0.2, splitSeed: 42, checkpoints: [2, 6],
    losses: ['4002b57dc83a44c3', '40300f7ef6096583', '4030b19912184e72', '403067ea4b28cd4e', '40307494502b585c', '40307e052070a740'],
    expected: [
      { epochs: 2, testCorrect: 19, testTotal: 160, weightsSha256: '810dfb677b07dee4ec423300f2fa7abac192f388434ba8de10f4a0b93b17797e' },
      { epochs: 6, testCorrect: 13, testTotal: 160, weightsSha256: '146d5f30cccb635c66f7e75f3d4215112974880367f07accfbf991208ee1c292' },
    ],
  },
  {
    lr: 1e6, epochs: 6, hidden: 9, seed: 5, limit: 700, testSize: 0.2, splitSeed: 42,
    losses: ['400290c762992cc4', '40312bb36312e9db', '40307270f9dd4d61', '4030592dbcf8e698', '40307270f9dd4d61', '4030ad63329ce7e5'],
    expected: [{ epochs: 6, testCorrect: 16, testTotal: 140, weightsSha256: '0c360e3612b35187e4c0430dee8c8d4faf4660b432cc982c8c8d1a914d5f3c4e' }],
  },
  {
    lr: 0.1, epochs: 2, hidden: 64, seed: 11, limit: 20000, testSize: 0.2, splitSeed: 42,
    losses: ['40027990fe6ad880', '4001f53b8d2ed5d5'],
    expected: [{ epochs: 2, testCorrect: 984, testTotal: 4000, weightsSha256: 'cee50d8577732ed8bb655bcfb41a2848329e6c4c6886d4a7aaee579f18d152e0' }],
  },
  {
    // The notebook's config on all the data, one epoch (the 40-epoch run ends at 9315/14000).
    lr: 0.03, epochs: 1, hidden: 128, seed: 42, testSize: 0.2, splitSeed: 42,
    losses: ['4002b579b308338d'],
    expected: [{ epochs: 1, testCorrect: 1996, testTotal: 14000, weightsSha256: 'bced377e11e1d60d7320052b8f9ad9a872827908c7fd5d8b019ab8adffce2f1e' }],
  },
];

function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

test('the pins belong to trainer version 1', () => {
  assert.is(TRAINER_VERSION, 1);
});

/** The last dataset prepared, kept for the next test (each pin runs once per kernel). */
let last: { key: string; data: PreparedData } | undefined;

function dataFor(spec: DataSpec): PreparedData {
  const key = JSON.stringify(spec);
  if (last?.key !== key) last = { key, data: prepareData(spec) };
  return last.data;
}

for (const pin of PINS) for (const kernels of KERNELS_NAMES) {
  const label = `lr ${pin.lr}, ${pin.epochs} epochs, hidden ${pin.hidden}, seed ${pin.seed}, split ${pin.splitSeed}/${pin.testSize}, limit ${pin.limit ?? 'none'}`;
  test(`training with the ${kernels} kernels gives the pinned losses and weights bit for bit (${label})`, () => {
    const data = dataFor({ limit: pin.limit, testSize: pin.testSize, splitSeed: pin.splitSeed });
    const result = train(data, pin, { checkpoints: pin.checkpoints, kernels });
    assert.equal(result.losses.map(bits), pin.losses);
    const got = result.checkpoints.map(({ epochs, testCorrect, testTotal, weightsSha256 }) => ({ epochs, testCorrect, testTotal, weightsSha256 }));
    assert.equal(got, pin.expected);
  });
}

test.run();
