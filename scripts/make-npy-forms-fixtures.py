#!/usr/bin/env python3
# Makes test/fixtures/numpy-npy-forms.json: np.save's bytes of float64 arrays of other ranks than the weights' (1, 0
# and 3 dimensions; (1, 3, 1) is b1's shape with one more axis; 15 axes make a header too long for one 64-byte block
# once NumPy leaves room for the first axis to grow), an array in .npy format version 2.0 (a 4-byte header length),
# and the forms the reader refuses (big-endian, Fortran order, float32), so the .npy tests compare with NumPy's own
# output. A development tool beside make-tracking-fixtures.py: the suite reads the committed JSON, never runs Python.
# usage: python3 scripts/make-npy-forms-fixtures.py
import base64, io
import numpy as np
import numpy.lib.format as npformat

from fixture_io import write


def npy(a, version=None):
    b = io.BytesIO()
    if version is None:
        np.save(b, a)
    else:
        npformat.write_array(b, a, version=version)
    return base64.b64encode(b.getvalue()).decode()


def entry(a, **extra):
    return dict(shape=list(a.shape), values=[float(x).hex() for x in np.ravel(a, order='C')], npy=npy(a, **extra))


def main():
    read = [entry(np.arange(5, dtype=np.float64) / 4 - 0.5), entry(np.array(2.5)), entry(np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8),
            entry(np.arange(3, dtype=np.float64).reshape(1, 3, 1) / 2), entry(np.full((1,) * 15, 0.75))]
    v2 = entry(np.arange(6, dtype=np.float64).reshape(2, 3) / 3, version=(2, 0))
    refused = dict(
        big_endian=npy(np.arange(4, dtype='>f8').reshape(2, 2)),
        fortran_order=npy(np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3))),
        float32=npy(np.arange(4, dtype=np.float32).reshape(2, 2)),
    )
    write('numpy-npy-forms.json', dict(read=read, version2=v2, refused=refused, numpy=np.__version__))
    print('wrote numpy-npy-forms.json')


if __name__ == '__main__':
    main()
