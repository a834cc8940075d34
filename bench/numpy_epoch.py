"""The notebook's epoch in NumPy (dense X, BLAS matmuls), timed part by part for `make bench`; never used by tests.

usage: python3 bench/numpy_epoch.py DATA_DIR [EPOCHS]   prints one JSON object of median seconds per part.
The first 56,000 of the 70,000 samples stand in for the training split: only the timing matters here.
"""
import json
import os
import sys
import time

import numpy as np

from notebook_mlp import backward, forward, init, loss, update


def idx(path, header):
    with open(path, 'rb') as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(folder):
    """MNIST's 70,000 samples as OpenML's mnist_784 orders them (training images, then test images): pixel bytes, labels."""
    pixels = np.concatenate([idx(os.path.join(folder, 'train-images-idx3-ubyte'), 16), idx(os.path.join(folder, 't10k-images-idx3-ubyte'), 16)])
    labels = np.concatenate([idx(os.path.join(folder, 'train-labels-idx1-ubyte'), 8), idx(os.path.join(folder, 't10k-labels-idx1-ubyte'), 8)])
    return pixels, labels


def main():
    folder = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    pixels, labels = load(folder)
    X = pixels.reshape(-1, 784)[:56000] / 255.0
    Y = np.eye(10)[labels[:56000]]
    params = init(784, 128, 42)
    lr = 0.03
    times = {'forward': [], 'backward': [], 'update': [], 'epoch': [], 'epochCpu': []}
    for _ in range(epochs + 1):  # the first epoch warms up and is not counted
        c0 = time.process_time()  # CPU seconds of all the process's threads
        t0 = time.perf_counter()
        Z1, A1, A2 = forward(X, *params)
        last_loss = loss(Y, A2)
        t1 = time.perf_counter()
        grads = backward(X, Y, params[2], Z1, A1, A2)
        t2 = time.perf_counter()
        update(params, grads, lr)
        t3 = time.perf_counter()
        c3 = time.process_time()
        for key, seconds in (('forward', t1 - t0), ('backward', t2 - t1), ('update', t3 - t2), ('epoch', t3 - t0), ('epochCpu', c3 - c0)):
            times[key].append(seconds)
    print(json.dumps({key: float(np.median(v[1:])) for key, v in times.items()} | {'loss': float(last_loss)}))


if __name__ == '__main__':
    main()
