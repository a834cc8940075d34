// Compressed sparse rows (CSR) of a matrix with few nonzeros. About 81 % of MNIST's pixels are 0: skipping them in
// X·W1 and Xᵀ·dZ1 is exact, since adding a 0 product leaves a sum unchanged, and removes most of the work.

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
  const rowStart = new Int32Array(indices.length + 1);
  const colIndex = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
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
  const rowStart = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
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
  const rowStart = new Int32Array(m.cols + 1);
  for (let p = 0; p < nonzeros; p++) rowStart[m.colIndex[p] + 1]++;
  for (let c = 0; c < m.cols; c++) rowStart[c + 1] += rowStart[c];
  const next = rowStart.slice(0, m.cols);
  const colIndex = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.rowStart[r]; p < m.rowStart[r + 1]; p++) {
      const q = next[m.colIndex[p]]++;
      colIndex[q] = r;
      value[q] = m.value[p];
    }
  }
  return { rows: m.cols, cols: m.rows, rowStart, colIndex, value };
}
