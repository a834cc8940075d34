// Large typed arrays live outside V8's heap, and V8 frees them only when it next collects: a process that replaces
// hundreds of MB of them would hold both until then. Where the process allows a collection on demand (node
// --expose-gc, as sweep workers run), the trainer asks for one right after dropping such arrays, to keep its peak low.

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
