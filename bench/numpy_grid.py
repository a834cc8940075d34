"""The lr × epochs grid (experiments/lr-epochs-grid.yaml) the notebook's way: nine NumPy trainings one after another.

usage: python3 bench/numpy_grid.py DATA_DIR   prints one JSON object: the wall seconds of the nine trainings (data
loaded and split once, not counted) and each trial's lr, epochs and test_correct, to check against `sweep run`'s.
Dense X and BLAS matmuls on however many threads OpenBLAS is given; each trial trains from scratch, as the notebook's
cells do (no sharing of a run between epoch counts). Never used by tests.
"""
import json
import sys
import time

import numpy as np

from notebook_mlp import backward, forward, init, loss, update
from numpy_epoch import load

LRS = [0.01, 0.02, 0.03]
EPOCHS = [20, 30, 40]


def split(count, test_size=0.2, seed=42):
    """sklearn's train_test_split(test_size=0.2, random_state=42): the test set is the permutation's head."""
    n_test = int(np.ceil(test_size * count))
    perm = np.random.RandomState(seed).permutation(count)
    return perm[n_test:], perm[:n_test]


def train(X, Y, lr, epochs, hidden=128, seed=42):
    params = init(X.shape[1], hidden, seed)
    for _ in range(epochs):
        Z1, A1, A2 = forward(X, *params)
        last_loss = loss(Y, A2)
        update(params, backward(X, Y, params[2], Z1, A1, A2), lr)
    return params, last_loss


def correct(X, labels, params):
    return int(np.sum(np.argmax(forward(X, *params)[2], axis=1) == labels))


def main():
    pixels, labels = load(sys.argv[1])
    X = pixels.reshape(-1, 784) / 255.0
    train_idx, test_idx = split(X.shape[0])
    X_train, X_test = X[train_idx], X[test_idx]
    Y_train = np.eye(10)[labels[train_idx]]
    trials = []
    started = time.perf_counter()
    for lr in LRS:
        for epochs in EPOCHS:
            params, final_loss = train(X_train, Y_train, lr, epochs)
            trials.append({'lr': lr, 'epochs': epochs, 'final_loss': float(final_loss), 'test_correct': correct(X_test, labels[test_idx], params)})
    seconds = time.perf_counter() - started
    print(json.dumps({'seconds': seconds, 'trials': trials}))


if __name__ == '__main__':
    main()
