#!/usr/bin/env python3
# Makes test/fixtures/numpy-ranges.json: NumPy's logspace, linspace and arange for the value ranges an experiment's
# grid may use ({logspace: [a, b, n]}, {linspace: [a, b, n]}, {range: [start, stop, step]}). Values are written as
# float.hex() so the test compares bits. A development tool: the suite reads the JSON and never runs Python.
# usage: python3 scripts/make-range-fixtures.py
#
# NumPy's power (which logspace calls) runs on whatever SIMD the CPU has: with AVX-512 it takes SVML's pow, which
# is not correctly rounded and gives other last bits for an array of 1 than for an array of 8 (power(10, [-5.0]) is
# 9.999999999999999e-06 there). Without AVX-512 it is the C library's pow, the same on every machine. The fixtures
# are made on that path (AVX-512 dispatch switched off before numpy is imported), and checked against math.pow.
#
# 'pow10' holds 10^y for single y, correctly rounded: from Python's decimal at 90 digits (float() of a Decimal rounds
# correctly), not from NumPy. Besides exact powers (10^23 is the one halfway case: 5^23 needs 54 bits) it holds y found
# by a scan whose 10^y lies just above a halfway point between two doubles (within 2^-15 of an ulp) with the even one
# below: a rounding that dropped the bits past the 66th would see a tie and go down; the right answer is up.
import json, math, os
from decimal import Decimal, getcontext

os.environ['NPY_DISABLE_CPU_FEATURES'] = 'X86_V4 AVX512_ICL AVX512_SPR'
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'test', 'fixtures', 'numpy-ranges.json')

LOGSPACE = [(-3, 0, 4), (-4, -1, 7), (-5, 0, 11), (-3, -1, 5), (-2.5, 0.5, 13), (0, 1, 50), (-1, -3, 9), (-6, 2, 81),
            (-2, -2, 1), (-3.3, -0.7, 17), (-4, 0, 33)]
LINSPACE = [(0.01, 0.1, 10), (0, 1, 7), (0.001, 0.05, 9), (1, 1, 1), (0.3, 0.1, 5), (0.005, 0.5, 100), (10, 200, 20),
            (1e-3, 1.7, 33), (0.1, 0.2, 2), (0.5, 2, 1), (5e-324, 1e-323, 4)]
RANGE = [(0.01, 0.1, 0.01), (10, 100, 10), (1, 6, 1), (0.1, 1.0, 0.1), (40, 9, -10), (0.05, 0.5, 0.05), (1e-3, 0.02, 1.3e-3),
         (0, 5, 2), (0.5, 0.1, -0.07), (3, 4, 5)]


POW10 = [23, 22, 50, 100, 308, -4, -5, 0.5, -0.5, 1e-200, -1e-200, 5e-324]


def pow10(y):
    getcontext().prec = 90
    return float(Decimal(10) ** Decimal(y))


def near_ties(start, count):
    """The first `count` y = start + j·2^-24 whose 10^y is within 2^-15 ulp above a halfway point, the even double below."""
    getcontext().prec = 90
    found = []
    j = 0
    while len(found) < count:
        j += 1
        y = start + j * 2.0**-24
        d = Decimal(10) ** Decimal(y)
        r = float(d)
        lo = r if Decimal(r) <= d else math.nextafter(r, 0)
        t = (d - Decimal(lo)) / (Decimal(math.nextafter(lo, math.inf)) - Decimal(lo))
        if Decimal(0.5) < t < Decimal(0.5) + Decimal(2) ** -15 and int(lo / math.ulp(lo)) % 2 == 0:
            found.append(y)
    return found


def hexes(a):
    return [float(x).hex() for x in a]


def main():
    for a in LOGSPACE:
        assert np.logspace(*a).tolist() == [math.pow(10.0, y) for y in np.linspace(*a)], a
    out = {
        'numpy': np.__version__,
        'logspace': [{'args': list(a), 'values': hexes(np.logspace(*a))} for a in LOGSPACE],
        'linspace': [{'args': list(a), 'values': hexes(np.linspace(*a))} for a in LINSPACE],
        # arange of floats (integers given as Python ints give int64, the same values)
        'range': [{'args': list(a), 'values': hexes(np.arange(*a))} for a in RANGE],
        'pow10': [{'y': float(y).hex(), 'value': pow10(y).hex()} for y in POW10 + near_ties(3, 2) + near_ties(-2, 1)],
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


main()
