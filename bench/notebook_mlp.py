"""The notebook's network in NumPy, step by step, for bench/numpy_epoch.py and bench/numpy_grid.py; never used by tests.

Dense X and BLAS matmuls, exactly the notebook's cells: init, forward (with the loss), backward, update.
"""
import numpy as np


def init(inputs, hidden, seed, outputs=10):
    """W1, b1, W2, b2 from RandomState(seed), as the notebook's np.random.seed + randn."""
    rng = np.random.RandomState(seed)
    W1 = rng.randn(inputs, hidden) * np.sqrt(1.0 / inputs)
    b1 = np.zeros((1, hidden))
    W2 = rng.randn(hidden, outputs) * np.sqrt(1.0 / hidden)
    b2 = np.zeros((1, outputs))
    return W1, b1, W2, b2


def forward(X, W1, b1, W2, b2):
    """Z1, A1 and the softmax outputs A2."""
    Z1 = X @ W1 + b1
    A1 = np.maximum(0, Z1)
    Z2 = A1 @ W2 + b2
    E = np.exp(Z2 - np.max(Z2, axis=1, keepdims=True))
    return Z1, A1, E / np.sum(E, axis=1, keepdims=True)


def loss(Y, A2):
    return -np.sum(Y * np.log(A2 + 1e-8)) / Y.shape[0]


def backward(X, Y, W2, Z1, A1, A2):
    """dW1, db1, dW2, db2 of the mean cross-entropy."""
    m = X.shape[0]
    dZ2 = A2 - Y
    dW2 = A1.T @ dZ2 / m
    db2 = np.sum(dZ2, axis=0, keepdims=True) / m
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    dW1 = X.T @ dZ1 / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m
    return dW1, db1, dW2, db2


def update(params, grads, lr):
    """θ ← θ − lr·∇θ in place."""
    for p, g in zip(params, grads):
        p -= lr * g
