// NumPy's legacy numpy.random.RandomState, for the draws the notebook makes: random_sample, standard_normal (randn)
// and permutation. Each follows NumPy's legacy C code step for step, so the streams agree draw for draw.
// One caveat: Math.log may differ from the C library's log in the last bit, so a normal can differ from NumPy's by
// about 1 ulp; uniforms and permutations are exact.
import { MT19937 } from './mt19937.js';

export class RandomState {
  private readonly bits: MT19937;
  // The legacy polar method makes normals in pairs and keeps the second for the next call.
  private hasGauss = false;
  private gauss = 0;

  constructor(seed: number) {
    this.bits = new MT19937(seed);
  }

  /** A double in [0, 1) from 53 random bits (two 32-bit draws: 27 + 26 bits), as NumPy's random_sample. */
  randomSample(): number {
    const a = this.bits.nextUint32() >>> 5;
    const b = this.bits.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** One standard normal by the legacy polar (Marsaglia) method, as NumPy's legacy_gauss. */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `count` standard normals in C order, as randn(...shape) with count = product of the shape. */
  randn(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.standardNormal();
    return out;
  }

  /** A uniform integer in [0, max] by masked rejection, as NumPy's random_interval (max < 2^32). */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.bits.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** A permutation of 0..n-1: arange(n) shuffled by the legacy Fisher–Yates loop, as RandomState.permutation(n). */
  permutation(n: number): Int32Array {
    const arr = new Int32Array(n);
    for (let i = 0; i < n; i++) arr[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }
}
