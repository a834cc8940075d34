// Expectations: which trials one is about, and whether a measured value meets it (to the decimals written, within a
// tolerance, or within bounds).
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
export function checkExpectation(e: { value: number; decimals: number }, measured: number): { holds: boolean; measuredRounded: number } {
  if (!Number.isFinite(measured)) return { holds: false, measuredRounded: measured };
  const scale = 10 ** e.decimals;
  const scaled = Math.round(measured * scale);
  return { holds: scaled === Math.round(e.value * scale), measuredRounded: scaled / scale };
}

/** Whether `measured` meets the expectation, in whichever form it was written. A non-finite value never does. */
export function expectationHolds(e: Pick<Expectation, 'value' | 'decimals' | 'tolerance' | 'min' | 'max'>, measured: number): boolean {
  if (!Number.isFinite(measured)) return false;
  // inclusive, with a few ulps of slack: 0.6659 − 0.6654 is 0.0005000000000000004 in doubles, and is meant to hold
  if (e.tolerance !== undefined) return Math.abs(measured - e.value!) <= e.tolerance + 4 * Number.EPSILON * Math.max(1, Math.abs(e.value!));
  if (e.decimals !== undefined) return checkExpectation({ value: e.value!, decimals: e.decimals }, measured).holds;
  return (e.min === undefined || measured >= e.min) && (e.max === undefined || measured <= e.max);
}

/** The expectation as a person reads it, in the file's units: "0.2393 (4 decimals)", "≥ 0.66", "0.6654 ± 0.0005". */
export function expectationText(e: Pick<Expectation, 'value' | 'decimals' | 'tolerance' | 'min' | 'max'>): string {
  if (e.tolerance !== undefined) return `${e.value} ± ${e.tolerance}`;
  if (e.decimals === 0) return String(e.value);
  if (e.decimals !== undefined) return `${e.value!.toFixed(e.decimals)} (to ${e.decimals} decimals)`;
  if (e.min !== undefined && e.max !== undefined) return `${e.min} to ${e.max}`;
  return e.min !== undefined ? `≥ ${e.min}` : `≤ ${e.max}`;
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
