// cli-table3's tables in linear time (src/report/linear-table.ts), against cli-table3 itself: the same characters for
// every alignment, and every table the fast path does not draw (colours, borders, compact, fixed widths, other
// padding, cells that are not one-line strings or numbers, rows of other lengths, wide characters) left to cli-table3.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Table from 'cli-table3';
import { tableString } from '../src/report/linear-table.js';

/**
 * Which of the two drew the table `make` makes: tableString itself, or cli-table3 (whose toString is swapped for a
 * marker; cli-table3's own output, the expected text, comes from a twin, since its toString stores the widths it
 * found in the table's options).
 */
function drawnBy(make: () => Table.Table): 'tableString' | 'cli-table3' {
  const expected = make().toString();
  const t = make();
  t.toString = () => 'drawn by cli-table3';
  const drawn = tableString(t);
  if (drawn === 'drawn by cli-table3') return 'cli-table3';
  assert.is(drawn, expected);
  return 'tableString';
}

test('tableString should draw what cli-table3 draws, for every alignment and for cells it leaves to cli-table3', () => {
  const make = (cells: (i: number) => (string | number)[]) => {
    const t = new Table({ head: ['id', 'Δ value', 'note ✓'], colAligns: ['left', 'right', 'center'], style: { head: [], border: [] } });
    for (let i = 0; i < 300; i++) t.push(cells(i));
    return t;
  };
  const plain = (i: number) => [`id${i}`, (i * 37) % 1013, i % 7 === 0 ? `${'x'.repeat(i % 30)} → —` : i % 2 ? '✓' : ''];
  assert.is(tableString(make(plain)), make(plain).toString());
  assert.is(drawnBy(() => make(plain)), 'tableString', 'in linear time');
  const wide = (i: number) => [`id${i}`, i, i === 5 ? '日本' : 'ok'];
  assert.is(tableString(make(wide)), make(wide).toString(), 'double-width characters: cli-table3 itself');
  assert.is(drawnBy(() => make(wide)), 'cli-table3');
});

test('tableString should draw small tables as cli-table3 does: an empty cell, numbers, the odd space of a centred cell on the right', () => {
  const small = () => {
    const t = new Table({ head: ['a', 'bb'], colAligns: ['center', 'right'], style: { head: [], border: [] } });
    t.push(['xyzw', 0], ['', -1.5]);
    return t;
  };
  const t = small();
  assert.is(tableString(t), t.toString());
  assert.is(tableString(t), ['┌──────┬──────┐', '│  a   │   bb │', '├──────┼──────┤', '│ xyzw │    0 │', '├──────┼──────┤', '│      │ -1.5 │', '└──────┴──────┘'].join('\n'));
  assert.is(drawnBy(small), 'tableString');
  const head = new Table({ head: ['only'], style: { head: [], border: [] } });
  assert.is(tableString(head), head.toString());
  const explicit = () => {
    const t = new Table({ head: ['a'], colWidths: [null as unknown as number], style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 } });
    t.push(['Greek αβ, arrows →, math ≤, ✓ ✗, Latin é']);
    return t;
  };
  assert.is(drawnBy(explicit), 'tableString', 'widths not fixed, padding 1, one-column characters');
});

test('tableString should leave to cli-table3 every table it does not draw itself', () => {
  const plain = { style: { head: [], border: [] } };
  const cases: [string, Table.TableConstructorOptions][] = [
    ['coloured head and border (the defaults)', { head: ['a'] }],
    ['coloured head', { head: ['a'], style: { border: [] } }],
    ['coloured border', { head: ['a'], style: { head: [], border: ['grey'] } }],
    ['compact', { head: ['a'], style: { head: [], border: [], compact: true } }],
    ['fixed widths', { head: ['a'], colWidths: [8], ...plain }],
    ['padding left', { head: ['a'], style: { head: [], border: [], 'padding-left': 2 } }],
    ['padding right', { head: ['a'], style: { head: [], border: [], 'padding-right': 0 } }],
  ];
  for (const [what, options] of cases) {
    assert.is(drawnBy(() => {
      const twin = new Table(options);
      twin.push(['x'], ['yy']);
      return twin;
    }), 'cli-table3', what);
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
    assert.is(drawnBy(() => {
      const t = new Table({ head: ['a'], ...plain });
      for (const r of rows) t.push(r as never);
      return t;
    }), 'cli-table3', what);
  }
  assert.is(drawnBy(() => {
    const t = new Table({ head: ['a'], ...plain });
    // cli-table3 draws a one-character string row as a vertical table: "│ 0 │ x │"
    (t as unknown as unknown[]).push('x' as never);
    return t;
  }), 'cli-table3', 'a row that is not an array');
  assert.is(drawnBy(() => {
    const t = new Table({ head: [], ...plain });
    t.push([]);
    return t;
  }), 'cli-table3', 'no columns');
});

test.run();
