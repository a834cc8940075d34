// Reads the committed fixtures (test/fixtures/, made by scripts/make-fixtures.py with NumPy) from the compiled tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/helpers/. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', name), 'utf8')) as T;
}

/** A double from Python's float.hex() form (exact). */
export function fromHex(hex: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(hex);
  if (!m) {
    if (hex === '0x0.0p+0') return 0;
    if (hex === '-0x0.0p+0') return -0;
    throw new Error(`not a float.hex() string: ${hex}`);
  }
  const [, sign, lead, frac, exp] = m;
  const mantissa = BigInt(`0x${lead}${frac}`);
  const value = Number(mantissa) * 2 ** (Number(exp) - 4 * frac.length);
  return sign ? -value : value;
}

/** Distance in units in the last place between two doubles of the same sign. */
export function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}
