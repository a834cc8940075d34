// Pieces of WebAssembly text that every kernel's source uses (source.ts, output-layer-source.ts).

/** 0, 1, …, n − 1: the unrolled terms, lanes or rows a text repeats. */
export const range = (n: number) => Array.from({ length: n }, (_, t) => t);

/**
 * A loop that tests `exit` first and runs `body` while it is false:
 * (block $label.done (loop $label (br_if $label.done exit) body (br $label))). Labels must be unique in a function.
 */
export function until(label: string, exit: string, body: string): string {
  return `
    (block $${label}.done
      (loop $${label}
        (br_if $${label}.done ${exit})
        ${body}
        (br $${label})))`;
}
