// Compressed sparse rows (CSR) of a matrix with few nonzeros. About 81 % of MNIST's pixels are 0: skipping them in
// X·W1 and Xᵀ·dZ1 is exact, since adding a 0 product leaves a sum unchanged, and removes most of the work.
// The arrays come from an Allocator: prepared.ts lays them out in the trainer's WebAssembly.Memory (memory.ts), where
// the Wasm kernels and the threads of a ThreadTeam read them in place; by default each is a SharedArrayBuffer of its own.

/** Where CSR arrays are made: an Arena (memory.ts), or SHARED_BUFFERS. */
export interface Allocator {
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
}

/** Each array in a SharedArrayBuffer of its own (TypeScript kernels only). */
export const SHARED_BUFFERS: Allocator = {
  int32: (length) => new Int32Array(new SharedArrayBuffer(length * 4)),
  float64: (length) => new Float64Array(new SharedArrayBuffer(length * 8)),
};

export interface SparseRows {
  rows: number;
  cols: number;
  /** row r's entries are rowStart[r] .. rowStart[r+1]-1 */
  rowStart: Int32Array;
  /** column of each entry, increasing within a row */
  colIndex: Int32Array;
  value: Float64Array;
}

/** How many of the pixels of samples `indices` of `pixels` (count × features bytes) are not 0. */
export function pixelNonzeros(pixels: Uint8Array, features: number, indices: Int32Array): number {
  let nonzeros = 0;
  for (const s of indices) {
    const base = s * features;
    for (let c = 0; c < features; c++) if (pixels[base + c] !== 0) nonzeros++;
  }
  return nonzeros;
}

/**
 * CSR of the samples `indices` (in that order) of `pixels` (count × features bytes), each value pixel / 255 as the
 * notebook's `X / 255.0`.
 */
export function pixelRows(pixels: Uint8Array, features: number, indices: Int32Array, alloc: Allocator = SHARED_BUFFERS): SparseRows {
  const nonzeros = pixelNonzeros(pixels, features, indices);
  const rowStart = alloc.int32(indices.length + 1);
  const colIndex = alloc.int32(nonzeros);
  const value = alloc.float64(nonzeros);
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
export function denseToRows(dense: Float64Array, rows: number, cols: number, alloc: Allocator = SHARED_BUFFERS): SparseRows {
  let nonzeros = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nonzeros++;
  const rowStart = alloc.int32(rows + 1);
  const colIndex = alloc.int32(nonzeros);
  const value = alloc.float64(nonzeros);
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
export function transpose(m: SparseRows, alloc: Allocator = SHARED_BUFFERS): SparseRows {
  const nonzeros = m.rowStart[m.rows];
  const rowStart = alloc.int32(m.cols + 1);
  for (let p = 0; p < nonzeros; p++) rowStart[m.colIndex[p] + 1]++;
  for (let c = 0; c < m.cols; c++) rowStart[c + 1] += rowStart[c];
  const next = rowStart.slice(0, m.cols);
  const colIndex = alloc.int32(nonzeros);
  const value = alloc.float64(nonzeros);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.rowStart[r]; p < m.rowStart[r + 1]; p++) {
      const q = next[m.colIndex[p]]++;
      colIndex[q] = r;
      value[q] = m.value[p];
    }
  }
  return { rows: m.cols, cols: m.rows, rowStart, colIndex, value };
}
