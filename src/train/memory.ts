// The trainer's memory: one shared WebAssembly.Memory per prepared dataset, holding X, Xᵀ, the test rows, and each
// run's weights, gradients and activations, so the Wasm kernels and the worker threads read them in place, without a
// copy; TypeScript works on typed-array views of it. An Arena hands out blocks from it in order; a run releases its
// blocks when it ends, so a process training many trials on one dataset reuses the same bytes.
//
// The memory is sized before the data is laid out (prepared.ts counts the nonzeros first). It can still grow (a run
// with a wider hidden layer): a shared memory grows in place and views made before stay valid.

/** 64 KiB, WebAssembly's page. */
export const PAGE_BYTES = 65536;
/** 2 GiB: byte addresses fit in a signed i32. Reserved address space only; pages count when touched. */
export const MAX_PAGES = 32768;

/** Where a block is: byte offset and element count; what a thread needs to view it (see threads.ts). */
export interface Block {
  offset: number;
  length: number;
}

/** The memory each buffer seen through `bufferOf` belongs to (the buffer object changes when a memory grows). */
const owners = new WeakMap<ArrayBufferLike, WebAssembly.Memory>();

function bufferOf(memory: WebAssembly.Memory): ArrayBufferLike {
  const buffer = memory.buffer;
  owners.set(buffer, memory);
  return buffer;
}

/** The WebAssembly.Memory a typed array views, if it views one through this module. */
export function memoryOf(a: ArrayBufferView): WebAssembly.Memory | undefined {
  return owners.get(a.buffer);
}

export function float64At(memory: WebAssembly.Memory, b: Block): Float64Array {
  return new Float64Array(bufferOf(memory), b.offset, b.length);
}

export function int32At(memory: WebAssembly.Memory, b: Block): Int32Array {
  return new Int32Array(bufferOf(memory), b.offset, b.length);
}

export function uint8At(memory: WebAssembly.Memory, b: Block): Uint8Array {
  return new Uint8Array(bufferOf(memory), b.offset, b.length);
}

/** The block a view of a memory covers. */
export function blockOf(a: Float64Array | Int32Array | Uint8Array): Block {
  return { offset: a.byteOffset, length: a.length };
}

/** Blocks of one WebAssembly.Memory, handed out in order, 16-byte aligned, zeroed. */
export class Arena {
  readonly memory: WebAssembly.Memory;
  private top = 0;
  /** bytes below this have been handed out before, so may hold old values */
  private used = 0;

  /** A memory of at least `bytes` (it grows later if needed, up to MAX_PAGES). */
  constructor(bytes: number) {
    const initial = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
    if (initial > MAX_PAGES) throw new RangeError(`Expected at most ${MAX_PAGES * PAGE_BYTES} bytes of training data and buffers, got ${bytes}`);
    this.memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: true });
  }

  private take(bytes: number): number {
    const offset = this.top;
    const end = offset + Math.ceil(bytes / 16) * 16;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      if (have / PAGE_BYTES + pages > MAX_PAGES) throw new RangeError(`The trainer's memory would exceed ${MAX_PAGES * PAGE_BYTES} bytes (${end} wanted)`);
      this.memory.grow(pages);
    }
    // Fresh pages are zero; bytes handed out before are zeroed again.
    if (offset < this.used) new Uint8Array(bufferOf(this.memory), offset, Math.min(end, this.used) - offset).fill(0);
    this.top = end;
    this.used = Math.max(this.used, end);
    return offset;
  }

  float64(length: number): Float64Array {
    return float64At(this.memory, { offset: this.take(length * 8), length });
  }

  int32(length: number): Int32Array {
    return int32At(this.memory, { offset: this.take(length * 4), length });
  }

  uint8(length: number): Uint8Array {
    return uint8At(this.memory, { offset: this.take(length), length });
  }

  /** A copy of `a` in this memory. */
  copyOf<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
    const copy = (a instanceof Float64Array ? this.float64(a.length) : a instanceof Int32Array ? this.int32(a.length) : this.uint8(a.length)) as T;
    copy.set(a as never);
    return copy;
  }

  /** The next block's offset: release(mark) gives back every block taken since (their views must no longer be used). */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark > this.top) throw new RangeError(`Expected a mark at or below ${this.top}, got ${mark}`);
    this.top = mark;
  }
}

/** Bytes an Arena needs for a CSR of `rows` rows and `nonzeros` entries (rowStart, colIndex, value). */
export function sparseBytes(rows: number, nonzeros: number): number {
  const aligned = (b: number) => Math.ceil(b / 16) * 16;
  return aligned((rows + 1) * 4) + aligned(nonzeros * 4) + aligned(nonzeros * 8);
}

// Large typed arrays live outside V8's heap, and V8 frees them only when it next collects: a process that replaces
// hundreds of MB of them would hold both until then. Where the process allows a collection on demand (node
// --expose-gc, as sweep workers run), the trainer asks for one right after dropping such arrays, to keep its peak low.

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
