// Expectations: which trials one is about, and whether a measured value reproduces it to the decimals written.
import type { Expectation, Trial } from './types.js';
import { AXES } from './types.js';

/** Trials whose hyperparameters equal every axis named in `where` (an axis left out matches any value). */
export function matchingTrials<T extends Trial>(e: Pick<Expectation, 'where'>, trials: readonly T[]): T[] {
  return trials.filter((t) => AXES.every((axis) => e.where[axis] === undefined || e.where[axis] === t[axis]));
}

/**
 * Rounds `measured` to the expectation's decimals and compares it with the value written: 0.23928 holds for 0.2393.
 * The comparison is between integers (value and measurement scaled by 10^decimals and rounded), so binary fractions
 * like 0.2393 compare exactly. A non-finite measurement (a diverged run) never holds.
 */
export function checkExpectation(e: Pick<Expectation, 'value' | 'decimals'>, measured: number): { holds: boolean; measuredRounded: number } {
  if (!Number.isFinite(measured)) return { holds: false, measuredRounded: measured };
  const scale = 10 ** e.decimals;
  const scaled = Math.round(measured * scale);
  return { holds: scaled === Math.round(e.value * scale), measuredRounded: scaled / scale };
}

/**
 * Decimals written in a number's source text: "0.2393" → 4, "0.50" → 2, "12" → 0, "2.393e-1" → 4.
 * Taken from the text, not the parsed float, so trailing zeros count.
 */
export function decimalsOf(sourceText: string): number {
  const m = /^[-+]?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(sourceText.trim().replace(/_/g, ''));
  if (m === null) return 0;
  return Math.max(0, (m[1] ?? '').length - Number(m[2] ?? 0));
}
