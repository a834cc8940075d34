// Value ranges of a grid axis, computed as NumPy computes them, bit for bit: {logspace: [a, b, n]} is
// numpy.logspace(a, b, n), {linspace: [a, b, n]} numpy.linspace(a, b, n), {range: [start, stop, step]}
// numpy.arange(start, stop, step). The same values written as a list give the same trials (and run ids).

export const RANGE_KINDS = ['logspace', 'linspace', 'range'] as const;
export type RangeKind = (typeof RANGE_KINDS)[number];
export type RangeSpec = { [K in RangeKind]: { [P in K]: [number, number, number] } }[RangeKind];

/**
 * Most values one range may hold: more could never run (a grid is capped at MAX_TRIALS, expand.ts), and computing
 * them first would take the loader's memory and time (a count of 10⁹ is 8 GB of numbers).
 */
export const MAX_RANGE_VALUES = 1_000_000;

/** The kind and arguments of a range spec ({logspace: [-3, 0, 4]} → ['logspace', [-3, 0, 4]]). */
export function rangeParts(spec: RangeSpec): [RangeKind, [number, number, number]] {
  const kind = RANGE_KINDS.find((k) => k in spec)!;
  return [kind, (spec as Record<RangeKind, [number, number, number]>)[kind]];
}

/** The values of a range spec; throws RangeError with a reason a person can act on. */
export function rangeValues(spec: RangeSpec): number[] {
  const [kind, [a, b, c]] = rangeParts(spec);
  if (kind === 'range') return arange(a, b, c);
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`its count (the third number) must be an integer of 1 and up, got ${c}`);
  if (c > MAX_RANGE_VALUES) throw new RangeError(`its count (the third number) is ${c}; a grid axis takes at most ${MAX_RANGE_VALUES} values`);
  return kind === 'linspace' ? linspace(a, b, c) : logspace(a, b, c);
}

/**
 * numpy.linspace(start, stop, num) (endpoint included): y[i] = i·step + start with step = (stop − start)/(num − 1),
 * a multiply then an add (no fused multiply-add), the last value set to stop; num = 1 gives [start].
 */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  const out: number[] = [];
  for (let i = 0; i < num; i++) {
    if (div === 0) out.push(i * delta + start);
    else if (step === 0) out.push((i / div) * delta + start);
    else out.push(i * step + start);
  }
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * numpy.logspace(start, stop, num) = power(10, linspace(start, stop, num)). NumPy's power is the C library's pow,
 * correctly rounded in practice; V8's `**` is not (10 ** -4 is 0.00009999999999999999), so 10^y is computed here to
 * ~300 bits with integers and rounded once.
 */
export function logspace(start: number, stop: number, num: number): number[] {
  return linspace(start, stop, num).map(pow10);
}

/**
 * numpy.arange(start, stop, step): length ceil((stop − start)/step); values start, start + step, then
 * start + i·delta with delta = (start + step) − start, as NumPy's fill does.
 */
export function arange(start: number, stop: number, step: number): number[] {
  if (step === 0) throw new RangeError('its step (the third number) must not be 0');
  const length = Math.ceil((stop - start) / step);
  if (!(length >= 1)) throw new RangeError(`it holds no value (from ${start} up to, not including, ${stop} by ${step})`);
  if (length > MAX_RANGE_VALUES) throw new RangeError(`it holds ${length} values; a grid axis takes at most ${MAX_RANGE_VALUES}`);
  const out = [start];
  if (length === 1) return out;
  out.push(start + step);
  const delta = out[1] - start;
  for (let i = 2; i < length; i++) out.push(start + i * delta);
  return out;
}

// ---- 10^y, correctly rounded ----

/** Fraction bits of the fixed-point numbers below: far more than the 53 a double needs, so one rounding is exact. */
const P = 320n;
const ONE = 1n << P;

/** atanh(1/q) · 2^P by its series Σ 1/((2k+1)·q^(2k+1)). */
function atanhInverse(q: bigint): bigint {
  let sum = 0n;
  let power = ONE / q;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power /= q * q;
  }
  return sum;
}

/** ln 10 · 2^P = (3·ln 2 + ln 1.25) · 2^P, with ln 2 = 2·atanh(1/3) and ln 1.25 = 2·atanh(1/9). */
const LN10 = 6n * atanhInverse(3n) + 2n * atanhInverse(9n);

/** exp(t) · 2^P for 0 ≤ t < 3 given as t · 2^P, by its Taylor series. */
function expFixed(t: bigint): bigint {
  let sum = ONE;
  let term = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * t) / (ONE * n);
    sum += term;
  }
  return sum;
}

/** The exact value of a finite double as m · 2^e with integer m. */
function exactParts(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [sign * fraction, -1074] : [sign * (fraction | (1n << 52n)), biased - 1075];
}

const bitLength = (n: bigint) => n.toString(2).length;

/** The double nearest to n / d (n, d > 0), ties to even. */
function nearestDouble(n: bigint, d: bigint): number {
  // 66+ bits of quotient, plus a sticky bit so BigInt → Number (itself round-to-nearest-even) sees any remainder.
  const shift = 66 + bitLength(d) - bitLength(n);
  const scaled = shift >= 0 ? n << BigInt(shift) : n >> BigInt(-shift);
  const q = scaled / d;
  const sticky = scaled % d !== 0n || (shift < 0 && n !== scaled << BigInt(-shift)) ? 1n : 0n;
  // x · 2^-(shift + 1), in steps that stay within the exponent range (each is exact for a normal result)
  let x = Number((q << 1n) | sticky);
  for (let s = shift + 1; s !== 0; ) {
    const step = Math.max(-1000, Math.min(1000, s));
    x /= 2 ** step;
    s -= step;
  }
  return x;
}

/** 10^y rounded once to the nearest double: 10^k · exp(f · ln 10) with y = k + f, k an integer, 0 ≤ f < 1. */
export function pow10(y: number): number {
  if (!Number.isFinite(y)) return 10 ** y;
  if (y > 309) return Infinity;
  if (y < -330) return 0;
  const [m, e] = exactParts(y);
  // y · 2^P, exact unless y has bits below 2^-P (a |y| this small gives 1 either way)
  const yFixed = e + Number(P) >= 0 ? m << BigInt(e + Number(P)) : m / (1n << BigInt(-e - Number(P)));
  const k = yFixed >> P; // floor, also for negative y
  const f = yFixed - (k << P);
  const mantissa = f === 0n ? ONE : expFixed((f * LN10) >> P);
  return k >= 0n ? nearestDouble(mantissa * 10n ** k, ONE) : nearestDouble(mantissa, ONE * 10n ** -k);
}
