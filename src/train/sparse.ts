// Compressed sparse rows (CSR) of a matrix with few nonzeros. About 81 % of MNIST's pixels are 0: skipping them in
// X·W1 and Xᵀ·dZ1 is exact, since adding a 0 product leaves a sum unchanged, and removes most of the work.
// The arrays live in SharedArrayBuffers, so the threads of a ThreadTeam (threads.ts) read them without a copy (V8 runs
// the kernels on shared typed arrays at the same speed).

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

export interface SparseRows {
  rows: number;
  cols: number;
  /** row r's entries are rowStart[r] .. rowStart[r+1]-1 */
  rowStart: Int32Array;
  /** column of each entry, increasing within a row */
  colIndex: Int32Array;
  value: Float64Array;
}

/**
 * CSR of the samples `indices` (in that order) of `pixels` (count × features bytes), each value pixel / 255 as the
 * notebook's `X / 255.0`.
 */
export function pixelRows(pixels: Uint8Array, features: number, indices: Int32Array): SparseRows {
  let nonzeros = 0;
  for (const s of indices) {
    const base = s * features;
    for (let c = 0; c < features; c++) if (pixels[base + c] !== 0) nonzeros++;
  }
  const rowStart = sharedInt32(indices.length + 1);
  const colIndex = sharedInt32(nonzeros);
  const value = sharedFloat64(nonzeros);
  let p = 0;
  for (let r = 0; r < indices.length; r++) {
    const base = indices[r] * features;
    for (let c = 0; c < features; c++) {
      const px = pixels[base + c];
      if (px !== 0) {
        colIndex[p] = c;
        value[p] = px / 255.0;
        p++;
      }
    }
    rowStart[r + 1] = p;
  }
  return { rows: indices.length, cols: features, rowStart, colIndex, value };
}

/** CSR of a dense row-major (rows × cols) matrix, keeping its nonzeros. */
export function denseToRows(dense: Float64Array, rows: number, cols: number): SparseRows {
  let nonzeros = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nonzeros++;
  const rowStart = sharedInt32(rows + 1);
  const colIndex = sharedInt32(nonzeros);
  const value = sharedFloat64(nonzeros);
  let p = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = dense[r * cols + c];
      if (x !== 0) {
        colIndex[p] = c;
        value[p] = x;
        p++;
      }
    }
    rowStart[r + 1] = p;
  }
  return { rows, cols, rowStart, colIndex, value };
}

/** The transpose as CSR (the CSC of `m`), entries of each new row in increasing original-row order. */
export function transpose(m: SparseRows): SparseRows {
  const nonzeros = m.rowStart[m.rows];
  const rowStart = sharedInt32(m.cols + 1);
  for (let p = 0; p < nonzeros; p++) rowStart[m.colIndex[p] + 1]++;
  for (let c = 0; c < m.cols; c++) rowStart[c + 1] += rowStart[c];
  const next = rowStart.slice(0, m.cols);
  const colIndex = sharedInt32(nonzeros);
  const value = sharedFloat64(nonzeros);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.rowStart[r]; p < m.rowStart[r + 1]; p++) {
      const q = next[m.colIndex[p]]++;
      colIndex[q] = r;
      value[q] = m.value[p];
    }
  }
  return { rows: m.cols, cols: m.rows, rowStart, colIndex, value };
}
