// Random inputs for comparing a WebAssembly kernel with its TypeScript reference (fast-check), in one Arena, and the
// comparison itself: the same float64 bits in every element, a NaN matching any NaN (test/wasm-kernels.test.ts says
// why a NaN's sign and payload cannot be compared).
import fc from 'fast-check';
import { Arena } from '../../src/train/memory.js';

export const arena = new Arena(1 << 20);

/** Reals of about one magnitude, as trained weights are (fc.double alone favours values whose sums are exact). */
export const real = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((x) => x / 3e8);

/** A weight: mostly ordinary reals, often one of the values where IEEE-754 arithmetic is special. */
export const weight = fc.oneof(
  { weight: 4, arbitrary: real },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, -Number.MAX_VALUE) },
  { weight: 1, arbitrary: fc.double() },
);

/** `length` weights. */
export function weights(length: number): fc.Arbitrary<number[]> {
  return fc.array(weight, { minLength: length, maxLength: length });
}

export function inArena(values: number[]): Float64Array {
  const a = arena.float64(values.length);
  a.set(values);
  return a;
}

/** The same float64 bits in every element, a NaN matching any NaN (Object.is: −0 and +0 differ, NaN is NaN). */
export function sameBits(got: Float64Array, want: Float64Array): boolean {
  return got.length === want.length && got.every((x, i) => Object.is(x, want[i]));
}

/** A range [from, to) within [0, n), as a thread's share. */
export function share(n: number): fc.Arbitrary<[number, number]> {
  return fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n })).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
}

/** Runs a property with every arena block of one case given back afterwards. */
export function scoped<T>(check: (input: T) => boolean): (input: T) => boolean {
  return (input) => {
    const mark = arena.mark();
    try {
      return check(input);
    } finally {
      arena.release(mark);
    }
  };
}
