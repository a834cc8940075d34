// cli-table3's tables in linear time (src/report/linear-table.ts), against cli-table3 itself: the same characters for
// every alignment, and every table the fast path does not draw (colours, borders, compact, fixed widths, other
// padding, cells that are not one-line strings or numbers, rows of other lengths, wide characters) left to cli-table3.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Table from 'cli-table3';
import { tableString } from '../src/report/linear-table.js';

test('tableString should draw what cli-table3 draws, for every alignment and for cells it leaves to cli-table3', () => {
  const make = (cells: (i: number) => (string | number)[]) => {
    const t = new Table({ head: ['id', 'Δ value', 'note ✓'], colAligns: ['left', 'right', 'center'], style: { head: [], border: [] } });
    for (let i = 0; i < 300; i++) t.push(cells(i));
    return t;
  };
  const plain = (i: number) => [`id${i}`, (i * 37) % 1013, i % 7 === 0 ? `${'x'.repeat(i % 30)} → —` : i % 2 ? '✓' : ''];
  assert.is(tableString(make(plain)), make(plain).toString());
  const wide = (i: number) => [`id${i}`, i, i === 5 ? '日本' : 'ok'];
  assert.is(tableString(make(wide)), make(wide).toString(), 'double-width characters: cli-table3 itself');
});

test('tableString should draw small tables as cli-table3 does: an empty cell, numbers, the odd space of a centred cell on the right', () => {
  const t = new Table({ head: ['a', 'bb'], colAligns: ['center', 'right'], style: { head: [], border: [] } });
  t.push(['xyzw', 0], ['', -1.5]);
  assert.is(tableString(t), t.toString());
  assert.is(tableString(t), ['┌──────┬──────┐', '│  a   │   bb │', '├──────┼──────┤', '│ xyzw │    0 │', '├──────┼──────┤', '│      │ -1.5 │', '└──────┴──────┘'].join('\n'));
  const head = new Table({ head: ['only'], style: { head: [], border: [] } });
  assert.is(tableString(head), head.toString());
});

test('tableString should leave to cli-table3 every table it does not draw itself', () => {
  const plain = { style: { head: [], border: [] } };
  const cases: [string, Table.Table][] = [
    ['coloured head', new Table({ head: ['a'] })],
    ['coloured border', new Table({ head: ['a'], style: { head: [], border: ['grey'] } })],
    ['compact', new Table({ head: ['a'], style: { head: [], border: [], compact: true } })],
    ['fixed widths', new Table({ head: ['a'], colWidths: [8], ...plain })],
    ['padding left', new Table({ head: ['a'], style: { head: [], border: [], 'padding-left': 2 } })],
    ['padding right', new Table({ head: ['a'], style: { head: [], border: [], 'padding-right': 0 } })],
  ];
  for (const [what, t] of cases) {
    t.push(['x'], ['yy']);
    const fast = tableString(t);
    assert.is(fast, t.toString(), what);
  }
  const odd: [string, (string | number | object | null)[][]][] = [
    ['a cell that is an object', [[{ content: 'x', colSpan: 1 }]]],
    ['a cell that is null', [[null]]],
    ['a row of another length', [['x', 'y']]],
    ['two lines in a cell', [['x\ny']]],
    ['a wide character', [['日']]],
    ['a tab', [['a\tb']]],
  ];
  for (const [what, rows] of odd) {
    const t = new Table({ head: ['a'], ...plain });
    for (const r of rows) t.push(r as never);
    assert.is(tableString(t), t.toString(), what);
  }
  const notRow = new Table({ head: ['a'], ...plain });
  (notRow as unknown as unknown[]).push('just a string' as never);
  assert.is(tableString(notRow), notRow.toString(), 'a row that is not an array');
  const noColumns = new Table({ head: [], ...plain });
  noColumns.push([]);
  assert.is(tableString(noColumns), noColumns.toString(), 'no columns');
});

test.run();
