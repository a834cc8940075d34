// A cli-table3 table of any number of rows in linear time. cli-table3 lays a table out in time that grows with the
// square of its rows (each cell looks for row spans in every row above it) and measures every cell several times:
// 10,000 rows take about a minute. The tables printed here are simple — one line per cell, no spans, no colours,
// padding 1, columns as wide as their widest cell — so they are drawn here directly, to the same characters; a
// table with anything else (a cell that is not a one-line string or number, a character whose width is not 1) is
// left to cli-table3.
import type Table from 'cli-table3';

/** Characters one column wide in a terminal: printable ASCII, Latin, Greek, general punctuation, arrows, math, ✓ ✗. */
const NARROW = /^[\x20-\x7e\u00a0-\u024f\u0370-\u03ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2200-\u22ff\u2713\u2717]*$/;

type Align = 'left' | 'center' | 'right';

/** `text` padded to `width` as cli-table3 pads it (center: the odd space goes right). */
function pad(text: string, width: number, align: Align | undefined): string {
  const space = width - text.length;
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(space - Math.ceil(space / 2)) + text + ' '.repeat(Math.ceil(space / 2));
  return text + ' '.repeat(space);
}

/** The cells as strings, or undefined when the table needs cli-table3 itself. */
function plainCells(table: Table.Table): string[][] | undefined {
  const options = table.options;
  const simple =
    options.style.head.length === 0 &&
    options.style.border.length === 0 &&
    !options.style.compact &&
    options.colWidths.every((w) => w === null || w === undefined) &&
    options.style['padding-left'] === 1 &&
    options.style['padding-right'] === 1;
  if (!simple) return undefined;
  const rows: string[][] = [];
  for (const row of [options.head, ...table]) {
    if (!Array.isArray(row)) return undefined;
    const cells: string[] = [];
    for (const cell of row) {
      if (typeof cell !== 'string' && typeof cell !== 'number') return undefined;
      const text = String(cell);
      if (!NARROW.test(text)) return undefined;
      cells.push(text);
    }
    rows.push(cells);
  }
  const columns = rows[0].length;
  return rows.every((r) => r.length === columns) && columns > 0 ? rows : undefined;
}

/** What `table.toString()` gives (a head, a line between rows), in time linear in the rows. */
export function tableString(table: Table.Table): string {
  const rows = plainCells(table);
  if (rows === undefined) return table.toString();
  const widths = rows[0].map((_, c) => rows.reduce((w, r) => Math.max(w, r[c].length), 0) + 2);
  const aligns = table.options.colAligns as (Align | undefined)[];
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const line = (r: string[]) => `│${r.map((cell, c) => ` ${pad(cell, widths[c] - 2, aligns[c])} `).join('│')}│`;
  const separator = rule('├', '┼', '┤');
  const out = [rule('┌', '┬', '┐')];
  rows.forEach((r, i) => {
    if (i > 0) out.push(separator);
    out.push(line(r));
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
