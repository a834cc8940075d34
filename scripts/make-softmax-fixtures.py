#!/usr/bin/env python3
# Makes test/fixtures/numpy-softmax-loss.json: the notebook's softmax and cross-entropy computed by NumPy, for the
# kernel tests to compare with (the suite reads the committed JSON and never runs Python). Needs numpy only.
# usage: python3 scripts/make-softmax-fixtures.py
import json, os
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'numpy-softmax-loss.json')


def softmax(Z):
    # the notebook's: exp(Z - max) / sum, row by row
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)


def main():
    rs = np.random.RandomState(2026)
    n, k = 40, 10
    Z = rs.randn(n, k) * 3.0
    Z[0] = 0.0                       # a uniform row
    Z[1] = rs.randn(k) + 800.0       # exp(800) overflows: only the max subtraction keeps it finite
    Z[2] = rs.randn(k) - 800.0       # exp(-800) underflows to 0: likewise
    Z[3, 4] = 50.0                   # one dominant logit
    P = softmax(Z)
    labels = rs.randint(0, k, size=n)
    P_loss = P.copy()
    P_loss[5, labels[5]] = 0.0       # a probability of 0 at the label: log(0 + 1e-8)
    Y = np.eye(k)[labels]
    loss = -np.sum(Y * np.log(P_loss + 1e-8)) / n
    obj = {
        'n': n, 'k': k,
        'z': Z.ravel().tolist(), 'softmax': P.ravel().tolist(),
        'labels': labels.tolist(), 'p_for_loss': P_loss.ravel().tolist(), 'loss': float(loss),
    }
    with open(OUT, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')


main()
