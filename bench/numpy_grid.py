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

from numpy_epoch import load

LRS = [0.01, 0.02, 0.03]
EPOCHS = [20, 30, 40]


def split(count, test_size=0.2, seed=42):
    """sklearn's train_test_split(test_size=0.2, random_state=42): the test set is the permutation's head."""
    n_test = int(np.ceil(test_size * count))
    perm = np.random.RandomState(seed).permutation(count)
    return perm[n_test:], perm[:n_test]


def train(X, Y, lr, epochs, hidden=128, seed=42):
    m = X.shape[0]
    rng = np.random.RandomState(seed)
    W1 = rng.randn(X.shape[1], hidden) * np.sqrt(1.0 / X.shape[1])
    b1 = np.zeros((1, hidden))
    W2 = rng.randn(hidden, 10) * np.sqrt(1.0 / hidden)
    b2 = np.zeros((1, 10))
    for _ in range(epochs):
        Z1 = X @ W1 + b1
        A1 = np.maximum(0, Z1)
        Z2 = A1 @ W2 + b2
        E = np.exp(Z2 - np.max(Z2, axis=1, keepdims=True))
        A2 = E / np.sum(E, axis=1, keepdims=True)
        loss = -np.sum(Y * np.log(A2 + 1e-8)) / m
        dZ2 = A2 - Y
        dW2 = A1.T @ dZ2 / m
        db2 = np.sum(dZ2, axis=0, keepdims=True) / m
        dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
        dW1 = X.T @ dZ1 / m
        db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return W1, b1, W2, b2, loss


def correct(X, labels, W1, b1, W2, b2):
    A1 = np.maximum(0, X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    E = np.exp(Z2 - np.max(Z2, axis=1, keepdims=True))
    return int(np.sum(np.argmax(E / np.sum(E, axis=1, keepdims=True), axis=1) == labels))


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
            W1, b1, W2, b2, loss = train(X_train, Y_train, lr, epochs)
            trials.append({'lr': lr, 'epochs': epochs, 'final_loss': float(loss), 'test_correct': correct(X_test, labels[test_idx], W1, b1, W2, b2)})
    seconds = time.perf_counter() - started
    print(json.dumps({'seconds': seconds, 'trials': trials}))


if __name__ == '__main__':
    main()
