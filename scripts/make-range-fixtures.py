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
import json, math, os

os.environ['NPY_DISABLE_CPU_FEATURES'] = 'X86_V4 AVX512_ICL AVX512_SPR'
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'test', 'fixtures', 'numpy-ranges.json')

LOGSPACE = [(-3, 0, 4), (-4, -1, 7), (-5, 0, 11), (-3, -1, 5), (-2.5, 0.5, 13), (0, 1, 50), (-1, -3, 9), (-6, 2, 81),
            (-2, -2, 1), (-3.3, -0.7, 17), (-4, 0, 33)]
LINSPACE = [(0.01, 0.1, 10), (0, 1, 7), (0.001, 0.05, 9), (1, 1, 1), (0.3, 0.1, 5), (0.005, 0.5, 100), (10, 200, 20),
            (1e-3, 1.7, 33), (0.1, 0.2, 2)]
RANGE = [(0.01, 0.1, 0.01), (10, 100, 10), (1, 6, 1), (0.1, 1.0, 0.1), (40, 9, -10), (0.05, 0.5, 0.05), (1e-3, 0.02, 1.3e-3),
         (0, 5, 2), (0.5, 0.1, -0.07), (3, 4, 5)]


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
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


main()
