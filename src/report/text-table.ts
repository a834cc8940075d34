// Tables for a terminal: a title, a header, a rule under it, one line per row, columns two spaces apart. A table
// fits the width it is given: columns are dropped in a fixed priority, text columns abbreviated with "…", and no
// cell is ever wrapped, so a number is always whole on one line. The same columns also render as Markdown.

export interface Column<T> {
  head: string;
  cell: (row: T) => string;
  /** numbers align right */
  align?: 'left' | 'right';
  /** dropped when the table is too wide, lowest first; undefined: never dropped */
  drop?: number;
  /** a text column that may be cut to this many characters (with "…") before any column is dropped */
  shrinkTo?: number;
}

const GAP = '  ';

/** The terminal's width: $COLUMNS when set, else the TTY's width, else 80 (a pipe, a file, CI). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const fromEnv = Number(process.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv >= 20) return fromEnv;
  return stream.isTTY && stream.columns !== undefined && stream.columns >= 20 ? stream.columns : 80;
}

const width = (s: string) => [...s].length;

function cut(s: string, n: number): string {
  return width(s) <= n ? s : `${[...s].slice(0, Math.max(0, n - 1)).join('')}…`;
}

function pad(s: string, n: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, n - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Text columns are first cut to this many characters (or their shrinkTo) before any column is dropped. */
const TEXT_CAP = 24;

/**
 * The columns (and their widths) that fit in `maxWidth`: long text cut to TEXT_CAP, then columns dropped by
 * priority, then text cut further down to each column's shrinkTo; space left over goes back to cut text.
 */
function fit<T>(columns: Column<T>[], cells: string[][], maxWidth: number): { kept: number[]; widths: number[] } {
  const natural = columns.map((c, i) => Math.max(width(c.head), ...cells.map((r) => width(r[i]))));
  const widths = [...natural];
  let kept = columns.map((_, i) => i);
  const total = () => kept.reduce((sum, i) => sum + widths[i], 0) + GAP.length * (kept.length - 1);
  const shrink = (i: number, floor: number) => {
    if (total() > maxWidth) widths[i] = Math.max(Math.min(floor, natural[i]), widths[i] - (total() - maxWidth), width(columns[i].head));
  };
  const shrinkable = kept.filter((i) => columns[i].shrinkTo !== undefined);
  for (const i of shrinkable) shrink(i, Math.max(columns[i].shrinkTo!, TEXT_CAP));
  const droppable = kept.filter((i) => columns[i].drop !== undefined).sort((a, b) => columns[a].drop! - columns[b].drop!);
  for (const i of droppable) {
    if (total() <= maxWidth) break;
    kept = kept.filter((k) => k !== i);
  }
  for (const i of shrinkable) shrink(i, columns[i].shrinkTo!);
  for (const i of kept) if (widths[i] < natural[i]) widths[i] = Math.min(natural[i], widths[i] + Math.max(0, maxWidth - total()));
  return { kept, widths };
}

/** The table as lines no wider than `maxWidth` (unless its never-dropped columns alone are wider). */
export function textTable<T>(title: string, columns: Column<T>[], rows: T[], maxWidth: number): string {
  const cells = rows.map((r) => columns.map((c) => c.cell(r)));
  const { kept, widths } = fit(columns, cells, maxWidth);
  const line = (values: string[]) =>
    kept.map((i) => pad(cut(values[i], widths[i]), widths[i], columns[i].align ?? 'left')).join(GAP).trimEnd();
  const rule = kept.map((i) => '─'.repeat(widths[i])).join(GAP);
  const dropped = columns.filter((_, i) => !kept.includes(i)).map((c) => c.head);
  const note = dropped.length === 0 ? '' : ` (not shown for width: ${dropped.join(', ')})`;
  const head = cut(title + note, maxWidth);
  return [head, line(columns.map((c) => c.head)), rule, ...cells.map(line)].join('\n');
}

/** The same table in GitHub Markdown, every column, nothing cut. */
export function markdownTable<T>(title: string, columns: Column<T>[], rows: T[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${columns.map((c) => esc(c.head)).join(' | ')} |`,
    `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${columns.map((c) => esc(c.cell(r))).join(' | ')} |`),
  ];
  return `**${title}**\n\n${lines.join('\n')}`;
}

/** Text wrapped at spaces to `maxWidth`, each line's indent kept on its continuation lines; words are never split. */
export function wrapWords(text: string, maxWidth: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const out: string[] = [];
      let current = '';
      for (const word of line.trim().split(/ +/)) {
        if (current !== '' && width(current) + 1 + width(word) > maxWidth) {
          out.push(current);
          current = `${indent}  ${word}`;
        } else current = current === '' ? `${indent}${word}` : `${current} ${word}`;
      }
      return [...out, current].join('\n');
    })
    .join('\n');
}
